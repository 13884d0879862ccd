"""Changes to the academic calendar (RULES.md §6) and the question every later window asks:
is this period open for these students today?

Every write validates with `academics.calendar_rules` inside one transaction that first locks
the academic year's row, so two registrars saving overlapping periods at the same moment are
serialised and the second one sees the first one's period and is refused.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import university_settings

from ..calendar_rules import (
    PeriodFacts,
    PeriodScope,
    TermFacts,
    Violation,
    YearFacts,
    closeness,
    shift_years,
    validate_period,
    validate_term,
    validate_year,
)
from ..models import AcademicYear, CalendarPeriod, Term
from ..selectors_calendar import scope_q

__all__ = [
    "PeriodScope",
    "academic_year_create",
    "calendar_copy_from_previous",
    "period_create",
    "period_delete",
    "period_next",
    "period_open",
    "period_update",
    "term_create",
    "term_update",
]

MANAGE = "academics.manage"
PERIOD_FIELDS = ("kind", "term", "starts_on", "ends_on", "study_form", "year_of_study", "name")


# --- facts for the pure rules -----------------------------------------------------------------


def year_facts(year: AcademicYear) -> YearFacts:
    return YearFacts(year.pk, year.start_year, year.starts_on, year.ends_on)


def term_facts(term: Term) -> TermFacts:
    return TermFacts(term.pk, term.kind, term.starts_on, term.ends_on, term.academic_year_id)


def period_facts(period: CalendarPeriod) -> PeriodFacts:
    return PeriodFacts(
        key=period.pk,
        kind=period.kind,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        term_key=period.term_id,
        study_form=period.study_form or "",
        year_of_study=period.year_of_study,
        name=period.name,
    )


def _refuse(violations: list[Violation]):
    first = violations[0]
    raise DomainError(first.message, field=first.field, errors=violations)


def _lock_year(year: AcademicYear) -> AcademicYear:
    # The lock that serialises every calendar change of one academic year (see module docstring).
    return AcademicYear.objects.select_for_update().get(pk=year.pk)


def period_violations(period: CalendarPeriod, *, year: AcademicYear, term: Term | None) -> list[Violation]:
    """Every rule the period breaks against the stored calendar (used by services and the admin)."""
    siblings = CalendarPeriod.objects.filter(academic_year=year, kind=period.kind).exclude(pk=period.pk)
    return validate_period(
        period_facts(period),
        year=year_facts(year),
        term=term_facts(term) if term is not None else None,
        siblings=[period_facts(p) for p in siblings],
    )


def term_violations(term: Term, *, year: AcademicYear) -> list[Violation]:
    """Rules of the term itself plus those of its periods with the term's new dates."""
    siblings = Term.objects.filter(academic_year=year).exclude(pk=term.pk)
    errors = validate_term(
        term_facts(term),
        year=year_facts(year),
        siblings=[term_facts(t) for t in siblings],
        summer_min_weeks=university_settings().summer_term_min_weeks,
    )
    if term.pk is not None:
        facts = term_facts(term)
        for period in term.periods.all():
            # Only the "within its term" rules can change when the term moves: no siblings needed.
            errors.extend(validate_period(period_facts(period), year=year_facts(year), term=facts))
    return errors


def year_violations(year: AcademicYear) -> list[Violation]:
    """Rules of a year with (possibly changed) dates: no overlap with other years, and its terms and
    year-wide periods still inside it (used by the admin, where a year's dates can be edited)."""
    facts = year_facts(year)
    errors = validate_year(facts, others=[year_facts(y) for y in AcademicYear.objects.exclude(pk=year.pk)])
    if year.pk is not None:
        for term in Term.objects.filter(academic_year=year):
            errors.extend(validate_term(term_facts(term), year=facts))
        for period in CalendarPeriod.objects.filter(academic_year=year, term__isnull=True):
            errors.extend(validate_period(period_facts(period), year=facts, term=None))
    return errors


# --- academic years and terms -----------------------------------------------------------------


