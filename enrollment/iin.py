"""The IIN (individual identification number) check of RULES.md §10, with no database.

Twelve digits: 1–6 the birth date YYMMDD; 7 the century and sex (1/2: 1800s, 3/4: 1900s,
5/6: 2000s; odd male, even female); 8–11 a serial; 12 a check digit computed with weights
1..11 mod 11, or, when that gives 10, with weights 3..11,1,2 mod 11; if that gives 10 again
no IIN with these eleven digits exists.

A limit of the algorithm itself, not of this code: digit 11 carries weight 11 ≡ 0 (mod 11)
in the first weighting, so changing it alone keeps the check digit whenever the first
weighting decides; the check cannot catch that typo (tests/enrollment/test_iin.py shows it).
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

MALE, FEMALE = "M", "F"  # the values of enrollment.choices.Sex

# 7th digit -> (first year of the century, sex)
_CENTURY_SEX = {
    1: (1800, MALE),
    2: (1800, FEMALE),
    3: (1900, MALE),
    4: (1900, FEMALE),
    5: (2000, MALE),
    6: (2000, FEMALE),
}


def _digits(text: str) -> list[int]:
    return [int(c) for c in text]


def is_well_formed(iin) -> bool:
    """Exactly twelve ASCII digits."""
    return isinstance(iin, str) and len(iin) == 12 and iin.isascii() and iin.isdigit()


def iin_check_digit(first11: str) -> int | None:
    """The check digit for the first eleven digits, or None if both weightings give 10."""
    digits = _digits(first11[:11])
    if len(digits) != 11:
        raise ValueError("eleven digits expected")
    value = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=True)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=True)) % 11
        if value == 10:
            return None
    return value


def iin_sex(iin: str) -> str | None:
    """'M' or 'F' from the 7th digit; None if the IIN is malformed or the digit is not 1–6."""
    if not is_well_formed(iin):
        return None
    entry = _CENTURY_SEX.get(int(iin[6]))
    return entry[1] if entry else None


def iin_birth_date(iin: str) -> datetime.date | None:
    """The birth date of digits 1–6 in the century of digit 7; None if there is no such date."""
    if not is_well_formed(iin):
        return None
    entry = _CENTURY_SEX.get(int(iin[6]))
    if entry is None:
        return None
    try:
        return datetime.date(entry[0] + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def _date_digits_possible(iin: str) -> bool:
    """Without a known century: do the month and day exist in some year (29.02 in a leap year)?"""
    try:
        datetime.date(2000, int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return False
    return True


def _sex_label(sex: str) -> str:
    return _("male") if sex == MALE else _("female")


def _d(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def validate_iin(iin, *, birth_date: datetime.date | None = None, sex: str | None = None) -> list[str]:
    """Every failed check of `iin` as a sentence naming the check; an empty list means valid.

    With `birth_date` / `sex` (as entered on the form) the IIN must also agree with them.
    """
    text = "" if iin is None else str(iin)
    if not is_well_formed(text):
        if text and text.isascii() and text.isdigit():
            return [
                _("The IIN must have exactly 12 digits; “%(value)s” has %(count)d.")
                % {"value": text, "count": len(text)}
            ]
        return [_("The IIN must consist of exactly 12 digits (0–9); “%(value)s” does not.") % {"value": text}]

    errors = []
    seventh = int(text[6])
    century_known = seventh in _CENTURY_SEX
    if not century_known:
        errors.append(
            _("The 7th digit of the IIN (century of birth and sex) must be 1–6; it is %(digit)d.") % {"digit": seventh}
        )
    born = iin_birth_date(text)
    if born is None and (century_known or not _date_digits_possible(text)):
        errors.append(
            _("Digits 1–6 of the IIN (birth date YYMMDD) are not a real date: %(digits)s.") % {"digits": text[:6]}
        )

    expected = iin_check_digit(text[:11])
    if expected is None:
        errors.append(
            _(
                "The IIN is invalid: for its first 11 digits both weightings of the check give 10, "
                "so no check digit exists."
            )
        )
    elif expected != int(text[11]):
        errors.append(
            _("The check digit (12th) of the IIN is %(given)s, but the first 11 digits require %(expected)d.")
            % {"given": text[11], "expected": expected}
        )

    if birth_date is not None and born is not None and born != birth_date:
        errors.append(
            _("The IIN gives the birth date %(iin_date)s, but the birth date entered is %(entered)s.")
            % {"iin_date": _d(born), "entered": _d(birth_date)}
        )
    if sex and century_known and iin_sex(text) != sex:
        errors.append(
            _("The 7th digit of the IIN (%(digit)d) means %(iin_sex)s, but the sex entered is %(entered)s.")
            % {"digit": seventh, "iin_sex": _sex_label(iin_sex(text)), "entered": _sex_label(sex)}
        )
    return errors


def century_sex_digit(birth_date: datetime.date, sex: str) -> int:
    if not 1800 <= birth_date.year <= 2099:
        raise ValueError("the IIN encodes births in 1800–2099 only")
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    return base if sex == MALE else base + 1


def make_iin(birth_date: datetime.date, sex: str, serial: int) -> str:
    """A valid IIN for this birth date and sex with serial digits 8–11 taken from `serial`.

    About one serial in a hundred has no check digit; the next serial (mod 10 000) is taken
    then, so the result is deterministic and always valid.
    """
    head = f"{birth_date:%y%m%d}{century_sex_digit(birth_date, sex)}"
    for step in range(10_000):
        first11 = f"{head}{(serial + step) % 10_000:04d}"
        check = iin_check_digit(first11)
        if check is not None:
            return f"{first11}{check}"
    raise AssertionError("unreachable: some serial always has a check digit")
