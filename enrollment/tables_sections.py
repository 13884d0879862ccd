"""Tables of the sections pages (django-tables2); the same columns go to the xlsx export."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from academics.models import Teacher

from .models import Section


def _teacher_name(teacher) -> str:
    return (teacher.user.full_name or teacher.user.username) if teacher else "—"


class SectionTable(tables.Table):
    code = tables.LinkColumn(
        "section_detail",
        args=[tables.A("pk")],
        verbose_name=_("section"),
        accessor="code",
        order_by=("discipline__code", "language", "kind_rank", "number"),
    )
    discipline = tables.Column(
        verbose_name=_("discipline"), accessor="discipline__name", order_by=("discipline__code",)
    )
    term = tables.Column(verbose_name=_("term"), accessor="term", order_by=("term__starts_on",))
    kind = tables.Column(verbose_name=_("kind"))
    language = tables.Column(verbose_name=_("language of instruction"))
    parent = tables.Column(verbose_name=_("part of"), accessor="parent", orderable=False, default="—")
    teacher = tables.Column(
        verbose_name=_("teacher"),
        accessor="teacher",
        order_by=("teacher__user__last_name", "teacher__user__first_name"),
    )
    seats_taken = tables.Column(verbose_name=_("students"))
    capacity = tables.Column(verbose_name=_("seats"))
    status = tables.Column(verbose_name=_("status"))

    class Meta:
        model = Section
        fields = [
            "code",
            "discipline",
            "term",
            "kind",
            "language",
            "parent",
            "teacher",
            "seats_taken",
            "capacity",
            "status",
        ]
        order_by = ("code",)
        attrs = {"class": "table table-sm table-hover", "id": "section-table"}

    def render_parent(self, value):
        return value.code

    def value_parent(self, value):
        return value.code if value else ""

    def render_teacher(self, value):
        return _teacher_name(value)

    def value_teacher(self, value):
        return _teacher_name(value)


class TeacherLoadTable(tables.Table):
    """One teacher's planned load in a term: sections and hours by kind (hours = Σ discipline hours)."""

    teacher = tables.Column(
        verbose_name=_("teacher"), accessor="user__full_name", order_by=("user__last_name", "user__first_name")
    )
    department = tables.Column(verbose_name=_("department"), accessor="department__code")
    position = tables.Column(verbose_name=_("position"))
    rate = tables.Column(verbose_name=_("rate"))
    lecture_sections = tables.Column(verbose_name=_("lecture streams"))
    lecture_hours = tables.Column(verbose_name=_("lecture hours"))
    practice_sections = tables.Column(verbose_name=_("practice groups"))
    practice_hours = tables.Column(verbose_name=_("practice hours"))
    lab_sections = tables.Column(verbose_name=_("lab subgroups"))
    lab_hours = tables.Column(verbose_name=_("lab hours"))
    total_hours = tables.Column(verbose_name=_("total hours"), attrs={"td": {"class": "fw-semibold"}})

    class Meta:
        model = Teacher
        fields = [
            "teacher",
            "department",
            "position",
            "rate",
            "lecture_sections",
            "lecture_hours",
            "practice_sections",
            "practice_hours",
            "lab_sections",
            "lab_hours",
            "total_hours",
        ]
        order_by = ("department", "teacher")
        attrs = {"class": "table table-sm table-hover", "id": "load-table"}

    def render_teacher(self, record):
        return record.user.full_name or record.user.username

    def value_teacher(self, record):
        return record.user.full_name or record.user.username
