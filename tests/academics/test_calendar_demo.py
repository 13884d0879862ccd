"""The demo calendar: every period kind, scoping shown, valid by the rules, idempotent and fast."""

import datetime
import time

import pytest
from django.utils import timezone

from academics.choices import PeriodKind, StudyForm, TermKind
from academics.demo_calendar import seed_calendar
from academics.models import AcademicYear, CalendarPeriod, Term
from academics.services.calendar import period_violations, term_violations
from registrar.dates import academic_year_of
from registrar.demo import DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(users):
    ctx = DemoContext(seed=2026, students=0, log=lambda m: None)
    started = time.monotonic()
    seed_calendar(ctx)
    return ctx, time.monotonic() - started


def test_demo_has_the_current_and_the_previous_academic_year(seeded):
    current = academic_year_of(timezone.localdate())
    assert set(AcademicYear.objects.values_list("start_year", flat=True)) == {current - 1, current}


def test_demo_year_has_every_period_kind_and_three_terms(seeded):
    year = AcademicYear.objects.get(start_year=academic_year_of(timezone.localdate()))
    assert set(year.periods.values_list("kind", flat=True)) == set(PeriodKind.values)
    assert set(year.terms.values_list("kind", flat=True)) == set(TermKind.values)


def test_demo_shows_scoping_by_study_form_and_year_of_study(seeded):
    assert CalendarPeriod.objects.filter(kind=PeriodKind.EXAM_SESSION, study_form=StudyForm.DISTANCE).exists()
    assert set(
        CalendarPeriod.objects.filter(kind=PeriodKind.FINAL_ATTESTATION).values_list("year_of_study", flat=True)
    ) == {4}


def test_demo_public_holidays_of_kazakhstan(seeded):
    year = AcademicYear.objects.get(start_year=academic_year_of(timezone.localdate()))
    holidays = {p.name: p for p in year.periods.filter(kind=PeriodKind.HOLIDAY)}
    assert len(holidays) == 11
    nauryz = holidays["Наурыз мейрамы"]
    assert (nauryz.starts_on, nauryz.ends_on) == (
        datetime.date(year.start_year + 1, 3, 21),
        datetime.date(year.start_year + 1, 3, 23),
    )
    assert holidays["День Независимости"].starts_on == datetime.date(year.start_year, 12, 16)


def test_demo_calendar_keeps_every_rule(seeded):
    for term in Term.objects.select_related("academic_year"):
        assert term_violations(term, year=term.academic_year) == []
    for period in CalendarPeriod.objects.select_related("academic_year", "term"):
        assert period_violations(period, year=period.academic_year, term=period.term) == [], period


def test_demo_has_at_least_seven_weeks_of_vacation_and_a_six_week_summer_term(seeded):
    for year in AcademicYear.objects.all():
        days = set()
        for v in year.periods.filter(kind=PeriodKind.VACATION, study_form="", year_of_study=None):
            days |= {v.starts_on + datetime.timedelta(n) for n in range((v.ends_on - v.starts_on).days + 1)}
        assert len(days) >= 7 * 7
        summer = year.terms.get(kind=TermKind.SUMMER)
        assert (summer.ends_on - summer.starts_on).days + 1 >= 6 * 7


def test_seeding_twice_changes_nothing(seeded):
    ctx, _ = seeded
    before = (CalendarPeriod.objects.count(), CalendarPeriod.history.count(), Term.history.count())
    seed_calendar(ctx)
    assert (CalendarPeriod.objects.count(), CalendarPeriod.history.count(), Term.history.count()) == before


def test_seeding_is_fast(seeded):
    _, seconds = seeded
    assert seconds < 5
