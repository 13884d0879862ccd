"""Session analysis (анализ сессии): absolute progress and quality per group, programme, faculty and
teacher for a term, the debtors, and the grade distribution. Read-only; each a bounded number of
queries (the counting per student happens in SQL, the grouping of those per-student lines in Python).

- A term's result of a discipline is its latest attempt in that term (an FX retaken in the term counts
  as the retake's grade), as for the term GPA.
- Absolute progress: the share of students without an unsatisfactory result (FX, F, not passed).
- Quality: the share of students without an unsatisfactory result whose graded results are all A or B
  (A, A-, B+, B, B-); pass/fail results do not spoil it.
- For a teacher the unit is a student's result in a discipline of the teacher's sheets (the teacher
  of the sheet that produced the result), not a student.
- Debtors: students whose latest attempt of a discipline, over all terms, is not passed.
- A dean's office sees its own faculties only (`enrollment.policies.dean_faculty_ids`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from academics.models import Faculty, Programme, Teacher, Term
from enrollment.choices import ResultSource
from enrollment.models import AcademicGroup, Result
from enrollment.policies import dean_faculty_ids
from registrar.selectors import grade_scale

from .models import SheetRow
from .rating import Tally

GROUPINGS = ("faculty", "programme", "group", "teacher")
QUALITY = Q(letter__startswith="A") | Q(letter__startswith="B")
SHEET_SOURCES = (ResultSource.SHEET, ResultSource.RETAKE, ResultSource.SUMMER)


def _visible(user, qs):
    faculties = dean_faculty_ids(user)
    if faculties is None:
        return qs
    return qs.filter(student__programme__faculty_id__in=faculties)


def term_results(user, term: Term):
    """The latest attempt in `term` of each (student, discipline) among the results `user` may see."""
    later = Result.objects.filter(
        student_id=OuterRef("student_id"),
        discipline_id=OuterRef("discipline_id"),
        term_id=OuterRef("term_id"),
        attempt__gt=OuterRef("attempt"),
    )
    return _visible(user, Result.objects.filter(term=term)).exclude(Exists(later))


def session_terms():
    """Terms with results, newest first."""
    ids = Result.objects.filter(term__isnull=False).values("term_id").distinct()
    return Term.objects.filter(pk__in=ids).select_related("academic_year").order_by("-starts_on")


@dataclass
class Analysis:
    term: Term
    by: str
    lines: list[Tally] = field(default_factory=list)
    total: Tally | None = None


def _labels(by: str, keys) -> dict:
    keys = [k for k in keys if k is not None]
    if by == "group":
        return {g.pk: g.name for g in AcademicGroup.objects.filter(pk__in=keys)}
    if by == "programme":
        return {p.pk: f"{p.code} {p.name}" for p in Programme.objects.filter(pk__in=keys)}
    if by == "faculty":
        return {f.pk: f.name for f in Faculty.objects.filter(pk__in=keys)}
    return {
        t.pk: t.user.full_name or t.user.username for t in Teacher.objects.filter(pk__in=keys).select_related("user")
    }


STUDENT_KEY = {
    "group": "student__group_id",
    "programme": "student__programme_id",
    "faculty": "student__programme__faculty_id",
}


def session_analysis(user, term: Term, by: str = "faculty") -> Analysis:
    """Progress and quality of `term` per line of `by` (faculty, programme, group or teacher), with the
    total. Three queries: the per-student (or per-result) counts, the line labels, nothing else."""
    if by not in GROUPINGS:
        by = "faculty"
    results = term_results(user, term)
    tallies: dict[object, Tally] = {}
    total = Tally(None, _("Total"))
    if by == "teacher":
        teacher = SheetRow.objects.filter(pk=OuterRef("source_ref")).values("sheet__teacher_id")[:1]
        rows = (
            results.filter(source__in=SHEET_SOURCES)
            .annotate(teacher_id=Subquery(teacher))
            .values_list("teacher_id", "passed", "letter", "points")
        )
        for key, passed, letter, points in rows:
            quality = points is None or letter[:1] in ("A", "B")
            tallies.setdefault(key, Tally(key, "")).add(failed=not passed, only_quality=quality)
            total.add(failed=not passed, only_quality=quality)
    else:
        rows = (
            results.values("student_id", key=F(STUDENT_KEY[by]))
            .annotate(
                failed=Count("pk", filter=Q(passed=False)),
                below=Count("pk", filter=Q(points__isnull=False) & ~QUALITY),
            )
            .order_by()
        )
        for row in rows:
            failed, quality = row["failed"] > 0, row["below"] == 0
            tallies.setdefault(row["key"], Tally(row["key"], "")).add(failed=failed, only_quality=quality)
            total.add(failed=failed, only_quality=quality)
    labels = _labels(by, tallies)
    for key, tally in tallies.items():
        tally.label = labels.get(key) or (_("no teacher") if by == "teacher" else _("no group"))
    lines = sorted(tallies.values(), key=lambda t: (t.key is None, t.label))
    return Analysis(term=term, by=by, lines=lines, total=total)


def grade_distribution(user, term: Term) -> list[dict]:
    """How many of the term's results got each letter, in the order of the scale (then pass/fail
    marks). One query for the counts, one for the scale."""
    counts = Counter(dict(term_results(user, term).values_list("letter").annotate(n=Count("pk")).order_by()))
    letters = [b.letter for b in grade_scale()]
    letters += sorted(letter for letter in counts if letter not in letters)
    total = sum(counts.values())
    return [
        {
            "letter": letter,
            "count": counts.get(letter, 0),
            "share": (counts.get(letter, 0) * 100 / total) if total else 0,
        }
        for letter in letters
    ]


def debtors_queryset(user):
    """Results that are the latest attempt of their discipline for the student and are not passed:
    academic debts not yet made up (RULES.md §3)."""
    later = Result.objects.filter(
        student_id=OuterRef("student_id"), discipline_id=OuterRef("discipline_id"), attempt__gt=OuterRef("attempt")
    )
    qs = Result.objects.filter(passed=False).exclude(Exists(later))
    return _visible(user, qs).select_related(
        "student__group", "student__programme", "discipline", "term__academic_year"
    )
