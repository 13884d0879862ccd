"""The IIN check of RULES.md §10: every failed check is named, generated IINs validate, typos are
caught wherever the algorithm can catch them. No database."""

import datetime

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from enrollment.iin import (
    FEMALE,
    MALE,
    iin_birth_date,
    iin_check_digit,
    iin_sex,
    is_well_formed,
    make_iin,
    validate_iin,
)

births = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2099, 12, 31))
sexes = st.sampled_from([MALE, FEMALE])
serials = st.integers(min_value=0, max_value=9999)


@st.composite
def valid_iins(draw):
    born, sex, serial = draw(births), draw(sexes), draw(serials)
    return make_iin(born, sex, serial), born, sex


def first_sum(iin: str) -> int:
    return sum(int(d) * w for d, w in zip(iin[:11], range(1, 12), strict=True)) % 11


def with_digit(iin: str, position: int, digit: int) -> str:
    """`iin` with its digit at 1-based `position` replaced."""
    return iin[: position - 1] + str(digit) + iin[position:]


# --- the worked checks ---------------------------------------------------------------------------


def test_a_known_valid_iin_passes():
    # 01.01.2000, female (digit 6), serial 0001: 1·4 + 1·6 + 6·7 + 1·11 = 63 ≡ 8 (mod 11).
    iin = make_iin(datetime.date(2000, 1, 1), FEMALE, 1)
    assert iin == "000101600018"
    assert validate_iin(iin) == []
    assert validate_iin(iin, birth_date=datetime.date(2000, 1, 1), sex=FEMALE) == []


def test_the_second_weighting_is_used_when_the_first_gives_10():
    # Weights 1..11 over 0 0 0 0 0 0 0 0 0 1 0 give 10; weights 3..11,1,2 give 1.
    assert iin_check_digit("00000000010") == 1


def test_no_check_digit_exists_when_both_weightings_give_10():
    first11 = next(f"8503153{n:04d}" for n in range(10_000) if iin_check_digit(f"8503153{n:04d}") is None)
    errors = validate_iin(first11 + "0")
    assert len(errors) == 1 and "both weightings" in errors[0]


@pytest.mark.parametrize("value", ["12345678901", "1234567890123", ""])
def test_wrong_length_is_named(value):
    errors = validate_iin(value)
    assert len(errors) == 1
    assert "12 digits" in errors[0]


@pytest.mark.parametrize("value", ["85031530012a", "８５０３１５３００１２３", "850315-30012"])
def test_non_digits_are_named(value):
    errors = validate_iin(value)
    assert len(errors) == 1 and "12 digits (0–9)" in errors[0]


def test_a_birth_date_that_does_not_exist_is_named():
    iin = "851332300120"  # month 13
    assert any("not a real date" in e and "851332" in e for e in validate_iin(iin))
    assert iin_birth_date(iin) is None


def test_29_february_exists_only_in_leap_years():
    assert iin_birth_date(make_iin(datetime.date(2004, 2, 29), MALE, 5)) == datetime.date(2004, 2, 29)
    iin = make_iin(datetime.date(2004, 2, 29), MALE, 5)
    not_leap = "030229" + iin[6:]  # 2003 is not a leap year
    assert any("not a real date" in e for e in validate_iin(not_leap))


@pytest.mark.parametrize("digit", [0, 7, 8, 9])
def test_a_century_digit_outside_1_to_6_is_named(digit):
    iin = with_digit(make_iin(datetime.date(1999, 5, 17), MALE, 42), 7, digit)
    errors = validate_iin(iin)
    assert any("7th digit" in e and "1–6" in e for e in errors)
    assert iin_sex(iin) is None and iin_birth_date(iin) is None


def test_a_wrong_check_digit_names_the_expected_one():
    iin = make_iin(datetime.date(1999, 5, 17), MALE, 42)
    wrong = with_digit(iin, 12, (int(iin[11]) + 1) % 10)
    (error,) = validate_iin(wrong)
    assert f"require {iin[11]}" in error and "check digit" in error


