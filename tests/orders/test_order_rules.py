"""Pure rules of orders, without a database: numbering, months, leave durations, parameters."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from orders.choices import LeaveGround, OrderType
from orders.params import PARAMS, clean_params, parse_date
from orders.rules import (
    TYPE_CODES,
    add_months,
    add_years,
    cohort_intake_year,
    format_order_number,
    leave_errors,
    number_pattern_errors,
    programme_years,
)

dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2090, 12, 31))
ONE_DAY = datetime.timedelta(days=1)


# --- numbering -----------------------------------------------------------------------------------------


@given(n=st.integers(min_value=1, max_value=100_000), order_type=st.sampled_from(OrderType.values))
def test_the_default_pattern_is_number_dash_type_code(n, order_type):
    assert format_order_number("{n}-{type}", n=n, order_type=order_type, year=2026) == f"{n}-{TYPE_CODES[order_type]}"


def test_every_order_type_has_its_own_code():
    assert set(TYPE_CODES) == set(OrderType.values)
    assert len(set(TYPE_CODES.values())) == len(TYPE_CODES)


def test_pattern_fields_year_and_two_digit_year():
    assert format_order_number("{yy}/{n}{type}", n=7, order_type=OrderType.EXPULSION, year=2026) == "26/7О"
    assert format_order_number("№{n} ({year})", n=12, order_type=OrderType.ENROLMENT, year=2025) == "№12 (2025)"


@pytest.mark.parametrize(
    "pattern, fragment",
    [("{type}-{year}", "must contain {n}"), ("{n}-{kind}", "unknown fields: {kind}"), ("{n", "unmatched brace")],
)
def test_bad_patterns_are_explained(pattern, fragment):
    errors = number_pattern_errors(pattern)
    assert any(fragment in e for e in errors)
    with pytest.raises(ValueError):
        format_order_number(pattern, n=1, order_type=OrderType.ENROLMENT, year=2026)


@given(st.text(max_size=30))
def test_any_pattern_is_either_explained_or_usable(pattern):
    errors = number_pattern_errors(pattern)
    if not errors:
        assert isinstance(format_order_number(pattern, n=3, order_type=OrderType.PROMOTION, year=2026), str)


# --- months ----------------------------------------------------------------------------------------------


@given(day=dates, months=st.integers(min_value=-60, max_value=60))
def test_adding_months_lands_in_the_right_month_on_the_same_or_last_day(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + ONE_DAY).month != result.month)


@given(day=dates.filter(lambda d: d.day <= 28), months=st.integers(min_value=-60, max_value=60))
def test_adding_and_subtracting_months_returns_to_the_day(day, months):
    assert add_months(add_months(day, months), -months) == day


def test_end_of_month_and_leap_years():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_years(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)


# --- leave durations (order No. 506) --------------------------------------------------------------------


@given(start=dates, months=st.integers(min_value=1, max_value=40))
def test_medical_leave_lasts_six_to_twelve_months(start, months):
    until = add_months(start, months) - ONE_DAY
    allowed = not leave_errors(LeaveGround.MEDICAL, start, until)
    assert allowed == (6 <= months <= 12)


@given(start=dates, months=st.integers(min_value=1, max_value=40))
def test_tuberculosis_leave_lasts_up_to_thirty_six_months(start, months):
    until = add_months(start, months) - ONE_DAY
    assert (not leave_errors(LeaveGround.TUBERCULOSIS, start, until)) == (6 <= months <= 36)


@given(start=dates)
def test_a_day_more_than_twelve_months_is_refused(start):
    longest = add_months(start, 12) - ONE_DAY
    assert not leave_errors(LeaveGround.MEDICAL, start, longest)
    assert leave_errors(LeaveGround.MEDICAL, start, longest + ONE_DAY)


@given(
    born=dates, start_offset=st.integers(min_value=0, max_value=1200), length=st.integers(min_value=0, max_value=900)
)
def test_child_care_leave_ends_by_the_third_birthday(born, start_offset, length):
    start = born + datetime.timedelta(days=start_offset)
    until = start + datetime.timedelta(days=length)
    allowed = not leave_errors(LeaveGround.CHILD_CARE, start, until, born)
    assert allowed == (until <= add_years(born, 3))


def test_child_care_needs_the_birth_date_and_starts_after_it():
    start = datetime.date(2026, 2, 1)
    assert leave_errors(LeaveGround.CHILD_CARE, start, start + ONE_DAY)[0][0] == "child_birth_date"
    errors = leave_errors(LeaveGround.CHILD_CARE, start, start + ONE_DAY, start + ONE_DAY)
    assert "on or after the child's birth" in errors[0][1]


@given(start=dates, back=st.integers(min_value=1, max_value=400), ground=st.sampled_from(LeaveGround.values))
def test_a_leave_never_ends_before_it_starts(start, back, ground):
    errors = leave_errors(ground, start, start - datetime.timedelta(days=back), start)
    assert errors == [("leave_until", "The leave cannot end before it starts.")]


@given(start=dates, length=st.integers(min_value=0, max_value=2000))
def test_military_service_leave_has_no_fixed_length(start, length):
    assert not leave_errors(LeaveGround.MILITARY, start, start + datetime.timedelta(days=length))


# --- programme years, cohorts --------------------------------------------------------------------------


@pytest.mark.parametrize("duration, years", [(Decimal("4"), 4), (Decimal("2.5"), 3), (Decimal("1"), 1), (5, 5)])
def test_years_of_study_of_a_programme(duration, years):
    assert programme_years(duration) == years


@given(year=st.integers(min_value=2000, max_value=2100), year_of_study=st.integers(min_value=1, max_value=7))
def test_the_cohort_in_a_year_of_study(year, year_of_study):
    intake = cohort_intake_year(year, year_of_study)
    assert year - intake + 1 == year_of_study


# --- parameters -----------------------------------------------------------------------------------------


@given(day=dates)
def test_dates_are_read_in_both_formats(day):
    assert parse_date(day.isoformat()) == day == parse_date(f"{day:%d.%m.%Y}")


def test_parameters_are_cleaned_to_their_stored_form():
    values, errors = clean_params(
        OrderType.ACADEMIC_LEAVE,
        {"leave_ground": "medical", "leave_from": "01.02.2026", "leave_until": "", "child_birth_date": None},
    )
    assert errors == [] and values == {"leave_ground": "medical", "leave_from": "2026-02-01"}
    values, errors = clean_params(OrderType.ENROLMENT, {"programme": " 6b06101 ", "year_of_study": "2", "group": 5})
    assert values == {"programme": "6B06101", "year_of_study": 2, "group": 5}


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ({"leave_ground": "holiday"}, "must be one of"),
        ({"leave_until": "2026-13-01"}, "not a date"),
        ({"colour": "red"}, "not a parameter"),
    ],
)
def test_bad_parameters_are_named(raw, fragment):
    _values, errors = clean_params(OrderType.ACADEMIC_LEAVE, raw)
    assert len(errors) == 1 and fragment in errors[0][1]


def test_item_only_parameters_are_not_order_defaults():
    _values, errors = clean_params(OrderType.ENROLMENT, {"iin": "123"}, order_level=True)
    assert errors and errors[0][0] == "iin"


def test_required_parameters_are_reported_when_asked():
    _values, errors = clean_params(OrderType.EXPULSION, {}, check_required=True)
    assert [name for name, _m in errors] == ["expulsion_ground"]


@given(st.data())
def test_cleaning_is_idempotent(data):
    order_type = data.draw(st.sampled_from([t for t in OrderType.values if t != OrderType.CANCELLATION]))
    raw = {}
    for p in PARAMS[order_type]:
        if not data.draw(st.booleans()):
            continue
        if p.kind == "choice":
            raw[p.name] = data.draw(st.sampled_from([c[0] for c in p.choices]))
        elif p.kind == "date":
            raw[p.name] = data.draw(dates).strftime(data.draw(st.sampled_from(["%Y-%m-%d", "%d.%m.%Y"])))
        elif p.kind == "bool":
            raw[p.name] = data.draw(st.booleans())
        elif p.kind in ("int", "group", "teacher", "curriculum"):
            raw[p.name] = data.draw(st.integers(min_value=p.min_value or 1, max_value=p.max_value or 10_000))
        elif p.kind == "email":
            raw[p.name] = "student@example.kz"
        else:
            text = data.draw(st.text(alphabet="абвӘәҒғҚқҢңӨөҰұҮүҺһІі xyz", min_size=1, max_size=min(20, p.max_length)))
            assume(text.strip())
            raw[p.name] = text
    once, errors = clean_params(order_type, raw)
    assert errors == []
    twice, errors = clean_params(order_type, once)
    assert errors == [] and twice == once


def test_leave_bounds_come_from_the_university_settings():
    from types import SimpleNamespace

    from orders.rules import leave_limits_from

    settings_obj = SimpleNamespace(
        leave_medical_min_months=3,
        leave_medical_max_months=6,
        leave_tuberculosis_max_months=24,
        leave_child_care_until_age=2,
    )
    months, child_age = leave_limits_from(settings_obj)
    start = datetime.date(2026, 9, 1)
    nine_months = datetime.date(2027, 5, 31)
    assert not leave_errors(LeaveGround.MEDICAL, start, nine_months)  # the default 6–12 allows it
    assert leave_errors(LeaveGround.MEDICAL, start, nine_months, months=months, child_care_until_age=child_age)
    born = datetime.date(2025, 1, 10)
    assert leave_errors(
        LeaveGround.CHILD_CARE, start, datetime.date(2027, 3, 1), born, months=months, child_care_until_age=child_age
    )
