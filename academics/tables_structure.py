"""Tables of the structure and catalogue lists (django-tables2).

`value_*` methods give the xlsx export plain values. The discipline table exports, besides what
the screen shows, exactly the columns of the catalogue import: export, edit, import again.
"""

import re

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import OrderByTuple

from .models import Department, Discipline, Faculty, Programme, Teacher
from .structure_rules import HOURS_FIELDS


class NameColumn(tables.Column):
    """The name in the active language, sorted by that language's field."""

    def __init__(self, prefix: str = "", **kwargs):
        self.prefix = prefix
        kwargs.setdefault("verbose_name", _("Name"))
        super().__init__(accessor=f"{prefix.replace('__', '.')}name", **kwargs)

    @property
    def order_by(self):
        lang = (get_language() or "ru")[:2]
        return OrderByTuple((f"{self.prefix}name_{lang}",))

    @order_by.setter
    def order_by(self, value):
        pass  # fixed by the language; Column.__init__ assigns it


class _ManageLinkTable(tables.Table):
    """A table whose first column links to the edit page for those who may manage."""

    edit_url_name = ""

    def __init__(self, *args, can_manage: bool = False, **kwargs):
        self.can_manage = can_manage
        super().__init__(*args, **kwargs)

    def render_code(self, record, value):
        if self.can_manage:
            return format_html('<a href="{}">{}</a>', reverse(self.edit_url_name, args=[record.pk]), value)
        return value


class FacultyTable(_ManageLinkTable):
    edit_url_name = "faculty_edit"
    code = tables.Column(verbose_name=_("Code"))
    name = NameColumn()
    department_count = tables.Column(verbose_name=_("Departments"))
    programme_count = tables.Column(verbose_name=_("Programmes"))

    class Meta:
        model = Faculty
        fields = ["code", "name", "department_count", "programme_count"]
        order_by = ("code",)


class DepartmentTable(_ManageLinkTable):
    edit_url_name = "department_edit"
    code = tables.Column(verbose_name=_("Code"))
    name = NameColumn()
    faculty = tables.Column(verbose_name=_("Faculty"), accessor="faculty__code", order_by=("faculty__code", "code"))
    teacher_count = tables.Column(verbose_name=_("Teachers"))
    discipline_count = tables.Column(verbose_name=_("Disciplines"))

    class Meta:
        model = Department
        fields = ["code", "name", "faculty", "teacher_count", "discipline_count"]
        order_by = ("code",)


