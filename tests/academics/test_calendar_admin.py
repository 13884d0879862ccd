"""The admin of the calendar: every model listed, and its forms keep the same rules as the pages."""

import pytest
from django.urls import reverse

from academics.choices import PeriodKind, TermKind
from academics.models import AcademicYear, CalendarPeriod

from .factories_calendar import CalendarPeriodFactory, TermFactory, year_with_terms

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["academicyear", "term", "calendarperiod"])
def test_admin_lists_and_opens_every_calendar_model(client_for, model):
    period = CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms(2030)))
    obj = {"academicyear": period.academic_year, "term": period.term, "calendarperiod": period}[model]
    client = client_for("administrator")
    assert client.get(reverse(f"admin:academics_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:academics_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:academics_{model}_add")).status_code == 200


def test_admin_refuses_an_overlapping_period(client_for):
    period = CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms(2030)))
    data = {
        "academic_year": period.academic_year_id,
        "term": period.term_id,
        "kind": PeriodKind.CLASSES,
        "starts_on": "03.09.2030",
        "ends_on": "10.09.2030",
        "study_form": "",
        "year_of_study": "",
        "name": "",
    }
    response = client_for("administrator").post(reverse("admin:academics_calendarperiod_add"), data)
    assert response.status_code == 200
    assert "starts_on" in response.context["adminform"].form.errors
    assert CalendarPeriod.objects.count() == 1


def test_admin_refuses_a_term_outside_its_year(client_for):
    year = year_with_terms(2030)
    data = {"academic_year": year.pk, "kind": TermKind.SUMMER, "starts_on": "15.06.2031", "ends_on": "10.09.2031"}
    response = client_for("administrator").post(reverse("admin:academics_term_add"), data)
    assert "ends_on" in response.context["adminform"].form.errors


def test_admin_action_copies_a_calendar_to_the_next_year(client_for):
    period = CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms(2030)))
    response = client_for("administrator").post(
        reverse("admin:academics_academicyear_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [period.academic_year_id]},
    )
    assert response.status_code == 302
    assert AcademicYear.objects.get(start_year=2031).periods.count() == 1


def test_admin_refuses_year_dates_that_leave_a_term_outside(client_for):
    year = year_with_terms(2030)
    data = {
        "start_year": 2030,
        "starts_on": "01.09.2030",
        "ends_on": "31.05.2031",  # the spring term ends 10.06.2031
        "terms-TOTAL_FORMS": 0,
        "terms-INITIAL_FORMS": 0,
        "terms-MIN_NUM_FORMS": 0,
        "terms-MAX_NUM_FORMS": 1000,
    }
    response = client_for("administrator").post(reverse("admin:academics_academicyear_change", args=[year.pk]), data)
    assert response.status_code == 200
    assert "ends_on" in response.context["adminform"].form.errors
    year.refresh_from_db()
    assert year.ends_on.month == 8
