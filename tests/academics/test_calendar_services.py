"""RULES.md §6 through the services: academic years, terms, periods and copying last year's calendar."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from academics.choices import PeriodKind, StudyForm, TermKind
from academics.models import AcademicYear, CalendarPeriod, Term
from academics.services import calendar as services
from registrar.errors import DomainError
from registrar.models import UniversitySettings
from registrar.selectors import forget_university_settings

from .factories_calendar import CalendarPeriodFactory, TermFactory, year_with_terms

D = datetime.date
pytestmark = pytest.mark.django_db


def _terms(y):
    return [
        (TermKind.AUTUMN, D(y, 9, 1), D(y + 1, 1, 10)),
        (TermKind.SPRING, D(y + 1, 1, 19), D(y + 1, 6, 10)),
        (TermKind.SUMMER, D(y + 1, 6, 15), D(y + 1, 7, 31)),
    ]


def _create_year(actor, y=2030, terms=None):
    return services.academic_year_create(
        actor=actor,
        start_year=y,
        starts_on=D(y, 9, 1),
        ends_on=D(y + 1, 8, 31),
        terms=_terms(y) if terms is None else terms,
    )


# --- academic years and terms ------------------------------------------------------------------


def test_registrar_creates_an_academic_year_with_its_terms(users):
    year = _create_year(users["registrar"])
    assert str(year) == "2030/2031"
    assert [t.kind for t in year.terms.order_by("starts_on")] == ["autumn", "spring", "summer"]
    assert year.history.first().history_user == users["registrar"]
    assert Term.history.filter(history_user=users["registrar"]).count() == 3


def test_only_the_registrars_office_changes_the_calendar(users):
    with pytest.raises(PermissionDenied):
        _create_year(users["teacher"])
    year = year_with_terms()
    with pytest.raises(PermissionDenied):
        services.period_create(
            actor=users["student"],
            academic_year=year,
            kind=PeriodKind.HOLIDAY,
            starts_on=D(2030, 10, 25),
            ends_on=D(2030, 10, 25),
        )


def test_the_same_academic_year_twice_is_refused(users):
    _create_year(users["registrar"])
    with pytest.raises(DomainError) as exc:
        _create_year(users["registrar"])
    assert exc.value.field == "start_year"
    assert "2030/2031" in exc.value.message


def test_overlapping_academic_years_are_refused(users):
    _create_year(users["registrar"])
    with pytest.raises(DomainError) as exc:
        services.academic_year_create(
            actor=users["registrar"], start_year=2031, starts_on=D(2031, 8, 31), ends_on=D(2032, 8, 31), terms=[]
        )
    assert "31.08.2031" in exc.value.message


def test_term_outside_the_year_is_refused_on_its_field(users):
    terms = [(TermKind.AUTUMN, D(2030, 8, 25), D(2031, 1, 10))]
    with pytest.raises(DomainError) as exc:
        _create_year(users["registrar"], terms=terms)
    assert exc.value.field == "autumn_starts_on"
    assert not AcademicYear.objects.exists()


def test_summer_term_minimum_comes_from_the_settings(users):
    UniversitySettings.objects.update_or_create(pk=1, defaults={"summer_term_min_weeks": 8})
    forget_university_settings()
    with pytest.raises(DomainError) as exc:
        _create_year(users["registrar"])  # the summer term 15.06–31.07 is 47 days < 8 weeks
    assert exc.value.field == "summer_ends_on"
    assert "8" in exc.value.message


def test_terms_of_one_year_may_not_overlap(users):
    terms = [(TermKind.AUTUMN, D(2030, 9, 1), D(2031, 1, 20)), (TermKind.SPRING, D(2031, 1, 19), D(2031, 6, 10))]
    with pytest.raises(DomainError) as exc:
        _create_year(users["registrar"], terms=terms)
    assert len(exc.value.errors) == 2  # each term names the other


def test_moving_a_term_moves_nothing_else_and_is_validated(users):
    year = _create_year(users["registrar"])
    autumn = year.terms.get(kind=TermKind.AUTUMN)
    services.term_update(actor=users["registrar"], term=autumn, starts_on=D(2030, 9, 2), ends_on=D(2031, 1, 12))
    autumn.refresh_from_db()
    assert (autumn.starts_on, autumn.ends_on) == (D(2030, 9, 2), D(2031, 1, 12))
    with pytest.raises(DomainError) as exc:
        services.term_update(actor=users["registrar"], term=autumn, starts_on=D(2030, 9, 2), ends_on=D(2031, 1, 25))
    assert "19.01.2031" in exc.value.message  # overlaps the spring term


def test_moving_a_term_is_refused_if_its_periods_would_fall_outside(users):
    year = _create_year(users["registrar"])
    autumn = year.terms.get(kind=TermKind.AUTUMN)
    services.period_create(
        actor=users["registrar"],
        academic_year=year,
        kind=PeriodKind.FX_RETAKE,
        term=autumn,
        starts_on=D(2031, 1, 5),
        ends_on=D(2031, 1, 10),
    )
    with pytest.raises(DomainError) as exc:
        services.term_update(actor=users["registrar"], term=autumn, starts_on=D(2030, 9, 1), ends_on=D(2031, 1, 8))
    assert "05.01.2031–10.01.2031" in exc.value.message
    autumn.refresh_from_db()
    assert autumn.ends_on == D(2031, 1, 10)


def test_a_summer_term_can_be_added_later(users):
    year = _create_year(users["registrar"], terms=_terms(2030)[:2])
    term = services.term_create(
        actor=users["registrar"],
        academic_year=year,
        kind=TermKind.SUMMER,
        starts_on=D(2031, 6, 15),
        ends_on=D(2031, 7, 31),
    )
    assert term.academic_year == year
    with pytest.raises(DomainError):
        services.term_create(
            actor=users["registrar"],
            academic_year=year,
            kind=TermKind.SUMMER,
            starts_on=D(2031, 6, 15),
            ends_on=D(2031, 7, 31),
        )


# --- periods ------------------------------------------------------------------------------------


def _period(actor, year, **fields):
    values = {"kind": PeriodKind.MIDTERM_1, "term": year.terms.get(kind=TermKind.AUTUMN)}
    values.update({"starts_on": D(2030, 10, 13), "ends_on": D(2030, 10, 19)}, **fields)
    return services.period_create(actor=actor, academic_year=year, **values)


def test_registrar_adds_a_period_and_its_history_names_them(users):
    year = year_with_terms()
    period = _period(users["registrar"], year)
    assert period.pk and period.history.first().history_user == users["registrar"]


def test_overlapping_period_of_the_same_kind_and_scope_is_refused(users):
    year = year_with_terms()
    _period(users["registrar"], year)
    with pytest.raises(DomainError) as exc:
        _period(users["registrar"], year, starts_on=D(2030, 10, 19), ends_on=D(2030, 10, 25))
    assert exc.value.field == "starts_on"
    assert "13.10.2030–19.10.2030" in exc.value.message
    assert CalendarPeriod.objects.count() == 1


def test_period_for_everyone_conflicts_with_one_for_full_time_year_4(users):
    year = year_with_terms()
    _period(users["registrar"], year, study_form=StudyForm.FULL_TIME, year_of_study=4)
    with pytest.raises(DomainError):
        _period(users["registrar"], year)


def test_periods_for_different_study_forms_may_share_dates(users):
    year = year_with_terms()
    _period(users["registrar"], year, study_form=StudyForm.FULL_TIME)
    _period(users["registrar"], year, study_form=StudyForm.DISTANCE)
    assert CalendarPeriod.objects.count() == 2


def test_every_violation_is_reported_at_once(users):
    year = year_with_terms()
    _period(users["registrar"], year)
    with pytest.raises(DomainError) as exc:
        _period(users["registrar"], year, starts_on=D(2030, 8, 30), ends_on=D(2030, 10, 14))
    assert [e.field for e in exc.value.errors] == ["starts_on", "starts_on"]  # outside the term, overlap


def test_editing_a_period_does_not_conflict_with_itself(users):
    year = year_with_terms()
    period = _period(users["registrar"], year)
    services.period_update(actor=users["registrar"], period=period, ends_on=D(2030, 10, 20), name="РК1")
    period.refresh_from_db()
    assert (period.ends_on, period.name) == (D(2030, 10, 20), "РК1")


def test_editing_a_period_into_another_is_refused(users):
    year = year_with_terms()
    _period(users["registrar"], year)
    later = _period(users["registrar"], year, starts_on=D(2030, 11, 1), ends_on=D(2030, 11, 7))
    with pytest.raises(DomainError):
        services.period_update(actor=users["registrar"], period=later, starts_on=D(2030, 10, 15))
    later.refresh_from_db()
    assert later.starts_on == D(2030, 11, 1)


def test_deleting_a_period_keeps_who_deleted_it(users):
    period = _period(users["registrar"], year_with_terms())
    services.period_delete(actor=users["registrar_head"], period=period)
    assert not CalendarPeriod.objects.exists()
    assert CalendarPeriod.history.filter(history_type="-").get().history_user == users["registrar_head"]


def test_public_holidays_are_data(users):
    year = year_with_terms()
    holiday = services.period_create(
        actor=users["registrar"],
        academic_year=year,
        kind=PeriodKind.HOLIDAY,
        starts_on=D(2031, 3, 21),
        ends_on=D(2031, 3, 23),
        name="Наурыз мейрамы",
    )
    assert str(holiday) == "Наурыз мейрамы 21.03.2031–23.03.2031"


# --- copying last year's calendar ---------------------------------------------------------------


def _full_year(actor, y=2027):
    """A year whose calendar touches 29 February of the leap year 2028."""
    year = _create_year(actor, y)
    autumn, spring = year.terms.get(kind=TermKind.AUTUMN), year.terms.get(kind=TermKind.SPRING)
    for kind, term, start, end, extra in [
        (PeriodKind.REGISTRATION, autumn, D(y, 4, 1), D(y, 4, 25), {}),
        (PeriodKind.CLASSES, autumn, D(y, 9, 1), D(y, 12, 14), {}),
        (PeriodKind.MIDTERM_1, spring, D(y + 1, 2, 23), D(y + 1, 2, 29), {}),
        (PeriodKind.EXAM_SESSION, autumn, D(y, 12, 22), D(y + 1, 1, 9), {"study_form": StudyForm.DISTANCE}),
        (PeriodKind.FINAL_ATTESTATION, None, D(y + 1, 5, 25), D(y + 1, 6, 20), {"year_of_study": 4}),
        (PeriodKind.HOLIDAY, None, D(y + 1, 3, 21), D(y + 1, 3, 23), {"name": "Наурыз мейрамы"}),
    ]:
        services.period_create(
            actor=actor, academic_year=year, kind=kind, term=term, starts_on=start, ends_on=end, **extra
        )
    return year


def test_copy_last_years_calendar_shifts_every_date_by_a_year(users):
    source = _full_year(users["registrar"])
    target = services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2028)
    assert (target.starts_on, target.ends_on) == (D(2028, 9, 1), D(2029, 8, 31))
    assert [(t.kind, t.starts_on) for t in target.terms.order_by("starts_on")] == [
        ("autumn", D(2028, 9, 1)),
        ("spring", D(2029, 1, 19)),
        ("summer", D(2029, 6, 15)),
    ]
    copied = {p.kind: p for p in target.periods.select_related("term")}
    assert len(copied) == 6
    assert (copied["registration"].starts_on, copied["registration"].term.academic_year) == (D(2028, 4, 1), target)
    assert copied["midterm_1"].ends_on == D(2029, 2, 28)  # 29 February becomes 28 February
    assert copied["exam_session"].study_form == StudyForm.DISTANCE
    assert copied["final_attestation"].year_of_study == 4
    assert copied["holiday"].name == "Наурыз мейрамы"
    assert source.periods.count() == 6  # the source is untouched


def test_copy_is_refused_if_the_target_year_has_periods(users):
    source = _full_year(users["registrar"])
    services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2028)
    with pytest.raises(DomainError) as exc:
        services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2028)
    assert "2028/2029" in exc.value.message
    assert CalendarPeriod.objects.count() == 12


def test_copy_fills_an_existing_empty_year_and_keeps_its_terms(users):
    source = _full_year(users["registrar"])
    target = _create_year(users["registrar"], 2028, terms=[(TermKind.AUTUMN, D(2028, 9, 1), D(2029, 1, 12))])
    services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2028)
    assert target.terms.get(kind=TermKind.AUTUMN).ends_on == D(2029, 1, 12)
    assert target.terms.count() == 3  # spring and summer copied
    assert target.periods.filter(term__kind=TermKind.AUTUMN).count() == 3


def test_copy_that_breaks_a_rule_copies_nothing(users):
    source = _full_year(users["registrar"])
    target = _create_year(users["registrar"], 2028, terms=[(TermKind.AUTUMN, D(2028, 9, 2), D(2029, 1, 10))])
    with pytest.raises(DomainError) as exc:
        services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2028)
    assert "01.09.2028" in exc.value.message
    assert target.periods.count() == 0
    assert target.terms.count() == 1


def test_copy_to_the_same_year_is_refused(users):
    source = _full_year(users["registrar"])
    with pytest.raises(DomainError) as exc:
        services.calendar_copy_from_previous(actor=users["registrar"], source_year=source, target_start_year=2027)
    assert exc.value.field == "target_start_year"


def test_copy_records_the_registrar_in_the_history(users):
    source = _full_year(users["registrar"])
    target = services.calendar_copy_from_previous(
        actor=users["registrar_head"], source_year=source, target_start_year=2028
    )
    assert {h.history_user for h in CalendarPeriod.history.filter(academic_year_id=target.pk)} == {
        users["registrar_head"]
    }


def test_factories_make_a_valid_calendar(users):
    period = CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms()))
    assert services.period_violations(period, year=period.academic_year, term=period.term) == []