class TeacherTable(tables.Table):
    full_name = tables.Column(
        verbose_name=_("Full name"),
        accessor="user__full_name",
        order_by=("user__last_name", "user__first_name", "user__patronymic"),
    )
    username = tables.Column(verbose_name=_("Username"), accessor="user__username")
    department = tables.Column(
        verbose_name=_("Department"), accessor="department__code", order_by=("department__code",)
    )
    position = tables.Column(verbose_name=_("Position"))
    academic_degree = tables.Column(verbose_name=_("Academic degree"))
    employment = tables.Column(verbose_name=_("Employment"))
    rate = tables.Column(verbose_name=_("Rate"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Teacher
        fields = ["full_name", "username", "department", "position", "academic_degree", "employment", "rate"]
        sequence = (*fields, "is_active")
        order_by = ("full_name",)

    def __init__(self, *args, can_manage: bool = False, **kwargs):
        self.can_manage = can_manage
        super().__init__(*args, **kwargs)

    def render_full_name(self, record, value):
        if self.can_manage:
            return format_html('<a href="{}">{}</a>', reverse("teacher_edit", args=[record.pk]), value)
        return value

    def value_full_name(self, value):
        return value

    def render_academic_degree(self, record):
        return record.get_academic_degree_display() if record.academic_degree else "—"

    def value_academic_degree(self, record):
        return record.get_academic_degree_display() if record.academic_degree else ""


class ProgrammeTable(tables.Table):
    code = tables.LinkColumn("programme_detail", args=[tables.A("pk")], verbose_name=_("Code"))
    name = NameColumn()
    level = tables.Column(verbose_name=_("Level"))
    faculty = tables.Column(verbose_name=_("Faculty"), accessor="faculty__code", order_by=("faculty__code", "code"))
    department = tables.Column(
        verbose_name=_("Department"), accessor="department__code", order_by=("department__code", "code")
    )
    total_credits = tables.Column(verbose_name=_("Credits"))
    duration_years = tables.Column(verbose_name=_("Years"))
    forms = tables.Column(verbose_name=_("Study forms"), accessor="pk", orderable=False)
    languages = tables.Column(verbose_name=_("Languages"), accessor="pk", orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Programme
        fields = ["code", "name", "level", "faculty", "department", "total_credits", "duration_years"]
        sequence = (*fields, "forms", "languages", "is_active")
        order_by = ("code",)

    def render_forms(self, record):
        return ", ".join(
            str(f) for on, f in ((record.full_time, _("full-time")), (record.distance, _("distance"))) if on
        )

    value_forms = render_forms

    def render_languages(self, record):
        return ", ".join(code for code in record.languages)

    value_languages = render_languages


class DisciplineTable(tables.Table):
    """On screen a compact row; in the export exactly the columns of the catalogue import."""

    code = tables.LinkColumn("discipline_detail", args=[tables.A("pk")], verbose_name=_("Code"))
    name = NameColumn(exclude_from_export=True)
    credits = tables.Column(verbose_name=_("Credits (ECTS)"))
    hours = tables.Column(
        verbose_name=_("Hours: lecture / practice / lab / with teacher / self"),
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
    )
    control_form = tables.Column(verbose_name=_("Control form"))
    cycle = tables.Column(verbose_name=_("Cycle"))
    component = tables.Column(verbose_name=_("Component"))
    department = tables.Column(
        verbose_name=_("Department code"), accessor="department__code", order_by=("department__code", "code")
    )
    prerequisites = tables.Column(verbose_name=_("Prerequisites"), accessor="pk", orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("Active"), exclude_from_export=True)
    # Export only (hidden on screen): the remaining import columns.
    name_kk = tables.Column(verbose_name=_("Name (Kazakh)"), visible=False)
    name_ru = tables.Column(verbose_name=_("Name (Russian)"), visible=False)
    name_en = tables.Column(verbose_name=_("Name (English)"), visible=False)
    national_credits = tables.Column(verbose_name=_("National credits"), visible=False)
    hours_lecture = tables.Column(verbose_name=_("Lecture hours"), visible=False)
    hours_practice = tables.Column(verbose_name=_("Practice hours"), visible=False)
    hours_lab = tables.Column(verbose_name=_("Lab hours"), visible=False)
    hours_self_with_teacher = tables.Column(verbose_name=_("Self-study with teacher, hours"), visible=False)
    hours_self = tables.Column(verbose_name=_("Self-study, hours"), visible=False)
    is_physical_education = tables.Column(verbose_name=_("Physical education"), visible=False)

    class Meta:
        model = Discipline
        fields = []
        sequence = (
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "credits",
            "national_credits",
            "hours",
            *HOURS_FIELDS,
            "control_form",
            "cycle",
            "component",
            "department",
            "prerequisites",
            "is_physical_education",
            "is_active",
        )
        order_by = ("code",)
        attrs = {"class": "table table-sm table-hover", "id": "discipline-table"}

    def render_hours(self, record):
        return " / ".join(str(getattr(record, name)) for name in HOURS_FIELDS)

    def render_prerequisites(self, record):
        # Uses the prefetched prerequisites: no query per row.
        return ", ".join(sorted(p.code for p in record.prerequisites.all())) or "—"

    def value_prerequisites(self, record):
        return ", ".join(sorted(p.code for p in record.prerequisites.all()))

    def value_national_credits(self, value):
        return value

    def value_is_physical_education(self, value):
        return _("yes") if value else _("no")

    def render_component(self, record):
        return _short(record.get_component_display())

    def render_cycle(self, record):
        return _short(record.get_cycle_display())

    def value_component(self, record):
        return str(record.get_component_display())

    def value_cycle(self, record):
        return str(record.get_cycle_display())


def _short(label) -> str:
    """'general education (ООД)' on screen as ООД with the full label on hover; the export keeps the label."""
    match = re.search(r"\(([^()]+)\)\s*$", str(label))
    if not match:
        return label
    return format_html('<abbr title="{}">{}</abbr>', label, match.group(1))
