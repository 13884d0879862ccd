"""RULES.md §6: the calendar's date rules, pure (no database): boundaries day by day and the
overlap predicate against brute force."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academics.calendar_rules import (
    PeriodFacts,
    PeriodScope,
    TermFacts,
    YearFacts,
    applies_to,
    closeness,
    dates_overlap,
    periods_conflict,
    scopes_intersect,
    shift_years,
    validate_period,
    validate_term,
    validate_year,
)
from academics.choices import BEFORE_TERM_PERIOD_KINDS, TERM_PERIOD_KINDS, PeriodKind, TermKind

D = datetime.date
YEAR = YearFacts(1, 2030, D(2030, 9, 1), D(2031, 8, 31))
AUTUMN = TermFacts(10, TermKind.AUTUMN, D(2030, 9, 1), D(2031, 1, 10), year_key=1)
SPRING = TermFacts(11, TermKind.SPRING, D(2031, 1, 19), D(2031, 6, 10), year_key=1)
SUMMER = TermFacts(12, TermKind.SUMMER, D(2031, 6, 15), D(2031, 7, 31), year_key=1)
YEAR_WIDE_KINDS = [k for k in PeriodKind.values if k not in TERM_PERIOD_KINDS | BEFORE_TERM_PERIOD_KINDS]


CLASSES_START, CLASSES_END = D(2030, 9, 1), D(2030, 12, 14)


def period(kind=PeriodKind.CLASSES, start=CLASSES_START, end=CLASSES_END, term=AUTUMN, key=None, **scope):
    return PeriodFacts(
        key=key,
        kind=kind,
        starts_on=start,
        ends_on=end,
        term_key=term.key if term else None,
        study_form=scope.get("study_form", ""),
        year_of_study=scope.get("year_of_study"),
        name=scope.get("name", ""),
    )


def check(p, term=AUTUMN, siblings=()):
    return validate_period(p, year=YEAR, term=term, siblings=siblings)


def fields(violations):
    return [v.field for v in violations]


# --- the overlap predicate ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((1, 5), (1, 5), True),  # the same days
        ((1, 5), (1, 1), True),  # the same start day
        ((1, 5), (5, 9), True),  # one ends the day the other starts: both are open that day
        ((1, 5), (6, 9), False),  # one ends the day before the other starts
        ((3, 3), (1, 5), True),  # one day inside
        ((1, 5), (0, 0), False),  # one day just before
        ((1, 5), (6, 6), False),  # one day just after
        ((1, 9), (3, 4), True),  # contained
    ],
)
def test_dates_overlap_boundaries(a, b, expected):
    day = D(2030, 10, 1)
    dates = [day + datetime.timedelta(days=n) for n in (*a, *b)]
    assert dates_overlap(*dates) is expected
    assert dates_overlap(dates[2], dates[3], dates[0], dates[1]) is expected


spans = st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@given(spans, spans)
def test_overlap_means_a_shared_day(a, b):
    base = D(2030, 9, 1)
    shared = set(range(a[0], a[1] + 1)) & set(range(b[0], b[1] + 1))
    as_dates = [base + datetime.timedelta(days=n) for n in (*a, *b)]
    assert dates_overlap(*as_dates) == bool(shared)


forms = st.sampled_from(["", "full_time", "distance"])
years_of_study = st.sampled_from([None, 1, 2, 4])
term_keys = st.sampled_from([None, 10, 11])


def _students(form, year, term):
    """Every (form, year, term) a concrete student in a concrete term could have under this scope."""
    return {
        (f, y, t)
        for f in ([form] if form else ["full_time", "distance"])
        for y in ([year] if year else [1, 2, 3, 4])
        for t in ([term] if term else [10, 11])
    }


@given(forms, years_of_study, term_keys, forms, years_of_study, term_keys)
def test_scopes_intersect_exactly_when_a_student_can_fall_under_both(f1, y1, t1, f2, y2, t2):
    a = PeriodFacts(None, PeriodKind.HOLIDAY, D(2030, 9, 1), D(2030, 9, 1), t1, f1, y1)
    b = PeriodFacts(None, PeriodKind.HOLIDAY, D(2030, 9, 1), D(2030, 9, 1), t2, f2, y2)
    assert scopes_intersect(a, b) == bool(_students(f1, y1, t1) & _students(f2, y2, t2))
    assert scopes_intersect(a, b) == scopes_intersect(b, a)


@given(forms, years_of_study, spans, forms, years_of_study, spans)
def test_conflict_is_symmetric_and_needs_same_kind(f1, y1, s1, f2, y2, s2):
    base = D(2030, 9, 1)
    a = PeriodFacts(1, "vacation", base + datetime.timedelta(s1[0]), base + datetime.timedelta(s1[1]), None, f1, y1)
    b = PeriodFacts(2, "vacation", base + datetime.timedelta(s2[0]), base + datetime.timedelta(s2[1]), None, f2, y2)
    assert periods_conflict(a, b) == periods_conflict(b, a)
    other_kind = PeriodFacts(2, "holiday", b.starts_on, b.ends_on, None, f2, y2)
    assert not periods_conflict(a, other_kind)


def test_period_for_everyone_overlaps_one_for_full_time_year_4():
    everyone = period(PeriodKind.EXAM_SESSION, D(2030, 12, 15), D(2030, 12, 31), key=1)
    narrow = period(PeriodKind.EXAM_SESSION, D(2030, 12, 20), D(2030, 12, 25), study_form="full_time", year_of_study=4)
    assert periods_conflict(everyone, narrow)


def test_different_study_forms_or_years_do_not_overlap():
    full = period(PeriodKind.EXAM_SESSION, D(2030, 12, 15), D(2030, 12, 31), key=1, study_form="full_time")
    distance = period(PeriodKind.EXAM_SESSION, D(2030, 12, 15), D(2030, 12, 31), study_form="distance")
    assert not periods_conflict(full, distance)
    y3 = period(PeriodKind.PRACTICE, D(2031, 6, 8), D(2031, 7, 5), term=None, key=1, year_of_study=3)
    y4 = period(PeriodKind.PRACTICE, D(2031, 6, 8), D(2031, 7, 5), term=None, year_of_study=4)
    assert not periods_conflict(y3, y4)


# --- periods against their term and year --------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(TERM_PERIOD_KINDS - {PeriodKind.SUMMER_TERM}))
def test_term_window_needs_a_term(kind):
    errors = check(period(kind, term=None), term=None)
    assert fields(errors) == ["term"]


@pytest.mark.parametrize("kind", sorted(BEFORE_TERM_PERIOD_KINDS))
def test_registration_and_add_drop_need_a_term(kind):
    assert fields(check(period(kind, D(2030, 4, 1), D(2030, 4, 25), term=None), term=None)) == ["term"]


@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (D(2030, 9, 1), D(2031, 1, 10), True),  # exactly the term
        (D(2030, 9, 1), D(2030, 9, 1), True),  # the term's first day only
        (D(2031, 1, 10), D(2031, 1, 10), True),  # the term's last day only
        (D(2030, 8, 31), D(2030, 12, 1), False),  # starts a day before the term
        (D(2030, 10, 1), D(2031, 1, 11), False),  # ends a day after the term
    ],
)
def test_term_window_lies_within_its_term(start, end, valid):
    errors = check(period(PeriodKind.EXAM_SESSION, start, end))
    assert (errors == []) is valid
    if not valid:
        assert "01.09.2030–10.01.2031" in errors[0].message  # the term's dates, d.m.Y


def test_registration_for_the_autumn_may_happen_in_april():
    assert check(period(PeriodKind.REGISTRATION, D(2030, 4, 1), D(2030, 4, 25))) == []


@pytest.mark.parametrize(("end", "valid"), [(D(2031, 1, 9), True), (D(2031, 1, 10), True), (D(2031, 1, 11), False)])
def test_add_drop_ends_on_or_before_the_end_of_its_term(end, valid):
    errors = check(period(PeriodKind.ADD_DROP, D(2030, 12, 1), end))
    assert (errors == []) is valid
    if not valid:
        assert fields(errors) == ["ends_on"]


@pytest.mark.parametrize("kind", YEAR_WIDE_KINDS)
@pytest.mark.parametrize(
    ("start", "end", "valid"),
    [
        (D(2030, 9, 1), D(2030, 9, 1), True),
        (D(2031, 8, 31), D(2031, 8, 31), True),
        (D(2030, 8, 31), D(2030, 9, 3), False),
        (D(2031, 8, 25), D(2031, 9, 1), False),
    ],
)
def test_year_wide_period_lies_within_the_academic_year_and_needs_no_term(kind, start, end, valid):
    errors = check(period(kind, start, end, term=None), term=None)
    assert (errors == []) is valid
    if not valid:
        assert "2030/2031" in errors[0].message and "01.09.2030–31.08.2031" in errors[0].message


def test_a_period_ending_before_it_starts_is_refused():
    errors = check(period(start=D(2030, 10, 2), end=D(2030, 10, 1)))
    assert fields(errors) == ["ends_on"]


def test_summer_term_window_belongs_to_the_summer_term():
    assert check(period(PeriodKind.SUMMER_TERM, D(2031, 6, 15), D(2031, 7, 31), term=SUMMER), term=SUMMER) == []
    errors = check(period(PeriodKind.SUMMER_TERM, D(2030, 9, 1), D(2030, 9, 30)))
    assert fields(errors) == ["term"]


def test_term_of_another_academic_year_is_refused():
    foreign = TermFacts(99, TermKind.AUTUMN, D(2030, 9, 1), D(2031, 1, 10), year_key=2)
    assert "term" in fields(check(period(term=foreign), term=foreign))


# --- overlaps with siblings ----------------------------------------------------------------------

MIDTERM = period(PeriodKind.MIDTERM_1, D(2030, 10, 13), D(2030, 10, 19), key=1)


@pytest.mark.parametrize(
    ("start", "end", "conflict"),
    [
        (D(2030, 10, 13), D(2030, 10, 13), True),  # same start day
        (D(2030, 10, 19), D(2030, 10, 25), True),  # starts the day the other ends
        (D(2030, 10, 6), D(2030, 10, 13), True),  # ends the day the other starts
        (D(2030, 10, 15), D(2030, 10, 15), True),  # one day inside
        (D(2030, 10, 20), D(2030, 10, 26), False),  # the day after
        (D(2030, 10, 6), D(2030, 10, 12), False),  # the day before
    ],
)
def test_same_kind_and_scope_may_not_overlap(start, end, conflict):
    errors = check(period(PeriodKind.MIDTERM_1, start, end), siblings=[MIDTERM])
    assert bool(errors) is conflict
    if conflict:
        message = errors[0].message
        assert "13.10.2030–19.10.2030" in message  # names the conflicting period with its dates
        assert f"{start:%d.%m.%Y}–{end:%d.%m.%Y}" in message


def test_overlap_with_itself_is_not_a_conflict_when_editing():
    assert check(MIDTERM, siblings=[MIDTERM]) == []


def test_overlap_message_names_the_holiday():
    new_year = period(PeriodKind.HOLIDAY, D(2031, 1, 1), D(2031, 1, 2), term=None, key=1, name="Новый год")
    errors = check(period(PeriodKind.HOLIDAY, D(2031, 1, 2), D(2031, 1, 2), term=None), term=None, siblings=[new_year])
    assert "«Новый год» 01.01.2031–02.01.2031" in errors[0].message


def test_windows_of_different_terms_do_not_overlap():
    spring_registration = period(PeriodKind.REGISTRATION, D(2030, 11, 17), D(2030, 11, 28), term=SPRING, key=1)
    autumn_add_drop = period(PeriodKind.REGISTRATION, D(2030, 11, 20), D(2030, 11, 30))
    assert check(autumn_add_drop, siblings=[spring_registration]) == []


def test_different_kinds_may_overlap():
    assert check(period(PeriodKind.MIDTERM_2, D(2030, 10, 13), D(2030, 10, 19)), siblings=[MIDTERM]) == []


# --- terms and years -----------------------------------------------------------------------------


def test_term_lies_within_its_year():
    assert validate_term(AUTUMN, year=YEAR) == []
    early = TermFacts(None, TermKind.AUTUMN, D(2030, 8, 31), D(2031, 1, 10))
    assert fields(validate_term(early, year=YEAR)) == ["starts_on"]
    late = TermFacts(None, TermKind.SUMMER, D(2031, 7, 1), D(2031, 9, 1))
    assert fields(validate_term(late, year=YEAR)) == ["ends_on"]


@pytest.mark.parametrize(
    ("spring_start", "overlap"), [(D(2031, 1, 10), True), (D(2031, 1, 11), False), (D(2031, 1, 5), True)]
)
def test_terms_of_a_year_do_not_overlap(spring_start, overlap):
    spring = TermFacts(None, TermKind.SPRING, spring_start, D(2031, 6, 10))
    errors = validate_term(spring, year=YEAR, siblings=[AUTUMN])
    assert bool(errors) is overlap


def test_a_year_has_one_term_of_each_kind():
    again = TermFacts(None, TermKind.AUTUMN, D(2031, 2, 1), D(2031, 3, 1))
    assert fields(validate_term(again, year=YEAR, siblings=[AUTUMN])) == ["kind"]


@pytest.mark.parametrize(("last_day", "valid"), [(D(2031, 7, 26), True), (D(2031, 7, 25), False)])
def test_summer_term_lasts_at_least_the_minimum_weeks(last_day, valid):
    summer = TermFacts(None, TermKind.SUMMER, D(2031, 6, 15), last_day)  # 15.06–26.07 is 42 days
    errors = validate_term(summer, year=YEAR, summer_min_weeks=6)
    assert (errors == []) is valid
    if not valid:
        assert "41" in errors[0].message and "6" in errors[0].message


def test_short_autumn_term_is_not_held_to_the_summer_minimum():
    short = TermFacts(None, TermKind.AUTUMN, D(2030, 9, 1), D(2030, 9, 20))
    assert validate_term(short, year=YEAR, summer_min_weeks=6) == []


def test_term_must_end_after_it_starts():
    backwards = TermFacts(None, TermKind.AUTUMN, D(2030, 12, 1), D(2030, 9, 1))
    assert fields(validate_term(backwards, year=YEAR)) == ["ends_on"]


def test_year_starts_in_its_starting_year_and_ends_in_the_next():
    assert validate_year(YEAR) == []
    assert fields(validate_year(YearFacts(None, 2030, D(2031, 9, 1), D(2032, 8, 31)))) == ["starts_on", "ends_on"]
    assert fields(validate_year(YearFacts(None, 2030, D(2030, 9, 1), D(2030, 8, 1)))) == ["ends_on"]


@pytest.mark.parametrize(("start", "overlap"), [(D(2031, 8, 31), True), (D(2031, 9, 1), False)])
def test_years_do_not_overlap(start, overlap):
    nxt = YearFacts(None, 2031, start, D(2032, 8, 31))
    assert bool(validate_year(nxt, others=[YEAR])) is overlap


# --- applicability to a scope --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period_scope", "asked", "applies"),
    [
        (("", None), PeriodScope(), True),
        (("", None), PeriodScope("distance", 2), True),
        (("distance", None), PeriodScope("distance", 2), True),
        (("distance", None), PeriodScope("full_time", 2), False),
        (("", 4), PeriodScope("full_time", 4), True),
        (("", 4), PeriodScope("full_time", 3), False),
        (("full_time", 4), PeriodScope(), True),  # an open dimension accepts any period
        (("full_time", 4), PeriodScope(study_form="full_time"), True),
        (("full_time", 4), PeriodScope(year_of_study=1), False),
    ],
)
def test_applies_to(period_scope, asked, applies):
    p = period(study_form=period_scope[0], year_of_study=period_scope[1])
    assert applies_to(p, asked) is applies


def test_applies_to_a_term():
    assert applies_to(period(term=AUTUMN), PeriodScope(term=AUTUMN.key))
    assert not applies_to(period(term=AUTUMN), PeriodScope(term=SPRING.key))
    assert applies_to(period(PeriodKind.HOLIDAY, term=None), PeriodScope(term=SPRING.key))


def test_closest_fit_ranks_the_matching_scope_first():
    everyone, distance = period(), period(study_form="distance")
    assert closeness(distance, PeriodScope("distance")) > closeness(everyone, PeriodScope("distance"))
    assert closeness(everyone, PeriodScope()) > closeness(distance, PeriodScope())


# --- copying ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2027, 9, 1), 1, D(2028, 9, 1)),
        (D(2028, 2, 29), 1, D(2029, 2, 28)),  # 29 February into a common year
        (D(2028, 2, 29), 4, D(2032, 2, 29)),  # into a leap year it stays
        (D(2027, 2, 28), 1, D(2028, 2, 28)),
        (D(2027, 3, 1), -1, D(2026, 3, 1)),
    ],
)
def test_shift_years_keeps_day_and_month(day, years, expected):
    assert shift_years(day, years) == expected


@given(st.dates(min_value=D(2001, 1, 1), max_value=D(2090, 12, 31)), st.integers(1, 5))
def test_shift_years_moves_by_whole_years_and_keeps_the_order_of_days(day, years):
    shifted = shift_years(day, years)
    assert shifted.year == day.year + years and shifted.month == day.month
    assert shifted.day == day.day or (day.month, day.day, shifted.day) == (2, 29, 28)
    nxt = day + datetime.timedelta(days=1)
    assert shift_years(nxt, years) >= shifted  # never reverses two consecutive days
