"""The grades pages: "My grades" for the student (results by term with the source marked, GPA per
term, year and cumulative), one student's grades for the office, the adviser and the dean's office,
refused to everyone else; the adviser's review page shows the GPA; the student's dashboard panel;
query counts that do not grow with the record."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grading.selectors_gpa import student_gpa_summary
from grading.services.gpa import gpa_recompute
from tests.enrollment.factories_students import teacher_for

from .gpa_world import gpa_world, record

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(users):
    w = gpa_world(users)
    me = w.student(user=users["student"], adviser=teacher_for(users["adviser"]))
    other = w.student(user=users["another_student"], programme=w.other_programme)
    autumn, spring, summer = w.term(2030, "autumn"), w.term(2030, "spring"), w.term(2030, "summer")
    d = w.disciplines
    record(me, d[0], autumn, "FX", score=40)
    record(me, d[0], autumn, "B", source="retake", score=82)
    record(me, d[1], autumn, "A", score=97)
    record(me, d[2], spring, "D", score=52)
    record(me, d[2], summer, "A-", source="summer", score=91)
    record(me, d[3], None, "B+", source="recognition")
    record(me, d[4], w.term(2031, "autumn"), "C", score=66)
    record(other, d[0], autumn, "C", score=66)
    gpa_recompute()
    w.extra.update(me=me, other=other)
    return w


def test_my_grades_shows_terms_sources_and_every_gpa(world, client_for):
    response = client_for("student").get("/grading/gpa/my/")
    assert response.status_code == 200
    html = response.content.decode()
    groups = response.context["groups"]
    assert [str(g.term) if g.term else None for g in groups] == [
        "2030/2031 · autumn term",
        "2030/2031 · spring term",
        "2030/2031 · summer term",
        "2031/2032 · autumn term",
        None,
    ]
    autumn = groups[0]
    assert autumn.gpa.gpa == D("3.50")  # B (retake replaces FX) and A
    assert [r.letter for r in autumn.rows] == ["FX", "B", "A"] and autumn.rows[0].superseded
    assert groups[1].gpa.gpa == D("1.00") and groups[2].gpa.gpa == D("3.67")
    spring_d = groups[1].rows[0]  # D, studied again in the summer: counts in its term, not later
    assert not spring_d.superseded and spring_d.restudied
    # 2030/31: B, A, A- (the summer re-study replaces D) = (3 + 4 + 3.67) / 3 = 3.56
    assert groups[2].year_ends and groups[2].year_gpa.gpa == D("3.56")
    assert not groups[0].year_ends
    # cumulative: 3, 4, 3.67, 3.33 (recognised), 2 = 16 / 5 = 3.20
    assert response.context["summary"].gpa == D("3.20")
    assert 'id="cumulative-gpa">3.20<' in html
    for label in ("FX retake", "summer term", "recognition of credits"):
        assert label in html
    assert "superseded" in html and "studied again later" in html


def test_my_grades_export_to_xlsx(world, client_for):
    response = client_for("student").get("/grading/gpa/my/", {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("term", "code", "discipline")
    assert len(rows) == 8
    assert ("GD1", "FX") in {(r[1], r[5]) for r in rows}


def test_a_student_sees_only_the_own_grades(world, client_for):
    me, other = world.extra["me"], world.extra["other"]
    client = client_for("student")
    assert client.get(reverse("student_grades", args=[me.pk])).status_code == 200
    assert client.get(reverse("student_grades", args=[other.pk])).status_code == 403
    # my_grades always shows the own record, whatever is asked
    assert client_for("another_student").get("/grading/gpa/my/").context["student"] == other


@pytest.mark.parametrize(
    "role,allowed",
    [
        ("registrar", True),
        ("adviser", True),
        ("dean_office", True),
        ("another_adviser", False),
        ("teacher", False),
        ("another_student", False),
    ],
)
def test_who_opens_a_students_grades(world, client_for, role, allowed):
    status = client_for(role).get(reverse("student_grades", args=[world.extra["me"].pk])).status_code
    assert (status == 200) is allowed and status in (200, 403)


def test_the_dean_does_not_open_another_faculty(world, client_for):
    other = world.extra["other"]
    assert client_for("dean_office").get(reverse("student_grades", args=[other.pk])).status_code == 403


def test_a_user_without_a_student_record_has_no_my_grades(world, client_for):
    assert client_for("registrar").get("/grading/gpa/my/").status_code == 403


def test_the_grades_page_takes_the_same_queries_for_a_longer_record(world, client_for, django_assert_max_num_queries):
    client = client_for("student")
    client.get("/grading/gpa/my/")
    with django_assert_max_num_queries(15) as few:
        client.get("/grading/gpa/my/")
    baseline = len(few)
    me = world.extra["me"]
    for d in world.disciplines[5:]:
        record(me, d, world.term(2031, "spring"), "B")
    gpa_recompute([me.pk])
    with django_assert_max_num_queries(baseline):
        response = client.get("/grading/gpa/my/")
    assert len(response.context["groups"]) == 6


def test_the_summary_for_the_review_page(world):
    summary = student_gpa_summary(world.extra["me"])
    autumn = world.term(2030, "autumn")
    assert summary.gpa == D("3.20") and summary.term_gpa(autumn.pk) == D("3.50")
    assert summary.year_gpa(autumn.academic_year_id) == D("3.56")
    assert summary.term_gpa(-1) is None


def test_the_students_dashboard_panel(world, client_for):
    html = client_for("student").get("/").content.decode()
    assert 'id="panel-my-gpa"' in html and 'id="my-cumulative-gpa">3.20<' in html
    assert 'id="my-term-gpa">2.00<' in html  # the latest term: 2031 autumn, C
    assert 'id="panel-my-gpa"' not in client_for("registrar").get("/").content.decode()


def test_the_menu_offers_my_grades_to_students_and_lists_to_the_office(world, client_for):
    student = client_for("student").get("/").content.decode()
    assert 'href="/grading/gpa/my/"' in student and "/grading/gpa/rating/" not in student
    office = client_for("registrar").get("/").content.decode()
    for url in ("rating", "promotion", "honours", "analysis", "debtors"):
        assert f'href="/grading/gpa/{url}/"' in office


def test_the_advisers_review_page_shows_the_gpa(users, client_for):
    from tests.factories import DisciplineFactory
    from tests.registration.test_advising_pages import submitted_plan
    from tests.registration.world import build_world

    world = build_world(users)
    plan = submitted_plan(world, users)
    record(world.student, DisciplineFactory(code="OLD1"), world.autumn, "A")
    record(world.student, DisciplineFactory(code="OLD2"), world.autumn, "B")
    gpa_recompute([world.student.pk])
    html = client_for("adviser").get(reverse("plan_review", args=[plan.pk])).content.decode()
    assert 'class="term-gpa">3.50<' in html and 'id="cumulative-gpa">3.50<' in html
