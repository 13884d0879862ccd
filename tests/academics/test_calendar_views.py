"""The calendar pages: what each viewer sees, the registrar's forms with messages on their fields,
exports, and bounded query counts."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academics.choices import PeriodKind, StudyForm, TermKind
from academics.demo_calendar import seed_year
from academics.models import AcademicYear, CalendarPeriod, Term

from .factories_calendar import CalendarPeriodFactory, TermFactory, year_with_terms

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_year(users):
    """The demo calendar of 2030/2031: every kind, holidays, a distance session, year-4 attestation."""
    seed_year(users["registrar"], 2030)
    return AcademicYear.objects.get(start_year=2030)


def _month(client, month, **params):
    return client.get(reverse("calendar"), {"month": month, **params})


# --- the calendar everyone reads ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["student", "teacher", "adviser", "dean_office", "registrar"])
def test_everyone_logged_in_reads_the_month_view(client_for, demo_year, role):
    response = _month(client_for(role), "2031-03")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Наурыз мейрамы" in html and "Международный женский день" in html
    assert 'data-date="2031-03-21"' in html


def test_holidays_are_highlighted_in_the_month_grid(client_for, demo_year):
    response = _month(client_for("student"), "2031-03")
    weeks = response.context["weeks"]
    cells = {cell.day: cell for week in weeks for cell in week}
    assert cells[D(2031, 3, 22)].is_holiday
    assert not cells[D(2031, 3, 24)].is_holiday
    assert [p.kind for p in cells[D(2031, 3, 8)].periods][0] == PeriodKind.HOLIDAY  # holidays first


def test_month_view_links_to_previous_and_next_month_keeping_filters(client_for, demo_year):
    response = _month(client_for("student"), "2031-01", study_form=StudyForm.DISTANCE)
    assert "month=2030-12" in response.context["prev_link"]
    assert "month=2031-02" in response.context["next_link"]
    assert "study_form=distance" in response.context["next_link"]


def test_december_to_january_crosses_the_year(client_for, demo_year):
    response = _month(client_for("student"), "2030-12")
    assert "month=2031-01" in response.context["next_link"]


def test_a_wrong_month_shows_the_current_one(client_for):
    response = _month(client_for("student"), "2031-13")
    assert response.status_code == 200
    assert response.context["first"].day == 1


def test_filter_by_study_form_shows_periods_for_everyone_and_for_that_form(client_for, demo_year):
    client = client_for("student")

    def sessions(**params):
        response = _month(client, "2030-12", kind=PeriodKind.EXAM_SESSION, **params)
        return {p.study_form for p in response.context["month_periods"]}

    assert sessions() == {StudyForm.FULL_TIME, StudyForm.DISTANCE}
    assert sessions(study_form=StudyForm.FULL_TIME) == {StudyForm.FULL_TIME}
    assert sessions(study_form=StudyForm.DISTANCE) == {StudyForm.DISTANCE}


def test_filter_by_year_of_study(client_for, demo_year):
    client = client_for("student")

    def attestation(year):
        response = _month(client, "2031-06", kind=PeriodKind.FINAL_ATTESTATION, year_of_study=year)
        return len(response.context["month_periods"])

    assert attestation(4) == 1
    assert attestation(3) == 0


def test_month_view_query_count_does_not_grow_with_periods(client_for, demo_year, django_assert_max_num_queries):
    client = client_for("student")
    with django_assert_max_num_queries(8):
        response = _month(client, "2030-10")
    assert len(response.context["month_periods"]) >= 4


def test_list_view_shows_the_current_academic_year_by_default(client_for, users):
    from django.utils import timezone

    from registrar.dates import academic_year_of

    current = academic_year_of(timezone.localdate())
    seed_year(users["registrar"], current)
    seed_year(users["registrar"], current - 1)
    response = client_for("teacher").get(reverse("calendar_list"))
    assert response.status_code == 200
    years = {p.academic_year.start_year for p in response.context["table"].data}
    assert years == {current}


def test_list_view_filters_search_and_sorts(client_for, demo_year):
    client = client_for("dean_office")
    url = reverse("calendar_list")
    response = client.get(url, {"academic_year": demo_year.pk, "kind": PeriodKind.HOLIDAY})
    assert {p.kind for p in response.context["table"].data} == {PeriodKind.HOLIDAY}
    response = client.get(url, {"academic_year": demo_year.pk, "q": "Наурыз"})
    assert [p.name for p in response.context["table"].data] == ["Наурыз мейрамы"]
    response = client.get(url, {"academic_year": demo_year.pk, "term": TermKind.SUMMER, "sort": "-starts_on"})
    dates = [p.starts_on for p in response.context["table"].page.object_list.data]
    assert dates == sorted(dates, reverse=True) and dates


def test_list_view_exports_the_filtered_periods_to_xlsx(client_for, demo_year):
    response = client_for("student").get(
        reverse("calendar_list"), {"academic_year": demo_year.pk, "kind": PeriodKind.HOLIDAY, "export": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert len(rows) == 1 + demo_year.periods.filter(kind=PeriodKind.HOLIDAY).count()
    assert any("Наурыз мейрамы" in row for row in rows)


def test_list_view_query_count_is_bounded(client_for, demo_year, django_assert_max_num_queries):
    client = client_for("student")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("calendar_list"), {"academic_year": demo_year.pk})
    assert response.status_code == 200


# --- the registrar's pages ----------------------------------------------------------------------


def test_academic_year_list_with_export(client_for, demo_year, django_assert_max_num_queries):
    client = client_for("registrar")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("academic_year_list"))
    assert "2030/2031" in response.content.decode()
    response = client.get(reverse("academic_year_list"), {"q": "2030", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[1][0] == "2030/2031" and rows[1][3] == 3 and rows[1][4] == demo_year.periods.count()


def test_registrar_creates_next_academic_year_in_the_browser(client_for, users):
    client = client_for("registrar")
    response = client.get(reverse("academic_year_create"))
    assert response.status_code == 200
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in response.context["form"].initial.items()}
    response = client.post(reverse("academic_year_create"), data)
    year = AcademicYear.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("academic_year_detail", args=[year.pk])
    assert year.terms.count() == 3


def test_year_form_shows_a_short_summer_term_on_its_field(client_for):
    data = {
        "start_year": 2030,
        "starts_on": "01.09.2030",
        "ends_on": "31.08.2031",
        "autumn_starts_on": "01.09.2030",
        "autumn_ends_on": "10.01.2031",
        "spring_starts_on": "19.01.2031",
        "spring_ends_on": "10.06.2031",
        "summer_starts_on": "15.06.2031",
        "summer_ends_on": "10.07.2031",
    }
    response = client_for("registrar").post(reverse("academic_year_create"), data)
    assert response.status_code == 200
    assert "summer_ends_on" in response.context["form"].errors
    assert not AcademicYear.objects.exists()


def test_year_detail_shows_terms_periods_and_history(client_for, demo_year, django_assert_max_num_queries):
    client = client_for("registrar")
    with django_assert_max_num_queries(15):
        response = client.get(reverse("academic_year_detail", args=[demo_year.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["periods"]) == demo_year.periods.count()
    assert 'id="history-panel"' in html and "Наурыз мейрамы" in html


def _period_data(year, **overrides):
    autumn = year.terms.get(kind=TermKind.AUTUMN)
    data = {"kind": PeriodKind.MIDTERM_1, "term": autumn.pk, "starts_on": "13.10.2030", "ends_on": "19.10.2030"}
    data.update(overrides)
    return data


def test_registrar_adds_a_period_and_sees_it_in_the_month_view(client_for):
    year = year_with_terms(2030)
    client = client_for("registrar")
    response = client.post(reverse("period_create", args=[year.pk]), _period_data(year, name="РК1"))
    period = CalendarPeriod.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#period-{period.pk}")
    assert "РК1" in _month(client, "2030-10").content.decode()


def test_overlap_is_shown_on_the_form_field(client_for):
    year = year_with_terms(2030)
    client = client_for("registrar")
    client.post(reverse("period_create", args=[year.pk]), _period_data(year))
    response = client.post(
        reverse("period_create", args=[year.pk]), _period_data(year, starts_on="19.10.2030", ends_on="25.10.2030")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["starts_on"]
    assert "13.10.2030–19.10.2030" in errors[0]
    assert "is-invalid" in response.content.decode()
    assert CalendarPeriod.objects.count() == 1


def test_term_window_without_a_term_is_shown_on_the_term_field(client_for):
    year = year_with_terms(2030)
    response = client_for("registrar").post(reverse("period_create", args=[year.pk]), _period_data(year, term=""))
    assert "term" in response.context["form"].errors


def test_term_of_another_year_cannot_be_chosen(client_for):
    year = year_with_terms(2030)
    other = TermFactory(academic_year=year_with_terms(2031))
    response = client_for("registrar").post(reverse("period_create", args=[year.pk]), _period_data(year, term=other.pk))
    assert "term" in response.context["form"].errors


def test_registrar_edits_and_deletes_a_period(client_for):
    period = CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms(2030)))
    client = client_for("registrar")
    url = reverse("period_edit", args=[period.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": period.kind,
        "term": period.term_id,
        "starts_on": "02.09.2030",
        "ends_on": "14.12.2030",
        "study_form": StudyForm.FULL_TIME,
        "year_of_study": "",
        "name": "",
    }
    assert client.post(url, data).status_code == 302
    period.refresh_from_db()
    assert (period.starts_on, period.study_form) == (D(2030, 9, 2), StudyForm.FULL_TIME)
    assert client.get(reverse("period_delete", args=[period.pk])).status_code == 200
    assert client.post(reverse("period_delete", args=[period.pk])).status_code == 302
    assert not CalendarPeriod.objects.exists()


def test_registrar_edits_a_term_and_adds_the_summer_term(client_for):
    year = year_with_terms(2030)
    client = client_for("registrar")
    autumn = year.terms.get(kind=TermKind.AUTUMN)
    response = client.post(reverse("term_edit", args=[autumn.pk]), {"starts_on": "01.09.2030", "ends_on": "25.01.2031"})
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors  # overlaps spring
    response = client.post(reverse("term_edit", args=[autumn.pk]), {"starts_on": "01.09.2030", "ends_on": "12.01.2031"})
    assert response.status_code == 302
    response = client.get(reverse("term_create", args=[year.pk]))
    assert [k for k, _ in response.context["form"].fields["kind"].choices if k] == [TermKind.SUMMER]
    response = client.post(
        reverse("term_create", args=[year.pk]), {"kind": "summer", "starts_on": "15.06.2031", "ends_on": "31.07.2031"}
    )
    assert response.status_code == 302 and Term.objects.filter(kind=TermKind.SUMMER).exists()


def test_copy_last_years_calendar_in_the_browser(client_for, demo_year):
    client = client_for("registrar")
    url = reverse("academic_year_copy", args=[demo_year.pk])
    assert client.get(url).context["form"].initial["target_start_year"] == 2031
    response = client.post(url, {"target_start_year": 2031})
    target = AcademicYear.objects.get(start_year=2031)
    assert response["Location"] == reverse("academic_year_detail", args=[target.pk])
    assert target.periods.count() == demo_year.periods.count()
    response = client.post(url, {"target_start_year": 2031})  # again: the target now has periods
    assert response.status_code == 200 and "target_start_year" in response.context["form"].errors


def test_year_export_has_terms_and_periods_with_names(client_for, demo_year):
    response = client_for("registrar").get(reverse("academic_year_export", args=[demo_year.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="calendar_2030_2031.xlsx"'
    book = load_workbook(BytesIO(response.content))
    terms, periods = book.worksheets
    assert terms.max_row == 4
    assert periods.max_row == 1 + demo_year.periods.count()
    names = {row[3] for row in periods.iter_rows(values_only=True)}
    assert "Наурыз мейрамы" in names
    first = next(periods.iter_rows(min_row=2, values_only=True))
    assert isinstance(first[0], datetime.datetime)  # a real date cell, shown as DD.MM.YYYY


def test_pages_speak_kazakh(client_for, demo_year):
    client = client_for("registrar")
    client.cookies["registrar_language"] = "kk"
    response = client.get(reverse("academic_year_detail", args=[demo_year.pk]), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200
    assert 'lang="kk"' in response.content.decode()


# --- dashboard and menu -------------------------------------------------------------------------


def test_dashboard_panel_shows_what_is_open_today_and_what_opens_next(client_for, users):
    from django.utils import timezone

    today = timezone.localdate()
    year = AcademicYear.objects.create(
        start_year=today.year,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=200),
    )
    CalendarPeriod.objects.create(
        academic_year=year, kind=PeriodKind.HOLIDAY, starts_on=today, ends_on=today, name="Сегодня"
    )
    for n in range(1, 6):
        day = today + datetime.timedelta(days=n)
        CalendarPeriod.objects.create(
            academic_year=year, kind=PeriodKind.HOLIDAY, starts_on=day, ends_on=day, name=f"День {n}"
        )
    response = client_for("student").get(reverse("dashboard"))
    html = response.content.decode()
    assert 'id="panel-calendar"' in html
    assert "Сегодня" in html and "День 3" in html and "День 4" not in html


def test_dashboard_panel_runs_two_queries(demo_year, django_assert_num_queries):
    from academics.selectors_calendar import open_and_upcoming

    with django_assert_num_queries(2):
        result = open_and_upcoming(on=D(2031, 3, 21))
    assert {p.kind for p in result["open"]} >= {PeriodKind.HOLIDAY, PeriodKind.CLASSES}
    assert len(result["next"]) == 3


def test_menu_offers_the_calendar_to_everyone_and_academic_years_to_the_office(client_for):
    student = client_for("student").get(reverse("calendar")).content.decode()
    registrar = client_for("registrar").get(reverse("calendar")).content.decode()
    assert reverse("calendar") in student and reverse("academic_year_list") not in student
    assert reverse("academic_year_list") in registrar
