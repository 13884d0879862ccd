"""period_open / period_next: the question later issues ask before opening a window."""

import datetime
import itertools

import pytest
from django.utils import timezone

from academics.choices import PeriodKind, StudyForm, TermKind
from academics.services.calendar import PeriodScope, period_next, period_open

from .factories_calendar import CalendarPeriodFactory, TermFactory, year_with_terms

D = datetime.date
pytestmark = pytest.mark.django_db
FIRST, LAST = D(2030, 12, 15), D(2030, 12, 31)


@pytest.fixture
def autumn():
    return TermFactory(academic_year=year_with_terms(), kind=TermKind.AUTUMN)


def session(term, start=FIRST, end=LAST, **scope):
    return CalendarPeriodFactory(term=term, kind=PeriodKind.EXAM_SESSION, starts_on=start, ends_on=end, **scope)


@pytest.mark.parametrize(
    ("day", "is_open"),
    [
        (FIRST - datetime.timedelta(days=1), False),  # the day before: closed
        (FIRST, True),  # first day open
        (D(2030, 12, 20), True),
        (LAST, True),  # last day open
        (LAST + datetime.timedelta(days=1), False),  # the day after: closed
    ],
)
def test_window_is_open_from_its_first_to_its_last_day(autumn, day, is_open):
    period = session(autumn)
    assert period_open(PeriodKind.EXAM_SESSION, on=day) == (period if is_open else None)


def test_another_kind_is_not_open(autumn):
    session(autumn)
    assert period_open(PeriodKind.FX_RETAKE, on=FIRST) is None


FORMS = ["", StudyForm.FULL_TIME, StudyForm.DISTANCE]
YEARS = [None, 1, 4]


@pytest.mark.parametrize(("period_form", "period_year"), list(itertools.product(FORMS, YEARS)))
def test_every_scope_combination(autumn, period_form, period_year):
    """A period for every form (year) applies to every student; a scoped one only to its own;
    a question that leaves a dimension open (None) accepts any period on it."""
    period = session(autumn, study_form=period_form, year_of_study=period_year)
    for asked_form, asked_year in itertools.product([None, *FORMS[1:]], YEARS):
        scope = PeriodScope(study_form=asked_form, year_of_study=asked_year)
        form_ok = not period_form or asked_form is None or period_form == asked_form
        year_ok = period_year is None or asked_year is None or period_year == asked_year
        expected = period if form_ok and year_ok else None
        assert period_open(PeriodKind.EXAM_SESSION, scope, on=FIRST) == expected, (period_form, period_year, scope)


def test_the_most_specific_period_wins(autumn):
    everyone = session(autumn, study_form="", year_of_study=None)
    distance = session(autumn, D(2030, 12, 22), D(2031, 1, 9), study_form=StudyForm.DISTANCE)
    day = D(2030, 12, 23)
    assert period_open(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.DISTANCE), on=day) == distance
    assert period_open(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.FULL_TIME), on=day) == everyone
    assert period_open(PeriodKind.EXAM_SESSION, PeriodScope(), on=day) == everyone
    assert period_open(PeriodKind.EXAM_SESSION, on=day) == everyone
    # After the general session closes, the distance one is still open for distance students only.
    later = D(2031, 1, 5)
    assert period_open(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.DISTANCE), on=later) == distance
    assert period_open(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.FULL_TIME), on=later) is None


def test_year_of_study_scope_picks_the_final_year_window(autumn):
    year = autumn.academic_year
    attestation = CalendarPeriodFactory(
        term=None,
        academic_year=year,
        kind=PeriodKind.FINAL_ATTESTATION,
        starts_on=D(2031, 5, 25),
        ends_on=D(2031, 6, 20),
        year_of_study=4,
    )
    day = D(2031, 6, 1)
    assert period_open(PeriodKind.FINAL_ATTESTATION, PeriodScope(year_of_study=4), on=day) == attestation
    assert period_open(PeriodKind.FINAL_ATTESTATION, PeriodScope(year_of_study=3), on=day) is None


