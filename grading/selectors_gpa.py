"""Reads of GPA and academic standing (RULES.md §4), each in a bounded number of queries.

- `student_gpa_summary(student)`: the GpaSnapshot rows of one student, by term and year, and the
  cumulative one (the adviser's review page and the student's grades page show them).
- `grades_by_term(student)`: the record grouped by term with each term's and year's GPA.
- `rating_queryset(...)`: the academic rating of cohorts (programme, year of study, study form).
- `promotion_queryset(...)`: students below the promotion threshold in force.
- `final_year_students(...)`: whom the honours list checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from academics.models import AcademicYear, Term
from enrollment.choices import StudentStatus
from enrollment.models import Result, Student
from enrollment.policies import dean_faculty_ids
from registrar.selectors import promotion_threshold

from .models import GpaScope, GpaSnapshot

COHORT = ("student__programme_id", "student__year_of_study", "student__study_form")


@dataclass
class GpaSummary:
    cumulative: GpaSnapshot | None = None
    terms: dict[int, GpaSnapshot] = field(default_factory=dict)
    years: dict[int, GpaSnapshot] = field(default_factory=dict)

    @property
    def gpa(self) -> Decimal | None:
        return self.cumulative.gpa if self.cumulative else None

    @property
    def credits_earned(self) -> int:
        return self.cumulative.credits_earned if self.cumulative else 0

    def term_gpa(self, term_id) -> Decimal | None:
        row = self.terms.get(term_id)
        return row.gpa if row else None

    def year_gpa(self, year_id) -> Decimal | None:
        row = self.years.get(year_id)
        return row.gpa if row else None


def student_gpa_summary(student) -> GpaSummary:
    """Every GPA snapshot of `student` (term, academic year, cumulative). One query."""
    summary = GpaSummary()
    for row in GpaSnapshot.objects.filter(student_id=getattr(student, "pk", student)):
        if row.scope == GpaScope.CUMULATIVE:
            summary.cumulative = row
        elif row.scope == GpaScope.TERM:
            summary.terms[row.term_id] = row
        else:
            summary.years[row.academic_year_id] = row
    return summary


@dataclass
class TermGrades:
    term: Term | None
    rows: list = field(default_factory=list)
    gpa: GpaSnapshot | None = None
    year_gpa: GpaSnapshot | None = None
    year_ends: bool = False  # the last term of its academic year in this record: show the year's GPA


def grades_by_term(student) -> tuple[list[TermGrades], GpaSummary]:
    """The student's results grouped by term in calendar order (results recognised from elsewhere,
    without a term, last), each term with its GPA and, after the last term of each academic year,
    that year's GPA. Two queries."""
    summary = student_gpa_summary(student)
    results = (
        Result.objects.filter(student=student)
        .select_related("discipline", "term__academic_year")
        .order_by(F("term__starts_on").asc(nulls_last=True), "discipline__code", "attempt")
    )
    groups: list[TermGrades] = []
    latest: dict[int, int] = {}
    latest_in_term: dict[tuple, int] = {}
    for result in results:
        latest[result.discipline_id] = max(latest.get(result.discipline_id, 0), result.attempt)
        key = (result.discipline_id, result.term_id)
        latest_in_term[key] = max(latest_in_term.get(key, 0), result.attempt)
        if not groups or groups[-1].term != result.term:
            groups.append(TermGrades(term=result.term, gpa=summary.terms.get(result.term_id)))
        groups[-1].rows.append(result)
    for result in (r for g in groups for r in g.rows):
        # Replaced within its term (an FX retaken): not in the term GPA. Replaced later (re-study):
        # still in its term's GPA, not in the year's (if another year) nor the cumulative one.
        result.superseded = result.attempt < latest_in_term[(result.discipline_id, result.term_id)]
        result.restudied = not result.superseded and result.attempt < latest[result.discipline_id]
    for i, group in enumerate(groups):
        if group.term is None:
            continue
        following = groups[i + 1].term if i + 1 < len(groups) else None
        if following is None or following.academic_year_id != group.term.academic_year_id:
            group.year_ends = True
            group.year_gpa = summary.years.get(group.term.academic_year_id)
    return groups, summary


# --- academic rating ---------------------------------------------------------------------------------


def visible_snapshots(user, queryset=None):
    """Snapshots of the students `user` may list: the office all, a dean's office its faculties."""
    qs = GpaSnapshot.objects.all() if queryset is None else queryset
    faculties = dean_faculty_ids(user)
    if faculties is None:
        return qs
    return qs.filter(student__programme__faculty_id__in=faculties)


def rating_queryset(user, *, term: Term | None):
    """Active students with a GPA for `term` (None: cumulative), ranked within their cohort
    (programme, year of study, study form): GPA descending, then total credits earned, then name
    (RULES.md §4), so ranks are distinct. Filters that narrow to whole cohorts (faculty, programme,
    year, form) keep the ranks; the rank is computed in SQL (a window function), one query a page."""
    if term is None:
        qs = GpaSnapshot.objects.filter(scope=GpaScope.CUMULATIVE).annotate(total_earned=F("credits_earned"))
    else:
        # The cumulative row of the same student, joined (one hash join, not a subquery per row).
        qs = GpaSnapshot.objects.filter(scope=GpaScope.TERM, term=term).annotate(
            cumulative=FilteredRelation("student__gpas", condition=Q(student__gpas__scope=GpaScope.CUMULATIVE)),
            total_earned=F("cumulative__credits_earned"),
        )
    qs = visible_snapshots(user, qs).filter(gpa__isnull=False, student__status=StudentStatus.ACTIVE)
    return qs.select_related("student__programme", "student__group").annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F(c) for c in COHORT],
            order_by=[
                F("gpa").desc(),
                F("total_earned").desc(nulls_last=True),
                F("student__last_name").asc(),
                F("student__first_name").asc(),
                F("student__patronymic").asc(),
                F("student_id").asc(),
            ],
        )
    )