def test_a_birth_date_other_than_entered_is_named():
    iin = make_iin(datetime.date(1999, 5, 17), MALE, 42)
    (error,) = validate_iin(iin, birth_date=datetime.date(1999, 5, 18), sex=MALE)
    assert "17.05.1999" in error and "18.05.1999" in error


def test_a_sex_other_than_entered_is_named():
    iin = make_iin(datetime.date(1999, 5, 17), MALE, 42)
    (error,) = validate_iin(iin, birth_date=datetime.date(1999, 5, 17), sex=FEMALE)
    assert "male" in error and "female" in error and "7th digit" in error


def test_every_failed_check_is_listed_at_once():
    iin = "991399900000"  # month 13, 7th digit 9, and a check digit that does not fit
    errors = validate_iin(iin)
    assert len(errors) >= 2


def test_messages_are_translated():
    from django.utils import translation

    with translation.override("ru"):
        (error,) = validate_iin("123")
    assert error  # a sentence in any language; the catalogue is filled in by the translators


# --- properties ----------------------------------------------------------------------------------


@given(valid_iins())
def test_every_generated_iin_is_valid(case):
    iin, born, sex = case
    assert is_well_formed(iin)
    assert validate_iin(iin) == []
    assert validate_iin(iin, birth_date=born, sex=sex) == []


@given(valid_iins())
def test_birth_date_and_sex_round_trip(case):
    iin, born, sex = case
    assert iin_birth_date(iin) == born
    assert iin_sex(iin) == sex


@given(valid_iins(), st.integers(min_value=1, max_value=9))
def test_changing_the_check_digit_is_always_detected(case, shift):
    iin = case[0]
    assert validate_iin(with_digit(iin, 12, (int(iin[11]) + shift) % 10))


@given(valid_iins(), st.integers(min_value=1, max_value=10), st.integers(min_value=1, max_value=9))
@example(("000101600018", datetime.date(2000, 1, 1), FEMALE), 10, 1)
def test_changing_one_of_digits_1_to_10_is_detected(case, position, shift):
    """Digits 1–10 have weights 1–10, none a multiple of 11, so a change always moves the first sum.

    The escape is the fallback: when the first sum is 10 before or after the change, the second
    weighting decides one side and may give the same check digit; then the changed number *is*
    another valid IIN, and no check can tell.
    """
    iin = case[0]
    changed = with_digit(iin, position, (int(iin[position - 1]) + shift) % 10)
    assume(first_sum(iin) != 10 and first_sum(changed) != 10)
    assert validate_iin(changed)


@given(valid_iins(), st.integers(min_value=1, max_value=7), st.integers(min_value=1, max_value=9))
def test_with_birth_date_and_sex_entered_any_change_of_digits_1_to_7_is_detected(case, position, shift):
    iin, born, sex = case
    changed = with_digit(iin, position, (int(iin[position - 1]) + shift) % 10)
    assert validate_iin(changed, birth_date=born, sex=sex)


@given(valid_iins(), st.integers(min_value=1, max_value=9))
def test_digit_11_changes_are_detected_only_when_the_second_weighting_decides(case, shift):
    """Weight 11 ≡ 0 (mod 11): the first weighting cannot see digit 11 (a limit of the algorithm)."""
    iin = case[0]
    changed = with_digit(iin, 11, (int(iin[10]) + shift) % 10)
    assert bool(validate_iin(changed)) == (first_sum(iin) == 10)


@given(st.text(max_size=14))
def test_any_text_gives_a_list_of_sentences_and_never_raises(text):
    errors = validate_iin(text)
    assert isinstance(errors, list) and all(isinstance(e, str) and e for e in errors)
    if errors == []:
        assert is_well_formed(text)


def test_births_outside_the_encoded_centuries_are_refused():
    with pytest.raises(ValueError):
        make_iin(datetime.date(2100, 1, 1), MALE, 1)
