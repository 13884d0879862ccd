"""Reads of the registrar's side of course registration: the term the office works on, progress counts
per programme and year of study, and the students to chase.

Counts come from aggregate queries (GROUP BY status, programme, year), so the progress page runs the
same few queries whatever the number of programmes, students or plans.

"Missing" are the students expected to register who have no plan for the term: active students whose
year of study in that term (today's year moved by the academic years between now and the term, as
`services.registration.plan_position` computes it) is within their programme's years.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academics.calendar_rules import PeriodScope
from academics.choices import PeriodKind, TermKind
from academics.models import CalendarPeriod, Programme, Term
from registrar.dates import academic_year_of

from .choices import PlanStatus, StudentStatus
from .models import PlanItem, Student, StudyPlan

MISSING = "missing"
MISSING_LABEL = _("no plan yet")
# Columns of the progress table, in the order a plan moves (and "missing" last).
COLUMNS = (
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.RETURNED,
    PlanStatus.APPROVED,
    PlanStatus.LOCKED,
    MISSING,
)
# Bootstrap colours of the bars (and the chart), one per column.
COLOURS = {
    PlanStatus.DRAFT: ("secondary", "#6c757d"),
    PlanStatus.SUBMITTED: ("info", "#0dcaf0"),
    PlanStatus.RETURNED: ("warning", "#ffc107"),
    PlanStatus.APPROVED: ("success", "#198754"),
    PlanStatus.LOCKED: ("primary", "#0d6efd"),
    MISSING: ("danger", "#dc3545"),
}


def column_label(status: str) -> str:
    return str(MISSING_LABEL) if status == MISSING else str(PlanStatus(status).label)


def state_choices() -> list[tuple[str, str]]:
    return [(s, column_label(s)) for s in COLUMNS]


# --- the term ----------------------------------------------------------------------------------------


def terms():
    """Terms to choose from, newest first."""
    return Term.objects.select_related("academic_year").order_by("-starts_on")


def registration_term(today: datetime.date | None = None) -> Term | None:
    """The term the office works on: the one whose registration window is open today (the window
    closing first), else the next autumn or spring term to start, else the latest term that has started.
    (The summer term is chosen explicitly: registering for it is optional.) One query."""
    today = today or timezone.localdate()
    open_windows = CalendarPeriod.objects.filter(
        kind=PeriodKind.REGISTRATION, term=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
    ).order_by("ends_on")
    candidates = list(terms().annotate(window_ends=Subquery(open_windows.values("ends_on")[:1])))
    open_now = [t for t in candidates if t.window_ends is not None]
    if open_now:
        return min(open_now, key=lambda t: (t.kind == TermKind.SUMMER, t.window_ends, t.starts_on))
    ahead = [t for t in candidates if t.kind != TermKind.SUMMER and t.starts_on > today]
    if ahead:
        return min(ahead, key=lambda t: t.starts_on)
    started = [t for t in candidates if t.starts_on <= today]
    return started[0] if started else (candidates[-1] if candidates else None)


@dataclass
class Window:
    """The registration window of a term as the office sees it: open now, or the last/next one."""

    open: CalendarPeriod | None
    last: CalendarPeriod | None
    next: CalendarPeriod | None


def registration_window(term: Term, today: datetime.date | None = None) -> Window:
    """One query: every registration period of the term (any scope)."""
    from academics.calendar_rules import applies_to

    today = today or timezone.localdate()
    periods = [
        p
        for p in CalendarPeriod.objects.filter(kind=PeriodKind.REGISTRATION, term=term).order_by("starts_on")
        if applies_to(p, PeriodScope(term=term.pk))
    ]
    open_now = [p for p in periods if p.starts_on <= today <= p.ends_on]
    past = [p for p in periods if p.ends_on < today]
    ahead = [p for p in periods if p.starts_on > today]
    return Window(
        open=max(open_now, key=lambda p: p.ends_on) if open_now else None,
        last=max(past, key=lambda p: p.ends_on) if past else None,
        next=ahead[0] if ahead else None,
    )


def year_offset(term: Term, today: datetime.date | None = None) -> int:
    """Years to add to a student's year of study today to get their year of study in `term`."""
    return term.academic_year.start_year - academic_year_of(today or timezone.localdate())


def _expected(offset: int, term: Term) -> Q:
    """Active students whose year of study in the term lies within their programme's years; nobody
    for a summer term (registering for it is optional)."""
    if term.kind == TermKind.SUMMER:
        return Q(pk__in=[])
    return Q(
        status=StudentStatus.ACTIVE,
        year_of_study__gte=1 - offset,
        year_of_study__lt=F("programme__duration_years") + 1 - offset,
    )


# --- progress ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    status: str
    count: int
    percent: float
    url: str

    @property
    def label(self) -> str:
        return column_label(self.status)

    @property
    def colour(self) -> str:
        return COLOURS[self.status][0]


@dataclass
class ProgressRow:
    programme: Programme | None  # None: the totals row
    year: int | None
    counts: dict[str, int] = field(default_factory=dict)
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done_percent(self) -> float:
        """Approved or locked: the plans the office has nothing more to do about."""
        done = self.counts.get(PlanStatus.APPROVED, 0) + self.counts.get(PlanStatus.LOCKED, 0)
        return _percent(done, self.total)