def terms_with_gpa():
    """Terms that have GPA snapshots, newest first (the rating's period choices). One query."""
    ids = GpaSnapshot.objects.filter(scope=GpaScope.TERM).values("term_id").distinct()
    return Term.objects.filter(pk__in=ids).select_related("academic_year").order_by("-starts_on")


def years_with_gpa():
    ids = GpaSnapshot.objects.filter(scope=GpaScope.YEAR).values("academic_year_id").distinct()
    return AcademicYear.objects.filter(pk__in=ids).order_by("-start_year")


# --- promotion -------------------------------------------------------------------------------------


def thresholds_for(academic_year: AcademicYear, combos) -> dict[tuple[str, int], Decimal]:
    """The promotion threshold in force for each (level, year of study) in `combos`
    (registrar.selectors.promotion_threshold: that year's, else the latest earlier one)."""
    found = {}
    for level, year in sorted(set(combos)):
        value = promotion_threshold(academic_year.start_year, level, year)
        if value is not None:
            found[(level, year)] = value
    return found


def promotion_queryset(user, *, academic_year: AcademicYear):
    """Active students whose GPA of `academic_year` is below the promotion threshold in force for
    their level and year of study (RULES.md §4). Exactly at the threshold is promoted. The threshold
    is a column (a CASE over the few level/year combinations), so the list is one query a page."""
    students = Student.objects.filter(status=StudentStatus.ACTIVE)
    faculties = dean_faculty_ids(user)
    if faculties is not None:
        students = students.filter(programme__faculty_id__in=faculties)
    combos = students.values_list("programme__level", "year_of_study").distinct().order_by()
    thresholds = thresholds_for(academic_year, combos)
    cases = [
        When(student__programme__level=level, student__year_of_study=year, then=Value(value))
        for (level, year), value in thresholds.items()
    ]
    qs = visible_snapshots(user).filter(
        scope=GpaScope.YEAR, academic_year=academic_year, student__status=StudentStatus.ACTIVE
    )
    if not cases:
        return qs.none().annotate(threshold=Value(None, output_field=DecimalField()))
    threshold = Case(*cases, default=Value(None), output_field=DecimalField(max_digits=3, decimal_places=2))
    return (
        qs.annotate(threshold=threshold)
        .filter(Q(threshold__isnull=False) & Q(gpa__isnull=False) & Q(gpa__lt=F("threshold")))
        .select_related("student__programme", "student__group")
    )


# --- honours ---------------------------------------------------------------------------------------


def final_year_students(user):
    """Active students in the final year of their programme (year of study ≥ the programme's
    duration, rounded up) whom `user` may list."""
    qs = Student.objects.filter(status=StudentStatus.ACTIVE).select_related("programme", "group")
    faculties = dean_faculty_ids(user)
    if faculties is not None:
        qs = qs.filter(programme__faculty_id__in=faculties)
    # duration 4 → year 4; 1.5 → year 2 (ceil): year_of_study ≥ duration is the same test.
    return qs.filter(year_of_study__gte=F("programme__duration_years"))


def is_final_year(student) -> bool:
    return student.year_of_study >= student.programme.duration_years


def honours_queryset(user, rules):
    """Final-year students with `eligible` computed in SQL by the same conditions as
    `grading.rating.honours_verdict` (with no retake ever, every discipline has one result, so "the
    latest letter" is "every letter"), and the cumulative GPA. The page explains the verdict of the
    students it shows with `honours_check_many`."""
    from academics.choices import ControlForm, Cycle

    from .rating import RETAKE_SOURCES

    mine = Result.objects.filter(student_id=OuterRef("pk"))
    attestation = Q(discipline__control_form=ControlForm.FINAL_ATTESTATION) | Q(
        discipline__cycle=Cycle.FINAL_ATTESTATION
    )
    retaken = Exists(mine.filter(Q(attempt__gt=1) | Q(source__in=RETAKE_SOURCES) | Q(passed=False)))
    low = Exists(mine.filter(points__isnull=False).exclude(letter__in=rules.allowed_letters))
    attested = Exists(mine.filter(attestation, letter__in=rules.attestation_letters))
    badly_attested = Exists(mine.filter(attestation).exclude(letter__in=rules.attestation_letters))
    cumulative = GpaSnapshot.objects.filter(student_id=OuterRef("pk"), scope=GpaScope.CUMULATIVE)
    return (
        final_year_students(user)
        .annotate(cumulative_gpa=Subquery(cumulative.values("gpa")[:1]))
        .annotate(
            eligible=ExpressionWrapper(
                Q(cumulative_gpa__gte=rules.min_gpa) & ~Q(retaken) & ~Q(low) & Q(attested) & ~Q(badly_attested),
                output_field=BooleanField(),
            )
        )
    )
