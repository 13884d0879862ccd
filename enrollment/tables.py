"""Tables of the student file lists (django-tables2); the same columns go to the xlsx export."""

from dataclasses import dataclass

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from registrar import policy

from .models import AcademicGroup, Student


def _teacher_name(teacher) -> str:
    return (teacher.user.full_name or teacher.user.username) if teacher else "—"


@dataclass(frozen=True)
class SelectionAction:
    """Something a later app does with the students ticked in the student list (the orders app:
    "draft an order of a type for them"). The list POSTs the ticked ids as `student` to `url_name`,
    with `field` set to one of `choices` when given. Registered at start-up, so enrollment does not
    import the apps that build on it."""

    url_name: str
    label: str
    action: str  # policy action the user needs
    field: str = ""
    choices: tuple = ()


_SELECTION_ACTIONS: list[SelectionAction] = []


def register_selection_action(action: SelectionAction) -> None:
    if action not in _SELECTION_ACTIONS:
        _SELECTION_ACTIONS.append(action)


def selection_actions_for(user) -> list[dict]:
    shown = []
    for a in _SELECTION_ACTIONS:
        try:
            allowed = policy.may(user, a.action)
            url = reverse(a.url_name)
        except (LookupError, NoReverseMatch):
            continue
        if allowed:
            shown.append({"url": url, "label": a.label, "field": a.field, "choices": a.choices})
    return shown


class StudentTable(tables.Table):
    select = tables.CheckBoxColumn(
        accessor="pk",
        exclude_from_export=True,
        attrs={"input": {"name": "student", "form": "selection-form"}, "th__input": {"id": "select-all"}},
    )
    student_number = tables.LinkColumn("student_detail", args=[tables.A("pk")], verbose_name=_("student ID number"))
    full_name = tables.LinkColumn(
        "student_detail",
        args=[tables.A("pk")],
        verbose_name=_("full name"),
        accessor="full_name",
        order_by=("last_name", "first_name", "patronymic"),
    )
    iin = tables.Column(verbose_name=_("IIN"))
    programme = tables.Column(verbose_name=_("educational programme"), accessor="programme__code")
    year_of_study = tables.Column(verbose_name=_("year"))
    study_form = tables.Column(verbose_name=_("study form"))
    language = tables.Column(verbose_name=_("language"))
    funding = tables.Column(verbose_name=_("funding"))
    group = tables.Column(verbose_name=_("academic group"), accessor="group__name", order_by=("group__name",))
    adviser = tables.Column(
        verbose_name=_("adviser"),
        accessor="adviser",
        order_by=("adviser__user__last_name", "adviser__user__first_name"),
    )
    status = tables.Column(verbose_name=_("status"))

    class Meta:
        model = Student
        fields = [
            "select",
            "student_number",
            "full_name",
            "iin",
            "programme",
            "year_of_study",
            "study_form",
            "language",
            "funding",
            "group",
            "adviser",
            "status",
        ]
        order_by = ("last_name", "first_name")
        attrs = {"class": "table table-sm table-hover", "id": "student-table"}

    def __init__(self, *args, selectable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("select")

    def render_adviser(self, value):
        return _teacher_name(value)

    def value_adviser(self, value):
        return _teacher_name(value)


class GroupTable(tables.Table):
    name = tables.LinkColumn("group_detail", args=[tables.A("pk")], verbose_name=_("name"))
    programme = tables.Column(verbose_name=_("educational programme"), accessor="programme__code")
    intake_year = tables.Column(verbose_name=_("intake year"))
    study_form = tables.Column(verbose_name=_("study form"))
    language = tables.Column(verbose_name=_("language of instruction"))
    curator = tables.Column(
        verbose_name=_("curator"),
        accessor="curator",
        order_by=("curator__user__last_name", "curator__user__first_name"),
    )
    members = tables.Column(verbose_name=_("students"), accessor="members")
    is_active = tables.BooleanColumn(verbose_name=_("active"))

    class Meta:
        model = AcademicGroup
        fields = ["name", "programme", "intake_year", "study_form", "language", "curator", "members", "is_active"]
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover", "id": "group-table"}

    def render_curator(self, value):
        return _teacher_name(value)

    def value_curator(self, value):
        return _teacher_name(value)


class BodyRowTable(tables.Table):
    """Students of the body on a date: identity from today's record, the rest from the state of that date."""

    student_number = tables.LinkColumn("student_detail", args=[tables.A("pk")], verbose_name=_("student ID number"))
    full_name = tables.Column(
        verbose_name=_("full name"), accessor="full_name", order_by=("last_name", "first_name", "patronymic")
    )
    iin = tables.Column(verbose_name=_("IIN"))
    programme = tables.Column(verbose_name=_("educational programme"), accessor="state__programme_id", orderable=False)
    year_of_study = tables.Column(verbose_name=_("year"), accessor="state__year_of_study", orderable=False)
    study_form = tables.Column(verbose_name=_("study form"), accessor="state__study_form", orderable=False)
    language = tables.Column(verbose_name=_("language"), accessor="state__language", orderable=False)
    funding = tables.Column(verbose_name=_("funding"), accessor="state__funding", orderable=False)
    group = tables.Column(verbose_name=_("academic group"), accessor="state__group_id", orderable=False, default="—")
    status = tables.Column(verbose_name=_("status"), accessor="state__status", orderable=False)
    state_since = tables.DateColumn(verbose_name=_("state since"), format="d.m.Y", orderable=False)

    class Meta:
        model = Student
        fields = [
            "student_number",
            "full_name",
            "iin",
            "programme",
            "year_of_study",
            "study_form",
            "language",
            "funding",
            "group",
            "status",
            "state_since",
        ]
        order_by = ("last_name", "first_name")
        attrs = {"class": "table table-sm table-hover", "id": "body-table"}

    def __init__(self, *args, names=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names or {}

    def _name(self, kind, value):
        return self.names.get(kind, {}).get(value, value)

    def render_programme(self, value):
        return self._name("programme", value)

    def render_group(self, value):
        return self._name("group", value)

    def render_study_form(self, value):
        return self._name("study_form", value)

    def render_language(self, value):
        return self._name("language", value)

    def render_funding(self, value):
        return self._name("funding", value)

    def render_status(self, value):
        return self._name("status", value)

    value_programme = render_programme
    value_group = render_group
    value_study_form = render_study_form
    value_language = render_language
    value_funding = render_funding
    value_status = render_status