@dataclass
class Progress:
    term: Term
    rows: list[ProgressRow]
    totals: ProgressRow

    def chart(self) -> dict:
        """Data for the stacked bar chart: one bar per programme (its years summed)."""
        by_programme: dict[int, ProgressRow] = {}
        for row in self.rows:
            merged = by_programme.setdefault(row.programme.pk, ProgressRow(row.programme, None))
            for status, n in row.counts.items():
                merged.counts[status] = merged.counts.get(status, 0) + n
        rows = list(by_programme.values())
        return {
            "labels": [r.programme.code for r in rows],
            "datasets": [
                {
                    "label": column_label(status),
                    "data": [r.counts.get(status, 0) for r in rows],
                    "backgroundColor": COLOURS[status][1],
                }
                for status in COLUMNS
            ],
        }


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def registration_progress(
    term: Term,
    *,
    faculty_ids=None,
    programme: Programme | None = None,
    list_url: str = "",
    today: datetime.date | None = None,
) -> Progress:
    """Plans of `term` by status and the students still missing one, per programme × year of study.

    `faculty_ids` limits it to those faculties (a dean's office); None means all. Three queries.
    """
    offset = year_offset(term, today)
    plans = StudyPlan.objects.filter(term=term)
    students = Student.objects.filter(_expected(offset, term)).exclude(
        Exists(StudyPlan.objects.filter(student=OuterRef("pk"), term=term))
    )
    if faculty_ids is not None:
        plans = plans.filter(student__programme__faculty_id__in=faculty_ids)
        students = students.filter(programme__faculty_id__in=faculty_ids)
    if programme is not None:
        plans = plans.filter(student__programme=programme)
        students = students.filter(programme=programme)
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for programme_id, year, status, n in (
        plans.values_list("student__programme_id", "year_of_study", "status").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault((programme_id, year), {})[status] = n
    for programme_id, year, n in (
        students.annotate(term_year=F("year_of_study") + Value(offset, output_field=IntegerField()))
        .values_list("programme_id", "term_year")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault((programme_id, year), {})[MISSING] = n
    programmes = Programme.objects.in_bulk({p for p, _y in counts})
    rows = []
    totals = ProgressRow(None, None)
    for (programme_id, year), row_counts in sorted(counts.items(), key=lambda kv: _row_key(programmes, kv[0])):
        row = ProgressRow(programmes[programme_id], year, row_counts)
        rows.append(row)
        for status, n in row_counts.items():
            totals.counts[status] = totals.counts.get(status, 0) + n
    for row in [*rows, totals]:
        row.cells = [
            Cell(
                status,
                row.counts.get(status, 0),
                _percent(row.counts.get(status, 0), row.total),
                _chase_url(list_url, term, status, row),
            )
            for status in COLUMNS
        ]
    return Progress(term, rows, totals)


def _row_key(programmes, key):
    programme_id, year = key
    return programmes[programme_id].code, year


def _chase_url(base: str, term: Term, status: str, row: ProgressRow) -> str:
    if not base:
        return ""
    query = f"?term={term.pk}&state={status}"
    if row.programme is not None:
        query += f"&programme={row.programme.pk}&year={row.year}"
    return base + query


def status_counts(term: Term, *, faculty_ids=None) -> dict[str, int]:
    """Plans of the term by status, and the students missing one. One query (a UNION of two counts)."""
    plans = StudyPlan.objects.filter(term=term)
    students = Student.objects.filter(_expected(year_offset(term), term)).exclude(
        Exists(StudyPlan.objects.filter(student=OuterRef("pk"), term=term))
    )
    if faculty_ids is not None:
        plans = plans.filter(student__programme__faculty_id__in=faculty_ids)
        students = students.filter(programme__faculty_id__in=faculty_ids)
    by_status = plans.values_list("status").annotate(n=Count("id")).order_by()
    missing = students.annotate(state=Value(MISSING)).values_list("state").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(COLUMNS, 0)
    counts.update(dict(by_status.union(missing, all=True)))
    return counts


# --- students to chase ----------------------------------------------------------------------------------


def chase_queryset(term: Term, *, students=None, today: datetime.date | None = None):
    """Students of the term with their plan: those with a plan for it, and those expected to register
    without one. Annotated with plan_id, plan_state (a plan status or "missing"), term_year, credits
    and submitted_at; one query (correlated subqueries on the plan's unique (student, term) index)."""
    offset = year_offset(term, today)
    plan = StudyPlan.objects.filter(student=OuterRef("pk"), term=term)
    credits = (
        PlanItem.objects.filter(plan__student=OuterRef("pk"), plan__term=term)
        .values("plan")
        .annotate(total=Sum("credits"))
        .values("total")
    )
    qs = students if students is not None else Student.objects.all()
    return (
        qs.select_related("programme", "group", "adviser__user")
        .annotate(
            plan_id=Subquery(plan.values("pk")[:1]),
            plan_state=Coalesce(Subquery(plan.values("status")[:1]), Value(MISSING)),
            term_year=Coalesce(
                Subquery(plan.values("year_of_study")[:1]),
                F("year_of_study") + Value(offset, output_field=IntegerField()),
            ),
            plan_credits=Subquery(credits[:1]),
            plan_submitted_at=Subquery(plan.values("submitted_at")[:1]),
        )
        .filter(Q(plan_id__isnull=False) | _expected(offset, term))
    )


def plan_url(plan_id: int | None, student_id: int) -> str:
    """The plan's review page, or the student card when the student has no plan (or the review page
    is not routed)."""
    if plan_id:
        try:
            return reverse("plan_review", args=[plan_id])
        except NoReverseMatch:
            pass
    return reverse("student_detail", args=[student_id])