@transaction.atomic
def academic_year_create(
    *,
    actor,
    start_year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    terms: Iterable[tuple[str, datetime.date, datetime.date]] = (),
) -> AcademicYear:
    """A new academic year with its terms (kind, first day, last day). RULES.md §6.

    Refused with every violation: the year must not exist or overlap another one, each term lies
    within it, terms do not overlap, a summer term lasts at least the settings' minimum of weeks.
    Violations of a term name the field "<kind>_starts_on" / "<kind>_ends_on".
    """
    require(actor, MANAGE)
    terms = list(terms)
    year = AcademicYear(start_year=start_year, starts_on=starts_on, ends_on=ends_on)
    errors = []
    if AcademicYear.objects.filter(start_year=start_year).exists():
        errors.append(
            Violation("start_year", _("The academic year %(year)s already exists.") % {"year": year_facts(year).label})
        )
    errors += validate_year(year_facts(year), others=[year_facts(y) for y in AcademicYear.objects.all()])
    facts = [TermFacts(None, kind, start, end) for kind, start, end in terms]
    min_weeks = university_settings().summer_term_min_weeks
    for i, term in enumerate(facts):
        others = facts[:i] + facts[i + 1 :]
        for v in validate_term(term, year=year_facts(year), siblings=others, summer_min_weeks=min_weeks):
            errors.append(Violation(f"{term.kind}_{v.field}", v.message))
    if errors:
        _refuse(errors)
    year._history_user = actor
    try:
        with transaction.atomic():
            year.save()
    except IntegrityError:  # another registrar created it a moment ago
        _refuse([Violation("start_year", _("The academic year %(year)s already exists.") % {"year": str(year)})])
    for kind, start, end in terms:
        term = Term(academic_year=year, kind=kind, starts_on=start, ends_on=end)
        term._history_user = actor
        term.save()
    return year


@transaction.atomic
def term_create(*, actor, academic_year: AcademicYear, kind: str, starts_on, ends_on) -> Term:
    """Add a term (a summer term added later, say) to an academic year."""
    require(actor, MANAGE)
    year = _lock_year(academic_year)
    term = Term(academic_year=year, kind=kind, starts_on=starts_on, ends_on=ends_on)
    errors = term_violations(term, year=year)
    if errors:
        _refuse(errors)
    term._history_user = actor
    term.save()
    return term


@transaction.atomic
def term_update(*, actor, term: Term, starts_on, ends_on) -> Term:
    """Move a term's dates; refused if the term or any of its periods would then break a rule."""
    require(actor, MANAGE)
    year = _lock_year(term.academic_year)
    term = Term.objects.get(pk=term.pk)
    term.starts_on, term.ends_on = starts_on, ends_on
    errors = term_violations(term, year=year)
    if errors:
        _refuse(errors)
    term._history_user = actor
    term.save()
    return term


# --- periods ----------------------------------------------------------------------------------


def _save_period(actor, period: CalendarPeriod, year: AcademicYear) -> CalendarPeriod:
    # Re-read the term under the year's lock: another registrar may just have moved it.
    term = Term.objects.filter(pk=period.term_id).first() if period.term_id else None
    errors = period_violations(period, year=year, term=term)
    if errors:
        _refuse(errors)
    period._history_user = actor
    period.save()
    return period


@transaction.atomic
def period_create(*, actor, academic_year: AcademicYear, **fields) -> CalendarPeriod:
    """A new calendar period; fields: kind, term, starts_on, ends_on, study_form, year_of_study, name."""
    require(actor, MANAGE)
    year = _lock_year(academic_year)
    period = CalendarPeriod(academic_year=year, **_period_fields(fields))
    return _save_period(actor, period, year)


@transaction.atomic
def period_update(*, actor, period: CalendarPeriod, **fields) -> CalendarPeriod:
    """Change a period's kind, term, dates, scope or name; it stays in its academic year."""
    require(actor, MANAGE)
    year = _lock_year(period.academic_year)
    period = CalendarPeriod.objects.get(pk=period.pk)
    for name, value in _period_fields(fields).items():
        setattr(period, name, value)
    return _save_period(actor, period, year)


@transaction.atomic
def period_delete(*, actor, period: CalendarPeriod) -> None:
    require(actor, MANAGE)
    _lock_year(period.academic_year)
    period._history_user = actor
    period.delete()


def _period_fields(fields: dict) -> dict:
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise TypeError(f"unknown period fields: {sorted(unknown)}")
    values = dict(fields)
    if "study_form" in values:
        values["study_form"] = values["study_form"] or ""
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    return values


# --- copying last year's calendar -------------------------------------------------------------


