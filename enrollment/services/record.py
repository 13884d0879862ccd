"""The writer of the academic record (DESIGN.md: grading records final results through enrollment).

A new result is a new attempt of that discipline for that student (attempt = previous + 1); results
are never deleted, so the transcript keeps superseded attempts (RULES.md §3). An approved correction
of a closed sheet changes the result it produced, and the correction itself is the audit record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from ..choices import ResultSource
from ..models import Result, Student


@dataclass(frozen=True)
class NewResult:
    student_id: int
    discipline_id: int
    term_id: int | None
    credits: int
    score: Decimal | int | None
    letter: str
    points: Decimal | None
    passed: bool
    source: str = ResultSource.SHEET
    national_credits: int | None = None
    original_grade: str = ""
    institution: str = ""
    source_ref: int | None = None


def results_record(*, actor, results: list[NewResult]) -> list[Result]:
    """Write results as the next attempt of each (student, discipline), in one transaction and a
    bounded number of queries (one to read the attempts so far, one bulk insert)."""
    if not results:
        return []
    with transaction.atomic():
        students = {r.student_id for r in results}
        disciplines = {r.discipline_id for r in results}
        # Attempts are numbered per student: lock the students (in id order, so two writers never
        # deadlock) before reading the last attempt numbers.
        list(Student.objects.select_for_update().filter(pk__in=sorted(students)).order_by("pk").values_list("pk"))
        last = {
            (row["student_id"], row["discipline_id"]): row["n"]
            for row in Result.objects.filter(student_id__in=students, discipline_id__in=disciplines)
            .values("student_id", "discipline_id")
            .annotate(n=Max("attempt"))
            .order_by()
        }
        rows = []
        for r in results:
            key = (r.student_id, r.discipline_id)
            last[key] = last.get(key, 0) + 1
            rows.append(
                Result(
                    student_id=r.student_id,
                    discipline_id=r.discipline_id,
                    term_id=r.term_id,
                    attempt=last[key],
                    credits=r.credits,
                    national_credits=r.national_credits,
                    score=r.score,
                    letter=r.letter,
                    points=r.points,
                    passed=r.passed,
                    source=r.source,
                    original_grade=r.original_grade,
                    institution=r.institution,
                    source_ref=r.source_ref,
                    recorded_by=actor,
                )
            )
        return Result.objects.bulk_create(rows)


def result_correct(*, result: Result, score, letter: str, points, passed: bool) -> Result:
    """Apply an approved correction to the result it concerns (the caller keeps the audit record)."""
    result.score, result.letter, result.points, result.passed = score, letter, points, passed
    result.save(update_fields=["score", "letter", "points", "passed"])
    return result
