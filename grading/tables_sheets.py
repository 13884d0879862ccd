"""Tables of the sheet list and the correction queue (django-tables2); the same columns go to xlsx."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Correction, Sheet


def _teacher(teacher) -> str:
    return (teacher.user.full_name or teacher.user.username) if teacher else "—"


class SheetTable(tables.Table):
    number = tables.LinkColumn("sheet_detail", args=[tables.A("pk")], verbose_name=_("number"))
    discipline_code = tables.Column(verbose_name=_("code"), accessor="discipline__code")
    discipline = tables.Column(
        verbose_name=_("discipline"), accessor="discipline", order_by=("discipline__code",), orderable=True
    )
    term = tables.Column(
        verbose_name=_("term"), accessor="term", order_by=("term__academic_year__start_year", "term__starts_on")
    )
    section = tables.Column(verbose_name=_("section"), accessor="section", orderable=False)
    teacher = tables.Column(
        verbose_name=_("teacher"),
        accessor="teacher",
        order_by=("teacher__user__last_name", "teacher__user__first_name"),
    )
    kind = tables.Column(verbose_name=_("kind"))
    status = tables.Column(verbose_name=_("status"))
    row_count = tables.Column(verbose_name=_("students"), accessor="row_count")

    class Meta:
        model = Sheet
        fields = [
            "number",
            "discipline_code",
            "discipline",
            "term",
            "section",
            "teacher",
            "kind",
            "status",
            "row_count",
        ]
        order_by = ("-term", "number")
        attrs = {"class": "table table-sm table-hover", "id": "sheet-table"}

    def render_discipline(self, value):
        return value.name

    value_discipline = render_discipline

    def render_section(self, value):
        return value.code

    value_section = render_section

    def render_teacher(self, value):
        return _teacher(value)

    value_teacher = render_teacher


class CorrectionTable(tables.Table):
    requested_at = tables.DateTimeColumn(verbose_name=_("requested at"), format="d.m.Y H:i")
    sheet = tables.LinkColumn(
        "sheet_detail", args=[tables.A("row__sheet_id")], accessor="row__sheet__number", verbose_name=_("sheet")
    )
    discipline = tables.Column(verbose_name=_("discipline"), accessor="row__sheet__discipline__code")
    student = tables.Column(
        verbose_name=_("student"),
        accessor="row__student",
        order_by=("row__student__last_name", "row__student__first_name"),
    )
    field = tables.Column(verbose_name=_("cell"))
    change = tables.Column(verbose_name=_("old → new"), accessor="pk", orderable=False)
    reason = tables.Column(verbose_name=_("reason"), orderable=False)
    requested_by = tables.Column(verbose_name=_("requested by"), order_by=("requested_by__last_name",))
    status = tables.Column(verbose_name=_("status"))
    decision = tables.TemplateColumn(
        template_name="grading/sheets/_correction_decide.html",
        verbose_name=_("decision"),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Correction
        fields = [
            "requested_at",
            "sheet",
            "discipline",
            "student",
            "field",
            "change",
            "reason",
            "requested_by",
            "status",
        ]
        order_by = ("-requested_at",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "correction-table"}

    def render_student(self, value):
        return f"{value.full_name} ({value.student_number})"

    value_student = render_student

    def render_field(self, value):
        from .models import SheetRow

        return str(SheetRow._meta.get_field(value).verbose_name)

    value_field = render_field

    def render_change(self, record):
        return f"{record.old_value or '—'} → {record.new_value or '—'}"

    value_change = render_change

    def render_requested_by(self, value):
        return value.full_name or value.username

    value_requested_by = render_requested_by
