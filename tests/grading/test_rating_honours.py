"""Honours eligibility through the database (RULES.md §4): `honours_check` gives each reason, the
list's SQL verdict agrees with it, the settings are honoured, and the student's page shows it in the
final year."""

from decimal import Decimal

import pytest

from grading.selectors_gpa import honours_queryset
from grading.services.gpa import gpa_recompute, honours_check, honours_rules

from .gpa_world import gpa_world, record, set_gpa_options

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(users):
    return gpa_world(users)


def excellent(world, name="Әлімов", **kw):
    """A final-year student with A, A, A, A-, C+ and the attestation graded A: GPA 3.73."""
    s = world.student(last_name=name, year_of_study=4, **kw)
    autumn, spring = world.term(2030, "autumn"), world.term(2030, "spring")
    for d, letter in zip(world.disciplines, ["A", "A", "A", "A-", "C+"], strict=False):
        record(s, d, autumn, letter)
    record(s, world.pass_fail, autumn, "P")
    record(s, world.attestation, spring, "A")
    gpa_recompute([s.pk])
    return s


def test_an_excellent_record_is_eligible(world):
    assert honours_check(excellent(world)) == (True, [])


def test_a_grade_below_c_plus(world):
    s = excellent(world)
    record(s, world.disciplines[6], world.term(2030, "spring"), "C")
    gpa_recompute([s.pk])
    eligible, reasons = honours_check(s)
    assert not eligible and reasons == ["Grades below C+: GD7 (C)."]


def test_the_gpa_minimum_comes_from_the_settings(world):
    s = excellent(world)
    set_gpa_options(honours_min_gpa=D("3.90"))
    eligible, reasons = honours_check(s)
    assert not eligible and reasons[0].startswith("Cumulative GPA 3.") and reasons[0].endswith("below 3.90.")


def test_the_final_attestation_letter(world):
    s = world.student(year_of_study=4)
    record(s, world.disciplines[0], world.term(2030, "autumn"), "A")
    gpa_recompute([s.pk])
    assert honours_check(s)[1] == ["No final attestation result yet."]
    record(s, world.attestation, world.term(2030, "spring"), "B+")
    gpa_recompute([s.pk])
    assert honours_check(s)[1] == ["Final attestation graded IA1 (B+); honours need A, A-."]
    set_gpa_options(honours_attestation_letters="A,A-,B+")
    assert honours_check(s) == (True, [])


def test_a_retake_ever_even_passed(world):
    s = excellent(world)
    record(s, world.disciplines[5], world.term(2030, "spring"), "A", source="retake")
    gpa_recompute([s.pk])
    assert honours_check(s)[1] == ["Retake or re-study: GD6."]


def test_a_summer_restudy_to_raise_the_gpa(world):
    s = excellent(world)
    d = world.disciplines[4]  # C+ → A in the summer term
    record(s, d, world.term(2030, "summer"), "A", source="summer")
    gpa_recompute([s.pk])
    assert honours_check(s)[1] == ["Retake or re-study: GD5."]


def test_a_failed_pass_fail_discipline(world):
    s = excellent(world)
    record(s, world.pass_fail, world.term(2030, "spring"), "NP")
    gpa_recompute([s.pk])
    reasons = honours_check(s)[1]
    assert reasons == ["Retake or re-study: PF1.", "Failed results: PF1."]


def test_the_list_verdict_in_sql_agrees_with_the_check(world, users):
    good = excellent(world, "Абаев")
    low = excellent(world, "Бабаев")
    record(low, world.disciplines[6], world.term(2030, "spring"), "C-")
    retaken = excellent(world, "Ванов")
    record(retaken, world.disciplines[0], world.term(2030, "summer"), "A", source="summer")
    badly = world.student(last_name="Ғалиев", year_of_study=4)
    for d in world.disciplines[:3]:
        record(badly, d, world.term(2030, "autumn"), "A")
    record(badly, world.attestation, world.term(2030, "spring"), "A")
    second = world.attestation.__class__.objects.create(
        code="IA2",
        name_kk="Кешенді емтихан",
        name_ru="Комплексный экзамен",
        name_en="Comprehensive exam",
        credits=5,
        control_form="final_attestation",
        cycle="IA",
        component="OK",
        department=world.attestation.department,
    )
    record(badly, second, world.term(2030, "spring"), "B")
    not_final = excellent(world, "Дәуренов")
    not_final.year_of_study = 3
    not_final.save()
    gpa_recompute()
    rows = {s.last_name: s.eligible for s in honours_queryset(users["registrar"], honours_rules())}
    assert rows == {"Абаев": True, "Бабаев": False, "Ванов": False, "Ғалиев": False}
    for student in (good, low, retaken, badly):
        assert honours_check(student)[0] == rows[student.last_name]


def test_the_honours_page_lists_reasons_and_filters(world, client_for, django_assert_max_num_queries):
    excellent(world, "Абаев")
    low = excellent(world, "Бабаев")
    record(low, world.disciplines[6], world.term(2030, "spring"), "D")
    gpa_recompute([low.pk])
    client = client_for("registrar")
    with django_assert_max_num_queries(20):
        response = client.get("/grading/gpa/honours/")
    html = response.content.decode()
    assert "Grades below C+: GD7 (D)." in html
    response = client.get("/grading/gpa/honours/", {"eligible": "true"})
    assert [r.record.last_name for r in response.context["table"].paginated_rows] == ["Абаев"]
    assert client_for("student").get("/grading/gpa/honours/").status_code == 403


def test_the_final_year_student_sees_the_verdict_on_the_grades_page(world, users, client_for):
    s = excellent(world, user=users["student"])
    response = client_for("student").get("/grading/gpa/my/")
    assert 'id="honours-verdict"' in response.content.decode()
    assert "the conditions are met so far" in response.content.decode()
    s.year_of_study = 2
    s.save()
    assert 'id="honours-verdict"' not in client_for("student").get("/grading/gpa/my/").content.decode()