def test_term_scope_as_object_or_id(autumn):
    spring = TermFactory(academic_year=autumn.academic_year, kind=TermKind.SPRING)
    registration = CalendarPeriodFactory(
        term=spring, kind=PeriodKind.REGISTRATION, starts_on=D(2030, 11, 17), ends_on=D(2030, 11, 28)
    )
    day = D(2030, 11, 20)
    assert period_open(PeriodKind.REGISTRATION, PeriodScope(term=spring), on=day) == registration
    assert period_open(PeriodKind.REGISTRATION, PeriodScope(term=spring.pk), on=day) == registration
    assert period_open(PeriodKind.REGISTRATION, PeriodScope(term=autumn), on=day) is None


def test_year_wide_period_applies_to_every_term(autumn):
    holiday = CalendarPeriodFactory(
        term=None,
        academic_year=autumn.academic_year,
        kind=PeriodKind.HOLIDAY,
        starts_on=D(2030, 10, 25),
        ends_on=D(2030, 10, 25),
        name="День Республики",
    )
    assert period_open(PeriodKind.HOLIDAY, PeriodScope(term=autumn), on=D(2030, 10, 25)) == holiday


def test_on_defaults_to_today_in_qyzylorda(autumn, monkeypatch):
    # 20:00 UTC on 01.10 is already 02.10 in Qyzylorda (UTC+5).
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2030, 10, 1, 20, 0, tzinfo=datetime.UTC))
    period = CalendarPeriodFactory(
        term=autumn, kind=PeriodKind.MIDTERM_1, starts_on=D(2030, 10, 2), ends_on=D(2030, 10, 2)
    )
    assert period_open(PeriodKind.MIDTERM_1) == period
    assert period_next(PeriodKind.MIDTERM_1) is None


def test_period_open_is_one_query(autumn, django_assert_num_queries):
    for form in FORMS:
        session(autumn, study_form=form)
    with django_assert_num_queries(1):
        period = period_open(PeriodKind.EXAM_SESSION, PeriodScope(StudyForm.DISTANCE, 2), on=FIRST)
        assert period.term.academic_year.start_year == 2030  # related rows come with it


# --- period_next --------------------------------------------------------------------------------


def test_next_period_to_open(autumn):
    session(autumn)
    fx = CalendarPeriodFactory(
        term=autumn,
        kind=PeriodKind.EXAM_SESSION,
        starts_on=D(2031, 1, 5),
        ends_on=D(2031, 1, 9),
        study_form=StudyForm.DISTANCE,
    )
    assert period_next(PeriodKind.EXAM_SESSION, after=FIRST - datetime.timedelta(days=1)).starts_on == FIRST
    # A window opening today is open, not next.
    assert period_next(PeriodKind.EXAM_SESSION, after=FIRST) == fx
    assert period_next(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.FULL_TIME), after=FIRST) is None
    assert period_next(PeriodKind.EXAM_SESSION, after=D(2031, 1, 5)) is None


def test_next_period_on_the_same_day_is_the_closest_fit(autumn):
    everyone = session(autumn)
    distance = session(autumn, study_form=StudyForm.DISTANCE)
    day_before = FIRST - datetime.timedelta(days=1)
    # Two sessions for the same students would be refused by the services; the factory bypasses
    # them here only to pin the tie-break.
    assert (
        period_next(PeriodKind.EXAM_SESSION, PeriodScope(study_form=StudyForm.DISTANCE), after=day_before) == distance
    )
    assert period_next(PeriodKind.EXAM_SESSION, after=day_before) == everyone


def test_period_next_is_one_query(autumn, django_assert_num_queries):
    session(autumn)
    with django_assert_num_queries(1):
        assert period_next(PeriodKind.EXAM_SESSION, after=D(2030, 9, 1)) is not None
