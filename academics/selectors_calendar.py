"""Reads of the academic calendar used by several views and by the dashboard panel.

Each function runs a fixed number of queries whatever the number of periods.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from registrar.dates import academic_year_of

from .calendar_rules import PeriodScope
from .choices import PeriodKind
from .models import AcademicYear, CalendarPeriod

# One colour per kind for the calendar's badges; holidays red so they stand out in the month grid.
KIND_COLOURS = {
    PeriodKind.REGISTRATION: "#6f42c1",
    PeriodKind.ADD_DROP: "#8c68cd",
    PeriodKind.CLASSES: "#0d6efd",
    PeriodKind.MIDTERM_1: "#fd7e14",
    PeriodKind.MIDTERM_2: "#e8590c",
    PeriodKind.GRADE_ENTRY_1: "#20c997",
    PeriodKind.GRADE_ENTRY_2: "#12b886",
    PeriodKind.GRADE_ENTRY_EXAM: "#0ca678",
    PeriodKind.EXAM_SESSION: "#d6336c",
    PeriodKind.FX_RETAKE: "#ae3ec9",
    PeriodKind.SUMMER_TERM: "#f59f00",
    PeriodKind.PRACTICE: "#495057",
    PeriodKind.FINAL_ATTESTATION: "#1864ab",
    PeriodKind.VACATION: "#2f9e44",
    PeriodKind.HOLIDAY: "#dc3545",
}


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, "#6c757d")


def with_colours(periods):
    """The periods as a list, each with `colour` for its badge."""
    periods = list(periods)
    for period in periods:
        period.colour = kind_colour(period.kind)
    return periods


# Later apps tell whose periods a user sees (enrollment: a student's study form and year of
# study). academics cannot import them (DESIGN.md: dependencies point one way), so they
# register a provider at start-up: provider(user) -> PeriodScope | None.
_SCOPE_PROVIDERS: list = []


def register_viewer_scope(provider) -> None:
    if provider not in _SCOPE_PROVIDERS:
        _SCOPE_PROVIDERS.append(provider)


def fixed_viewer_scope(user) -> PeriodScope | None:
    """The scope a user is held to (a student's own), or None when they may choose any."""
    for provider in _SCOPE_PROVIDERS:
        scope = provider(user)
        if scope is not None:
            return scope
    return None


def scope_q(scope: PeriodScope | None) -> Q:
    """Periods that apply to `scope` (see calendar_rules.applies_to), as a filter."""
    q = Q()
    if scope is None:
        return q
    if scope.study_form:
        q &= Q(study_form="") | Q(study_form=scope.study_form)
    if scope.year_of_study is not None:
        q &= Q(year_of_study__isnull=True) | Q(year_of_study=scope.year_of_study)
    if scope.term_key is not None:
        q &= Q(term__isnull=True) | Q(term_id=scope.term_key)
    return q


def periods_for(
    *,
    scope: PeriodScope | None = None,
    academic_year: AcademicYear | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    kinds=None,
) -> QuerySet:
    """Periods applying to `scope`, optionally of one academic year, touching [start, end], of `kinds`.

    Issue 4 passes a student's scope (study form, year of study) here; until then the calendar
    pages build the scope from their filter form.
    """
    qs = CalendarPeriod.objects.select_related("term__academic_year", "academic_year").filter(scope_q(scope))
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year)
    if start is not None:
        qs = qs.filter(ends_on__gte=start)
    if end is not None:
        qs = qs.filter(starts_on__lte=end)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("starts_on", "ends_on", "kind", "pk")


@dataclass
class DayCell:
    day: datetime.date
    in_month: bool
    is_today: bool
    is_weekend: bool
    periods: list = field(default_factory=list)

    @property
    def is_holiday(self) -> bool:
        return any(p.kind == PeriodKind.HOLIDAY for p in self.periods)


def month_weeks(year: int, month: int, periods, today: datetime.date | None = None) -> list[list[DayCell]]:
    """The month as weeks Monday..Sunday (with the neighbouring months' days), each day listing
    the given periods that cover it. No queries: `periods` is already fetched."""
    today = today or timezone.localdate()
    periods = list(periods)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            covering = [p for p in periods if p.starts_on <= day <= p.ends_on]
            # Holidays first: they are what the eye looks for in a month.
            covering.sort(key=lambda p: (p.kind != PeriodKind.HOLIDAY, p.starts_on, p.kind))
            cells.append(DayCell(day, day.month == month, day == today, day.weekday() >= 5, covering))
        weeks.append(cells)
    return weeks


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last day shown in the month grid (whole weeks)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def current_academic_year(on: datetime.date | None = None) -> AcademicYear | None:
    """The academic year covering `on` (today), else the one of its starting year, else the latest."""
    on = on or timezone.localdate()
    year = AcademicYear.objects.filter(starts_on__lte=on, ends_on__gte=on).first()
    if year is None:
        year = AcademicYear.objects.filter(start_year=academic_year_of(on)).first()
    return year or AcademicYear.objects.order_by("-start_year").first()


def academic_years() -> QuerySet:
    """Academic years with their numbers of terms and periods (one query)."""
    return AcademicYear.objects.annotate(
        term_count=Count("terms", distinct=True), period_count=Count("periods", distinct=True)
    ).order_by("-start_year")


def open_and_upcoming(*, on: datetime.date | None = None, scope: PeriodScope | None = None, upcoming: int = 3):
    """Periods open on `on` (today) and the next `upcoming` to open after it: two queries."""
    on = on or timezone.localdate()
    base = CalendarPeriod.objects.select_related("term__academic_year", "academic_year").filter(scope_q(scope))
    open_now = with_colours(base.filter(starts_on__lte=on, ends_on__gte=on).order_by("ends_on", "kind", "pk"))
    next_up = with_colours(base.filter(starts_on__gt=on).order_by("starts_on", "kind", "pk")[:upcoming])
    return {"today": on, "open": open_now, "next": next_up}


def kinds_matching(word: str) -> list[str]:
    """Period kinds whose name in the active language contains `word` (search by "экзамен", "сессия")."""
    word = word.casefold()
    return [kind for kind, label in PeriodKind.choices if word in str(label).casefold() or word in kind]
