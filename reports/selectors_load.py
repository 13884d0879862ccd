"""Teacher load of a term: the planned hours of every teacher (Σ the discipline's lecture, practice and
lab hours of the open sections they teach, `enrollment.selectors_sections.teacher_load`), grouped by
department with subtotals and the total. A dean's office sees its faculties' teachers
(`teachers_visible_to`). One query for the teachers and their hours, one for the departments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from academics.models import Department
from enrollment.choices import SectionKind
from enrollment.selectors_sections import teacher_load, teachers_visible_to

from .selectors_body import Column

KINDS = tuple(SectionKind.values)


def load_columns() -> list[Column]:
    labels = dict(SectionKind.choices)
    columns = []
    for kind in KINDS:
        columns += [Column(f"{kind}_sections", _("sections"), labels[kind]), Column(f"{kind}_hours", _("hours"),
                    labels[kind])]  # fmt: skip
    columns.append(Column("total_hours", _("hours, total")))
    return columns


@dataclass
class LoadLine:
    kind: str  # "row" (a teacher), "department", "total"
    label: str
    values: Counter
    teacher: object = None
    department: object = None

    def cells(self, columns) -> list[int]:
        return [self.values.get(c.key, 0) for c in columns]


@dataclass
class LoadReport:
    term: object
    columns: list[Column]
    lines: list[LoadLine]
    total: LoadLine

    @property
    def rows(self) -> list[LoadLine]:
        return [line for line in self.lines if line.kind == "row"]


def load_report(user, term, *, faculty_ids=None) -> LoadReport:
    teachers = teachers_visible_to(user)
    if faculty_ids is not None:
        teachers = teachers.filter(department__faculty_id__in=faculty_ids)
    columns = load_columns()
    keys = [c.key for c in columns]
    rows = list(teacher_load(term, teachers).order_by("department__code", "user__last_name", "user__first_name", "pk"))
    departments = Department.objects.in_bulk({t.department_id for t in rows})
    lines: list[LoadLine] = []
    total = LoadLine("total", str(_("Total")), Counter())
    current: LoadLine | None = None
    for teacher in rows:
        department = departments.get(teacher.department_id)
        if current is None or current.department != department:
            if current is not None:
                lines.append(current)
            current = LoadLine("department", str(department), Counter(), department=department)
        values = Counter({key: getattr(teacher, key) or 0 for key in keys})
        name = teacher.user.get_full_name() or teacher.user.username
        lines.append(LoadLine("row", name, values, teacher=teacher, department=department))
        current.values.update(values)
        total.values.update(values)
    if current is not None:
        lines.append(current)
    return LoadReport(term, columns, lines, total)


def chart_data(report: LoadReport) -> dict:
    departments = [line for line in report.lines if line.kind == "department"]
    labels = dict(SectionKind.choices)
    return {
        "labels": [line.department.code if line.department else line.label for line in departments],
        "datasets": [
            {"label": str(labels[kind]), "data": [line.values.get(f"{kind}_hours", 0) for line in departments]}
            for kind in KINDS
        ],
        "stacked": True,
    }
