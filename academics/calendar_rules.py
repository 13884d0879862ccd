"""Date rules of the academic calendar (RULES.md §6), with no database.

Services turn model rows into the small frozen facts below, ask these functions for the
violations and refuse with all of them at once; the admin forms ask the same functions.

Scope and overlap (the decision the registrar asked for):
a period's scope is (term, study form, year of study), where an empty study form, an empty
year of study and (for year-wide kinds) an empty term mean "all". Two periods of the same kind
conflict when their dates share a day and their scopes can share a student. Scopes are
disjoint only when they name *different* values on some dimension: different study forms,
different years of study or different terms. So a period for everyone does overlap a period of
the same kind for "full-time, year 4": a full-time fourth-year student would see two windows.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .choices import BEFORE_TERM_PERIOD_KINDS, TERM_PERIOD_KINDS, PeriodKind, StudyForm, TermKind

DAYS_PER_WEEK = 7


def fmt(day: datetime.date) -> str:
    """d.m.Y, the only date format of messages (DESIGN.md)."""
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Violation:
    """One refused rule: the form field it is about and a translated message naming the dates."""

    field: str | None
    message: str

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class YearFacts:
    key: object  # the academic year's id (None for a year not saved yet)
    start_year: int
    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"


@dataclass(frozen=True)
class TermFacts:
    key: object
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    year_key: object = None

    @property
    def label(self) -> str:
        return str(TermKind(self.kind).label)


@dataclass(frozen=True)
class PeriodFacts:
    key: object
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    term_key: object = None
    study_form: str = ""
    year_of_study: int | None = None
    name: str = ""

    @property
    def label(self) -> str:
        """The period as messages name it: its name (holidays, practices) or its kind, with dates."""
        title = self.name or str(PeriodKind(self.kind).label)
        return f"«{title}» {fmt(self.starts_on)}–{fmt(self.ends_on)}"


@dataclass(frozen=True)
class PeriodScope:
    """Whom a question about the calendar concerns. None on a dimension means "any value".

    Issue 4 passes a student's study form and year of study; a term narrows windows to that
    term's (registration for the spring term, grade entry of the autumn term).
    `term` may be a Term object or its id.
    """

    study_form: str | None = None
    year_of_study: int | None = None
    term: object = None

    @property
    def term_key(self):
        return getattr(self.term, "pk", self.term)


# --- predicates -------------------------------------------------------------------------------


def dates_overlap(a_start, a_end, b_start, b_end) -> bool:
    """Inclusive date ranges share at least one day (touching end and start days do overlap)."""
    return a_start <= b_end and b_start <= a_end


def _values_compatible(a, b, empty) -> bool:
    return empty in (a, b) or a == b


def scopes_intersect(a: PeriodFacts, b: PeriodFacts) -> bool:
    """Can one student fall under both periods' scopes? (see the module docstring)."""
    return (
        _values_compatible(a.term_key, b.term_key, None)
        and _values_compatible(a.study_form or "", b.study_form or "", "")
        and _values_compatible(a.year_of_study, b.year_of_study, None)
    )


def periods_conflict(a: PeriodFacts, b: PeriodFacts) -> bool:
    return a.kind == b.kind and scopes_intersect(a, b) and dates_overlap(a.starts_on, a.ends_on, b.starts_on, b.ends_on)


def _term_key(period):
    return period.term_key if isinstance(period, PeriodFacts) else period.term_id


def applies_to(period, scope: PeriodScope | None) -> bool:
    """Does a period (anything with study_form, year_of_study, term_id/term_key) concern `scope`?

    A period for all forms/years/terms applies to every scope; a scope that leaves a dimension
    open (None) accepts every period on it.
    """
    if scope is None:
        return True
    return (
        _values_compatible(scope.study_form or "", period.study_form or "", "")
        and _values_compatible(scope.year_of_study, period.year_of_study, None)
        and _values_compatible(scope.term_key, _term_key(period), None)
    )


