"""A student's calendar shows the periods of their own study form and year of study."""

import pytest
from django.urls import reverse

from academics.choices import PeriodKind, StudyForm
from tests.academics.factories_calendar import CalendarPeriodFactory, year_with_terms

from .factories_students import StudentFactory

pytestmark = pytest.mark.django_db


def _names(response):
    return {row.record.name for row in response.context["table"].rows}


def test_student_sees_only_periods_for_their_form_and_year(users, client_for):
    StudentFactory(user=users["student"], study_form=StudyForm.FULL_TIME, year_of_study=2)
    year = year_with_terms(2030)
    term = year.terms.get(kind="autumn")
    CalendarPeriodFactory(term=term, kind=PeriodKind.EXAM_SESSION, name="everyone")
    CalendarPeriodFactory(term=term, kind=PeriodKind.FX_RETAKE, name="distance", study_form=StudyForm.DISTANCE)
    CalendarPeriodFactory(term=term, kind=PeriodKind.PRACTICE, name="year 4", year_of_study=4)
    CalendarPeriodFactory(
        term=term, kind=PeriodKind.MIDTERM_1, name="full-time year 2", study_form=StudyForm.FULL_TIME, year_of_study=2
    )
    url = reverse("calendar_list") + f"?academic_year={year.pk}"
    assert _names(client_for("student").get(url)) == {"everyone", "full-time year 2"}
    # Office staff see every period and narrow them with the filters themselves.
    assert _names(client_for("registrar").get(url)) == {"everyone", "distance", "year 4", "full-time year 2"}
