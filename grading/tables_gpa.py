"""Tables of the rating, promotion, honours and debtor lists (django-tables2); the same columns go to
the xlsx export."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from enrollment.choices import Funding


class _SnapshotStudentTable(tables.Table):
    """Rows are GpaSnapshot objects with the student (and programme, group) selected."""

    student_number = tables.Column(verbose_name=_("student ID number"), accessor="student__student_number")
    full_name = tables.LinkColumn(
        "student_grades",
        args=[tables.A("student_id")],
        verbose_name=_("full name"),
        accessor="student__full_name",
        order_by=("student__last_name", "student__first_name", "student__patronymic"),
    )
    programme = tables.Column(verbose_name=_("educational programme"), accessor="student__programme__code")
    year_of_study = tables.Column(verbose_name=_("year"), accessor="student__year_of_study")
    study_form = tables.Column(verbose_name=_("study form"), accessor="student__study_form")
    group = tables.Column(
        verbose_name=_("academic group"), accessor="student__group__name", order_by=("student__group__name",)
    )

    def render_study_form(self, record):
        return record.student.get_study_form_display()

    def value_study_form(self, record):
        return str(record.student.get_study_form_display())


class RatingTable(_SnapshotStudentTable):
    rank = tables.Column(verbose_name=_("place"), attrs={"td": {"class": "rank"}})
    gpa = tables.Column(verbose_name=_("GPA"), attrs={"td": {"class": "gpa fw-semibold"}})
    credits = tables.Column(verbose_name=_("credits counted in GPA"))
    total_earned = tables.Column(verbose_name=_("credits earned in all"), default=0)

    class Meta:
        sequence = (
            "rank",
            "student_number",
            "full_name",
            "programme",
            "year_of_study",
            "study_form",
            "group",
            "gpa",
            "credits",
            "total_earned",
        )
        order_by = ("programme", "year_of_study", "study_form", "rank")
        attrs = {"class": "table table-sm table-hover", "id": "rating-table"}


def _consequence(funding: str) -> str:
    if funding == Funding.STATE_GRANT:
        return str(_("repeat year; loses the state grant"))
    return str(_("repeat year (fee-paying)"))


class PromotionTable(_SnapshotStudentTable):
    select = tables.CheckBoxColumn(
        accessor="student_id",
        exclude_from_export=True,
        attrs={"input": {"name": "student", "form": "selection-form"}, "th__input": {"id": "select-all"}},
    )
    funding = tables.Column(verbose_name=_("funding"), accessor="student__funding")
    gpa = tables.Column(verbose_name=_("GPA of the year"), attrs={"td": {"class": "gpa fw-semibold text-danger"}})
    threshold = tables.Column(verbose_name=_("promotion threshold"), attrs={"td": {"class": "threshold"}})
    consequence = tables.Column(verbose_name=_("consequence"), accessor="student__funding", orderable=False)

    class Meta:
        sequence = (
            "select",
            "student_number",
            "full_name",
            "programme",
            "year_of_study",
            "study_form",
            "group",
            "funding",
            "gpa",
            "threshold",
            "consequence",
        )
        order_by = ("programme", "year_of_study", "gpa")
        attrs = {"class": "table table-sm table-hover", "id": "promotion-table"}

    def __init__(self, *args, selectable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("select")

    def render_funding(self, record):
        return record.student.get_funding_display()

    def value_funding(self, record):
        return str(record.student.get_funding_display())

    def render_consequence(self, record):
        # The record, not the value: django-tables2 passes a choices field's label as the value.
        return _consequence(record.student.funding)

    value_consequence = render_consequence


class HonoursTable(tables.Table):
    """Rows are students annotated with `cumulative_gpa` and `eligible`; `reasons` come from the view
    for the rows shown (and for every row in the export)."""

    student_number = tables.Column(verbose_name=_("student ID number"))
    full_name = tables.LinkColumn(
        "student_grades",
        args=[tables.A("pk")],
        verbose_name=_("full name"),
        accessor="full_name",
        order_by=("last_name", "first_name", "patronymic"),
    )
    programme = tables.Column(verbose_name=_("educational programme"), accessor="programme__code")
    group = tables.Column(verbose_name=_("academic group"), accessor="group__name", order_by=("group__name",))
    cumulative_gpa = tables.Column(verbose_name=_("cumulative GPA"))
    eligible = tables.BooleanColumn(verbose_name=_("eligible for honours"), attrs={"td": {"class": "eligible"}})
    reasons = tables.Column(verbose_name=_("why not"), accessor="pk", orderable=False, attrs={"td": {"class": "small"}})

    class Meta:
        sequence = ("student_number", "full_name", "programme", "group", "cumulative_gpa", "eligible", "reasons")
        order_by = ("-eligible", "-cumulative_gpa")
        attrs = {"class": "table table-sm table-hover", "id": "honours-table"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reasons = None

    def _reasons_of(self, pk) -> list[str]:
        """The verdicts of the rows on this page (or of every row when exported), read once: four
        queries whatever the number of rows."""
        if self._reasons is None:
            from .services.gpa import honours_check_many

            page = getattr(self, "page", None)
            records = [row.record for row in page.object_list] if page is not None else list(self.data)
            self._reasons = {k: v.reasons for k, v in honours_check_many([r.pk for r in records]).items()}
        return self._reasons.get(pk, [])

    def render_reasons(self, value):
        return " ".join(self._reasons_of(value)) or "—"

    value_reasons = render_reasons

    def value_eligible(self, value):
        return str(_("yes") if value else _("no"))


class DebtorTable(tables.Table):
    student_number = tables.Column(verbose_name=_("student ID number"), accessor="student__student_number")
    full_name = tables.LinkColumn(
        "student_grades",
        args=[tables.A("student_id")],
        verbose_name=_("full name"),
        accessor="student__full_name",
        order_by=("student__last_name", "student__first_name", "student__patronymic"),
    )
    group = tables.Column(
        verbose_name=_("academic group"), accessor="student__group__name", order_by=("student__group__name",)
    )
    programme = tables.Column(verbose_name=_("educational programme"), accessor="student__programme__code")
    code = tables.Column(verbose_name=_("code"), accessor="discipline__code")
    discipline = tables.Column(verbose_name=_("discipline"), accessor="discipline", order_by=("discipline__code",))
    credits = tables.Column(verbose_name=_("credits"))
    term = tables.Column(
        verbose_name=_("term"), accessor="term", order_by=("term__academic_year__start_year", "term__starts_on")
    )
    letter = tables.Column(verbose_name=_("letter grade"), attrs={"td": {"class": "fw-semibold text-danger"}})
    attempt = tables.Column(verbose_name=_("attempt"))

    class Meta:
        sequence = (
            "student_number",
            "full_name",
            "group",
            "programme",
            "code",
            "discipline",
            "credits",
            "term",
            "letter",
            "attempt",
        )
        order_by = ("group", "full_name", "code")
        attrs = {"class": "table table-sm table-hover", "id": "debtor-table"}

    def render_discipline(self, value):
        return value.name

    value_discipline = render_discipline

    def render_term(self, value):
        return str(value) if value else "—"

    value_term = render_term