def closeness(period, scope: PeriodScope | None) -> int:
    """How closely an applicable period fits the scope; higher is closer.

    On a dimension the scope names, a period naming the same value beats one for all; on a
    dimension the scope leaves open, the period for all beats a narrower one. So a distance
    student gets the distance exam session, and "any" gets the session for everyone.
    """
    scope = scope or PeriodScope()
    term_key = _term_key(period)
    score = 0
    for asked, value, empty in (
        (scope.study_form or None, period.study_form or "", ""),
        (scope.year_of_study, period.year_of_study, None),
        (scope.term_key, term_key, None),
    ):
        named = value != empty
        score += int(named) if asked is not None else int(not named)
    return score


# --- validation -------------------------------------------------------------------------------


def validate_year(year: YearFacts, *, others: Iterable[YearFacts] = ()) -> list[Violation]:
    """An academic year starts in its starting calendar year, ends in the next one, overlaps no other."""
    errors = []
    if year.starts_on >= year.ends_on:
        errors.append(Violation("ends_on", _("The academic year must end after it starts.")))
        return errors
    if year.starts_on.year != year.start_year:
        errors.append(
            Violation(
                "starts_on",
                _("The academic year %(year)s must start in %(start)s, not on %(date)s.")
                % {"year": year.label, "start": year.start_year, "date": fmt(year.starts_on)},
            )
        )
    if year.ends_on.year != year.start_year + 1:
        errors.append(
            Violation(
                "ends_on",
                _("The academic year %(year)s must end in %(end)s, not on %(date)s.")
                % {"year": year.label, "end": year.start_year + 1, "date": fmt(year.ends_on)},
            )
        )
    for other in others:
        if other.key is not None and other.key == year.key:
            continue
        if dates_overlap(year.starts_on, year.ends_on, other.starts_on, other.ends_on):
            errors.append(
                Violation(
                    "starts_on",
                    _("The academic year %(year)s (%(start)s–%(end)s) overlaps %(other)s (%(ostart)s–%(oend)s).")
                    % {
                        "year": year.label,
                        "start": fmt(year.starts_on),
                        "end": fmt(year.ends_on),
                        "other": other.label,
                        "ostart": fmt(other.starts_on),
                        "oend": fmt(other.ends_on),
                    },
                )
            )
    return errors


def validate_term(
    term: TermFacts, *, year: YearFacts, siblings: Iterable[TermFacts] = (), summer_min_weeks: int = 0
) -> list[Violation]:
    """A term lies within its academic year, overlaps no other term of it; a summer term lasts
    at least `summer_min_weeks` weeks (RULES.md §3: 6 weeks, a university setting)."""
    errors = []
    where = {"term": term.label, "start": fmt(term.starts_on), "end": fmt(term.ends_on)}
    if term.starts_on >= term.ends_on:
        return [Violation("ends_on", _("The %(term)s must end after it starts.") % where)]
    if term.starts_on < year.starts_on or term.ends_on > year.ends_on:
        errors.append(
            Violation(
                "starts_on" if term.starts_on < year.starts_on else "ends_on",
                _("The %(term)s (%(start)s–%(end)s) must lie within the academic year %(year)s (%(ystart)s–%(yend)s).")
                % {**where, "year": year.label, "ystart": fmt(year.starts_on), "yend": fmt(year.ends_on)},
            )
        )
    for other in siblings:
        if other.key is not None and other.key == term.key:
            continue
        if other.kind == term.kind:
            errors.append(
                Violation(
                    "kind", _("The academic year %(year)s already has the %(term)s.") % {**where, "year": year.label}
                )
            )
            continue
        if dates_overlap(term.starts_on, term.ends_on, other.starts_on, other.ends_on):
            errors.append(
                Violation(
                    "starts_on",
                    _("The %(term)s (%(start)s–%(end)s) overlaps the %(other)s (%(ostart)s–%(oend)s).")
                    % {**where, "other": other.label, "ostart": fmt(other.starts_on), "oend": fmt(other.ends_on)},
                )
            )
    length_days = (term.ends_on - term.starts_on).days + 1
    if term.kind == TermKind.SUMMER and length_days < summer_min_weeks * DAYS_PER_WEEK:
        errors.append(
            Violation(
                "ends_on",
                _("The summer term (%(start)s–%(end)s) lasts %(days)s days; it must last at least %(weeks)s weeks.")
                % {**where, "days": length_days, "weeks": summer_min_weeks},
            )
        )
    return errors


