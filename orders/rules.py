"""Pure rules of orders, no database: numbering, date arithmetic, leave durations (RULES.md §8).

Tested exhaustively in tests/orders/test_order_rules.py.
"""

import calendar
import datetime
import math
import string
from decimal import Decimal

from django.utils.translation import gettext as _

from .choices import LeaveGround, OrderType

# The `{type}` part of an order number: short Russian abbreviations as registrar offices write them
# (12-З is the twelfth enrolment order of the year). Numbers are identifiers, never translated.
TYPE_CODES = {
    OrderType.ENROLMENT: "З",
    OrderType.PROMOTION: "П",
    OrderType.REPEAT_YEAR: "ПК",
    OrderType.TRANSFER: "ПР",
    OrderType.ACADEMIC_LEAVE: "АО",
    OrderType.RETURN_FROM_LEAVE: "ВО",
    OrderType.REINSTATEMENT: "В",
    OrderType.EXPULSION: "О",
    OrderType.FUNDING_CHANGE: "Ф",
    OrderType.NAME_CHANGE: "ФИО",
    OrderType.GRADUATION: "ВП",
    OrderType.CANCELLATION: "ОТМ",
}

NUMBER_FIELDS = frozenset({"n", "type", "year", "yy"})

# Academic leave (order No. 506 of 04.12.2014): months (min, max) by ground; child care ends at
# the child's third birthday; military service lasts as long as the service (no fixed bound).
# These are the defaults of the university settings; orders pass the settings' values.
LEAVE_MONTHS = {
    LeaveGround.MEDICAL: (6, 12),
    LeaveGround.TUBERCULOSIS: (6, 36),
}
CHILD_CARE_UNTIL_AGE = 3


def number_pattern_errors(pattern: str) -> list[str]:
    """What is wrong with an order number pattern (empty list: usable)."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return [_("The order number pattern has an unmatched brace.")]
    errors = []
    unknown = sorted(names - NUMBER_FIELDS)
    if unknown:
        errors.append(
            _("The order number pattern has unknown fields: %(fields)s (allowed: {n}, {type}, {year}, {yy}).")
            % {"fields": ", ".join("{" + name + "}" for name in unknown)}
        )
    if "n" not in names:
        errors.append(_("The order number pattern must contain {n}, the number within the year and type."))
    return errors


def format_order_number(pattern: str, *, n: int, order_type: str, year: int) -> str:
    """The number of the n-th order of a type in a year, e.g. "{n}-{type}" → "12-З"."""
    errors = number_pattern_errors(pattern)
    if errors:
        raise ValueError(" ".join(errors))
    return pattern.format(n=n, type=TYPE_CODES[order_type], year=year, yy=f"{year % 100:02d}")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter: 31.01 + 1 → 28/29.02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def leave_limits_from(settings_obj) -> tuple[dict, int]:
    """The leave bounds of the university settings, in the shape of LEAVE_MONTHS / CHILD_CARE_UNTIL_AGE."""
    medical = (settings_obj.leave_medical_min_months, settings_obj.leave_medical_max_months)
    tuberculosis = (settings_obj.leave_medical_min_months, settings_obj.leave_tuberculosis_max_months)
    months = {LeaveGround.MEDICAL: medical, LeaveGround.TUBERCULOSIS: tuberculosis}
    return months, settings_obj.leave_child_care_until_age


def leave_errors(
    ground: str,
    start: datetime.date,
    until: datetime.date,
    child_birth_date: datetime.date | None = None,
    *,
    months: dict | None = None,
    child_care_until_age: int | None = None,
) -> list[tuple[str, str]]:
    """Why an academic leave from `start` to `until` (last day of leave, inclusive) is not allowed.

    Returns (field, message) pairs; empty when the leave is allowed. A leave of n months from
    01.09 ends on the day before the same date n months later (01.09 – 31.08 is 12 months).
    """
    if until < start:
        return [("leave_until", _("The leave cannot end before it starts."))]
    errors = []
    months = LEAVE_MONTHS if months is None else months
    child_care_until_age = CHILD_CARE_UNTIL_AGE if child_care_until_age is None else child_care_until_age
    if ground in months:
        low, high = months[ground]
        shortest = add_months(start, low) - datetime.timedelta(days=1)
        longest = add_months(start, high) - datetime.timedelta(days=1)
        if until < shortest or until > longest:
            errors.append(
                (
                    "leave_until",
                    _(
                        "A leave on this ground lasts from %(low)d to %(high)d months: from %(start)s it ends "
                        "between %(shortest)s and %(longest)s."
                    )
                    % {
                        "low": low,
                        "high": high,
                        "start": f"{start:%d.%m.%Y}",
                        "shortest": f"{shortest:%d.%m.%Y}",
                        "longest": f"{longest:%d.%m.%Y}",
                    },
                )
            )
    elif ground == LeaveGround.CHILD_CARE:
        if child_birth_date is None:
            errors.append(("child_birth_date", _("Child care leave needs the child's birth date.")))
        else:
            birthday = add_years(child_birth_date, child_care_until_age)
            if child_birth_date > start:
                errors.append(("child_birth_date", _("Child care leave starts on or after the child's birth.")))
            if until > birthday:
                errors.append(
                    (
                        "leave_until",
                        _("Child care leave lasts until the child turns %(age)s (%(date)s) at the latest.")
                        % {"age": child_care_until_age, "date": f"{birthday:%d.%m.%Y}"},
                    )
                )
    return errors


def programme_years(duration_years: Decimal | float | int) -> int:
    """Years of study a programme has (2.5 years of study → 3 years of study)."""
    return math.ceil(Decimal(str(duration_years)))


def cohort_intake_year(academic_year: int, year_of_study: int) -> int:
    """The intake year of the students who are in `year_of_study` in `academic_year` (its starting year)."""
    return academic_year - year_of_study + 1
