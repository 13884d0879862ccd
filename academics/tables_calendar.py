"""Tables of the calendar list pages (django-tables2); `value_*` give the xlsx export plain text."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registrar.dates import academic_year_label

from .models import AcademicYear, CalendarPeriod
from .selectors_calendar import kind_colour


def kind_badge(period) -> str:
    return format_html(
        '<span class="badge" style="background-color:{}">{}</span>', kind_colour(period.kind), period.get_kind_display()
    )


class AcademicYearTable(tables.Table):
    label = tables.LinkColumn(
        "academic_year_detail",
        args=[tables.A("pk")],
        verbose_name=_("Academic year"),
        accessor="start_year",
        order_by=("start_year",),
    )
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), format="d.m.Y")
    ends_on = tables.DateColumn(verbose_name=_("Ends on"), format="d.m.Y")
    term_count = tables.Column(verbose_name=_("Terms"))
    period_count = tables.Column(verbose_name=_("Calendar periods"))

    class Meta:
        model = AcademicYear
        fields = ["label", "starts_on", "ends_on", "term_count", "period_count"]
        order_by = ("-label",)

    def render_label(self, value):
        return academic_year_label(value)

    def value_label(self, value):
        return academic_year_label(value)


class CalendarPeriodTable(tables.Table):
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), format="d.m.Y")
    ends_on = tables.DateColumn(verbose_name=_("Ends on"), format="d.m.Y")
    kind = tables.Column(verbose_name=_("Kind"))
    name = tables.Column(verbose_name=_("Name"), default="")
    term = tables.Column(verbose_name=_("Term"), accessor="term__kind", default="—")
    scope = tables.Column(
        verbose_name=_("For whom"), accessor="scope_label", order_by=("study_form", "year_of_study"), orderable=True
    )
    academic_year = tables.Column(verbose_name=_("Academic year"), order_by=("academic_year__start_year",))

    class Meta:
        model = CalendarPeriod
        fields = ["starts_on", "ends_on", "kind", "name", "term", "scope", "academic_year"]
        order_by = ("starts_on",)
        row_attrs = {"data-kind": lambda record: record.kind}

    def render_kind(self, record):
        return kind_badge(record)

    def value_kind(self, record):
        return record.get_kind_display()

    def render_term(self, record):
        return record.term.get_kind_display() if record.term_id else "—"

    def value_term(self, record):
        return record.term.get_kind_display() if record.term_id else ""