def validate_period(
    period: PeriodFacts,
    *,
    year: YearFacts,
    term: TermFacts | None,
    siblings: Iterable[PeriodFacts] = (),
) -> list[Violation]:
    """Every rule a calendar period must keep (RULES.md §6); an empty list means it is valid.

    - term windows (classes, controls, grade entry, session, FX retakes, summer term) need a term
      and lie within it; the summer-term window needs the summer term;
    - registration and add/drop need the term they prepare and end on or before its end
      (they may start before it: registration for the autumn happens in April);
    - year-wide periods (vacations, holidays, practice, final attestation) lie within the academic
      year; a term is optional for them;
    - no other period of the same kind overlaps it in a scope that can share a student.
    """
    errors = []
    if period.starts_on > period.ends_on:
        return [Violation("ends_on", _("%(period)s ends before it starts.") % {"period": period.label})]
    if term is not None and term.year_key is not None and year.key is not None and term.year_key != year.key:
        errors.append(Violation("term", _("The %(term)s belongs to another academic year.") % {"term": term.label}))
    term_dates = (
        {"term": term.label, "tstart": fmt(term.starts_on), "tend": fmt(term.ends_on), "period": period.label}
        if term is not None
        else {}
    )
    if period.kind in TERM_PERIOD_KINDS or period.kind in BEFORE_TERM_PERIOD_KINDS:
        if term is None:
            errors.append(
                Violation(
                    "term",
                    _("%(period)s needs the term it belongs to.") % {"period": period.label},
                )
            )
        elif period.kind in TERM_PERIOD_KINDS:
            if period.starts_on < term.starts_on or period.ends_on > term.ends_on:
                errors.append(
                    Violation(
                        "starts_on" if period.starts_on < term.starts_on else "ends_on",
                        _("%(period)s must lie within the %(term)s (%(tstart)s–%(tend)s).") % term_dates,
                    )
                )
            if period.kind == PeriodKind.SUMMER_TERM and term.kind != TermKind.SUMMER:
                errors.append(
                    Violation("term", _("%(period)s belongs to the summer term, not the %(term)s.") % term_dates)
                )
        elif period.ends_on > term.ends_on:
            errors.append(
                Violation(
                    "ends_on",
                    _("%(period)s must end on or before the end of the %(term)s (%(tend)s).") % term_dates,
                )
            )
    elif period.starts_on < year.starts_on or period.ends_on > year.ends_on:
        errors.append(
            Violation(
                "starts_on" if period.starts_on < year.starts_on else "ends_on",
                _("%(period)s must lie within the academic year %(year)s (%(ystart)s–%(yend)s).")
                % {
                    "period": period.label,
                    "year": year.label,
                    "ystart": fmt(year.starts_on),
                    "yend": fmt(year.ends_on),
                },
            )
        )
    for other in siblings:
        if other.key is not None and other.key == period.key:
            continue
        if periods_conflict(period, other):
            errors.append(
                Violation(
                    "starts_on",
                    _("%(period)s overlaps %(other)s of the same kind for the same students (%(scope)s).")
                    % {"period": period.label, "other": other.label, "scope": scope_text(other)},
                )
            )
    return errors


def scope_text(period: PeriodFacts) -> str:
    parts = []
    if period.study_form:
        parts.append(str(StudyForm(period.study_form).label))
    if period.year_of_study is not None:
        parts.append(_("year %(n)s") % {"n": period.year_of_study})
    return ", ".join(parts) or _("everyone")


# --- copying a calendar to another year -------------------------------------------------------


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day and month `years` later; 29 February becomes 28 February in a common year.

    Weekdays are not kept: the registrar reviews the copy and moves what must fall on a Monday.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
