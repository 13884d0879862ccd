"""Factories of the exam-schedule tests: an exam session in the academic calendar of a term, holidays."""

import datetime

from academics.models import CalendarPeriod


def monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def exam_session(term, days: int = 12, study_form: str = "") -> list[datetime.date]:
    """An exam session of `days` calendar days starting on a Monday in the term's last weeks; its dates."""
    start = monday_on_or_after(term.ends_on - datetime.timedelta(days=days + 7))
    end = start + datetime.timedelta(days=days - 1)
    CalendarPeriod.objects.create(
        academic_year=term.academic_year, term=term, kind="exam_session", starts_on=start, ends_on=end,
        study_form=study_form,
    )  # fmt: skip
    return [start + datetime.timedelta(days=i) for i in range(days)]


def holiday(term, day: datetime.date) -> None:
    CalendarPeriod.objects.create(academic_year=term.academic_year, kind="holiday", starts_on=day, ends_on=day)
