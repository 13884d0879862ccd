"""Date arithmetic with no database."""

import datetime

# An academic year starts in September; from August on, registration and orders concern the new one.
ACADEMIC_YEAR_FIRST_MONTH = 8


def academic_year_of(day: datetime.date) -> int:
    """Starting calendar year of the academic year `day` belongs to (2026 for 2026/2027)."""
    return day.year if day.month >= ACADEMIC_YEAR_FIRST_MONTH else day.year - 1


def academic_year_label(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"