@transaction.atomic
def calendar_copy_from_previous(*, actor, source_year: AcademicYear, target_start_year: int) -> AcademicYear:
    """Copy an academic year's terms and periods to another year, every date moved by whole years
    (29 February → 28 February; weekdays are not kept), for the registrar to review and edit.

    Creates the target year if it does not exist; keeps the target's own terms if it has them.
    Refused if the target year already has periods, or if the copy breaks a rule (listed).
    """
    require(actor, MANAGE)
    shift = target_start_year - source_year.start_year
    if shift == 0:
        _refuse([Violation("target_start_year", _("Choose another academic year than the one being copied."))])
    target = AcademicYear.objects.select_for_update().filter(start_year=target_start_year).first()
    label = f"{target_start_year}/{target_start_year + 1}"
    if target is not None and target.periods.exists():
        _refuse(
            [
                Violation(
                    "target_start_year",
                    _("The academic year %(year)s already has calendar periods; nothing was copied.") % {"year": label},
                )
            ]
        )
    if target is None:
        target = academic_year_create(
            actor=actor,
            start_year=target_start_year,
            starts_on=shift_years(source_year.starts_on, shift),
            ends_on=shift_years(source_year.ends_on, shift),
        )
        target = _lock_year(target)
    terms = {t.kind: t for t in target.terms.all()}
    source_terms = {t.pk: t for t in source_year.terms.all()}
    for term in source_terms.values():
        if term.kind not in terms:
            copy = Term(
                academic_year=target,
                kind=term.kind,
                starts_on=shift_years(term.starts_on, shift),
                ends_on=shift_years(term.ends_on, shift),
            )
            errors = term_violations(copy, year=target)
            if errors:
                _refuse(errors)
            copy._history_user = actor
            copy.save()
            terms[term.kind] = copy
    errors, copies = [], []
    for period in source_year.periods.order_by("starts_on", "kind", "pk"):
        term = terms[source_terms[period.term_id].kind] if period.term_id else None
        copy = CalendarPeriod(
            academic_year=target,
            term=term,
            kind=period.kind,
            starts_on=shift_years(period.starts_on, shift),
            ends_on=shift_years(period.ends_on, shift),
            study_form=period.study_form,
            year_of_study=period.year_of_study,
            name=period.name,
        )
        errors += validate_period(
            period_facts(copy),
            year=year_facts(target),
            term=term_facts(term) if term else None,
            siblings=[period_facts(c) for c in copies if c.kind == copy.kind],
        )
        copies.append(copy)
    if errors:
        _refuse(errors)
    for copy in copies:
        copy._history_user = actor
        copy.save()
    return target


# --- is a window open? ------------------------------------------------------------------------


def _applicable(kind: str, scope: PeriodScope | None):
    return CalendarPeriod.objects.select_related("term__academic_year", "academic_year").filter(
        scope_q(scope), kind=kind
    )


def period_open(kind: str, scope: PeriodScope | None = None, on: datetime.date | None = None) -> CalendarPeriod | None:
    """The period of `kind` covering `on` (today in Asia/Qyzylorda) that applies to `scope`, or None
    when that window is closed for them.

    A period for every study form (or every year of study, or no term) applies to every scope;
    None on a scope's dimension accepts any period on it. Of several, the closest fit wins
    (`calendar_rules.closeness`: a distance student gets the distance exam session), then the one
    that closes first. One query.
    """
    on = on or timezone.localdate()
    candidates = list(_applicable(kind, scope).filter(starts_on__lte=on, ends_on__gte=on))
    if not candidates:
        return None
    return min(candidates, key=lambda p: (-closeness(p, scope), p.ends_on, p.pk))


def period_next(
    kind: str, scope: PeriodScope | None = None, after: datetime.date | None = None
) -> CalendarPeriod | None:
    """The next period of `kind` for `scope` to open after `after` (today): for "opens on 01.04.2027".

    The earliest start wins; on the same start day, the closest fit. One query.
    """
    after = after or timezone.localdate()
    applicable = _applicable(kind, scope)
    first_start = applicable.filter(starts_on__gt=after).order_by("starts_on").values("starts_on")[:1]
    candidates = list(applicable.filter(starts_on=Subquery(first_start)))
    if not candidates:
        return None
    return min(candidates, key=lambda p: (-closeness(p, scope), p.ends_on, p.pk))
