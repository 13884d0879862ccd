"""The summary sheet (сводная ведомость) of an academic group for a term: the group's students ×
the disciplines they were graded in that term, with the letter of each result (the latest attempt in
the term, as the session analysis counts it: `grading.analysis.term_results`), the term GPA (the
GpaSnapshot grading keeps) and the number of unsatisfactory results; per discipline, how many were
graded and how many did not pass.

The students are those in the group on the last day of the term by the status history (active or on
leave then), so a later transfer does not rewrite an old sheet; students who have results in the term
and were in the group then in any status (expelled after the session) are kept too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from academics.models import Discipline
from enrollment.models import Student
from enrollment.selectors import IN_BODY, body_rows_as_of
from grading.analysis import term_results
from grading.models import GpaSnapshot

UNSATISFACTORY = ("FX", "F")


@dataclass
class SummaryLine:
    student: Student
    cells: list  # per discipline: the Result or None
    gpa: Decimal | None
    failed: int
    credits: int


@dataclass
class SummarySheet:
    group: object
    term: object
    disciplines: list
    lines: list[SummaryLine]
    graded: list[int] = field(default_factory=list)  # per discipline
    not_passed: list[int] = field(default_factory=list)
    letters: Counter = field(default_factory=Counter)

    @property
    def average_gpa(self) -> Decimal | None:
        values = [line.gpa for line in self.lines if line.gpa is not None]
        if not values:
            return None
        return (sum(values) / len(values)).quantize(Decimal("0.01"))


def group_summary(user, group, term) -> SummarySheet:
    """Five queries: the members on the term's last day, the results, the disciplines, the students,
    the GPAs."""
    in_group = body_rows_as_of(term.ends_on, status=None, group=group).values_list("student_id", "after")
    members = set()
    others = set()
    for student_id, state in in_group:
        (members if state.get("status") in IN_BODY else others).add(student_id)
    results = list(term_results(user, term).filter(student_id__in=members | others))
    members |= {r.student_id for r in results}
    results = [r for r in results if r.student_id in members]
    disciplines = list(Discipline.objects.filter(pk__in={r.discipline_id for r in results}).order_by("code"))
    students = list(Student.objects.filter(pk__in=members).order_by("last_name", "first_name", "patronymic", "pk"))
    gpas = dict(
        GpaSnapshot.objects.filter(scope="term", term=term, student_id__in=members).values_list("student_id", "gpa")
    )
    by_cell = {(r.student_id, r.discipline_id): r for r in results}
    column = {d.pk: i for i, d in enumerate(disciplines)}
    graded, not_passed = [0] * len(disciplines), [0] * len(disciplines)
    letters: Counter = Counter()
    lines = []
    for student in students:
        cells = [by_cell.get((student.pk, d.pk)) for d in disciplines]
        failed = credits = 0
        for r in cells:
            if r is None:
                continue
            graded[column[r.discipline_id]] += 1
            letters[r.letter] += 1
            if not r.passed:
                failed += 1
                not_passed[column[r.discipline_id]] += 1
            else:
                credits += r.credits
        lines.append(SummaryLine(student, cells, gpas.get(student.pk), failed, credits))
    return SummarySheet(group, term, disciplines, lines, graded, not_passed, letters)
