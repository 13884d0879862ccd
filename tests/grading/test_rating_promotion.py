"""The promotion list (RULES.md §4): students whose GPA of the academic year is below the threshold in
force for their level and year of study; exactly at the threshold is promoted; a grant holder loses
the grant; thresholds of an earlier year stay in force until changed."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from enrollment.choices import Funding
from grading.selectors_gpa import promotion_queryset
from grading.services.gpa import gpa_recompute
from registrar.models import PromotionThreshold

from .gpa_world import gpa_world, record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(users):
    w = gpa_world(users)
    PromotionThreshold.objects.create(academic_year=2030, level="bachelor", year_of_study=2, min_gpa=D("2.00"))
    PromotionThreshold.objects.create(academic_year=2030, level="bachelor", year_of_study=1, min_gpa=D("1.80"))
    PromotionThreshold.objects.create(academic_year=2031, level="bachelor", year_of_study=2, min_gpa=D("2.50"))
    autumn = w.term(2030, "autumn")

    def student(name, letter, **kw):
        s = w.student(last_name=name, **kw)
        record(s, w.disciplines[0], autumn, letter)
        return s

    w.extra.update(
        at=student("Атқұлов", "C"),  # 2.00: exactly at the threshold
        below=student("Бекова", "C-", funding=Funding.STATE_GRANT),  # 1.67
        below_paid=student("Ванов", "D+", funding=Funding.PAID),  # 1.33
        above=student("Ғалымов", "C+"),  # 2.33
        first_year=student("Дәулетов", "C-", year_of_study=1),  # 1.67 < 1.80
        other_faculty=student("Ешімов", "F", programme=w.other_programme),
    )
    gpa_recompute()
    return w


def names(qs):
    return sorted(s.student.last_name for s in qs)


def test_below_the_threshold_is_listed_and_exactly_at_it_is_promoted(world, users):
    year = world.term(2030, "autumn").academic_year
    qs = promotion_queryset(users["registrar"], academic_year=year)
    assert names(qs) == ["Бекова", "Ванов", "Дәулетов", "Ешімов"]
    thresholds = {s.student.last_name: s.threshold for s in qs}
    assert thresholds["Бекова"] == D("2.00") and thresholds["Дәулетов"] == D("1.80")


def test_a_later_year_has_its_own_threshold_and_an_unset_year_inherits_it(world, users):
    autumn = world.term(2031, "autumn")
    above = world.extra["above"]
    record(above, world.disciplines[1], autumn, "C+")  # 2.33 in 2031: below 2.50
    gpa_recompute([above.pk])
    qs = promotion_queryset(users["registrar"], academic_year=autumn.academic_year)
    assert [(s.student.last_name, s.threshold) for s in qs] == [("Ғалымов", D("2.50"))]
    from tests.academics.factories_calendar import year_with_terms

    later = year_with_terms(2032)
    record(above, world.disciplines[2], later.terms.get(kind="autumn"), "C+")
    gpa_recompute([above.pk])
    assert [s.threshold for s in promotion_queryset(users["registrar"], academic_year=later)] == [D("2.50")]


def test_the_page_shows_the_consequence_and_drafts_orders(world, client_for):
    response = client_for("registrar").get("/grading/gpa/promotion/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row.record.student.last_name: row for row in response.context["table"].paginated_rows}
    assert rows["Бекова"].get_cell_value("consequence") == "repeat year; loses the state grant"
    assert rows["Ванов"].get_cell_value("consequence") == "repeat year (fee-paying)"
    assert "Атқұлов" not in rows and "Ғалымов" not in rows
    assert 'id="selection-form"' in html and 'value="repeat_year" selected' in html


def test_the_dean_sees_the_own_faculty_and_cannot_draft_orders(world, client_for):
    response = client_for("dean_office").get("/grading/gpa/promotion/")
    names_shown = {row.record.student.last_name for row in response.context["table"].paginated_rows}
    assert names_shown == {"Бекова", "Ванов", "Дәулетов"}
    assert 'id="selection-form"' not in response.content.decode()


def test_the_promotion_list_exports_to_xlsx(world, client_for):
    response = client_for("registrar").get("/grading/gpa/promotion/", {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    assert "promotion threshold" in header and "consequence" in header
    assert len(rows) == 5


def test_the_page_takes_the_same_queries_for_more_students(world, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    client.get("/grading/gpa/promotion/")  # the first request of a fresh database creates the settings
    with django_assert_max_num_queries(25) as few:
        client.get("/grading/gpa/promotion/")
    baseline = len(few)
    for i in range(10):
        s = world.student(last_name=f"Жоқ{i}")
        record(s, world.disciplines[0], world.term(2030, "autumn"), "D")
    gpa_recompute()
    with django_assert_max_num_queries(baseline):
        response = client.get("/grading/gpa/promotion/")
    assert len(response.context["table"].paginated_rows) == 14
