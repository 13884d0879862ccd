"""The academic rating (RULES.md §4): order by GPA, ties by total credits earned then by name, ranks per
cohort (programme, year of study, study form), for a term or cumulatively; filters, xlsx, who sees it,
and a query count that does not grow with the students."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from grading.services.gpa import gpa_recompute

from .gpa_world import gpa_world, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    w = gpa_world(users)
    autumn, spring = w.term(2030, "autumn"), w.term(2030, "spring")
    d = w.disciplines

    def student(last, grades, *, form="full_time", programme=None, extra_pass=False, spring_grades=()):
        s = w.student(last_name=last, first_name="Айдар", study_form=form, programme=programme or w.programme)
        for discipline, letter in zip(d, grades, strict=False):
            record(s, discipline, autumn, letter)
        if extra_pass:
            record(s, w.pass_fail, autumn, "P")
        for discipline, letter in zip(d[4:], spring_grades, strict=False):
            record(s, discipline, spring, letter)
        return s

    w.extra.update(
        # one cohort: 3.50 with 15 credits beats 3.50 with 10; equal GPA and credits: by name
        leader=student("Ержанов", ["A", "A"], spring_grades=["B"]),
        more_credits=student("Жақсылықов", ["A", "B"], extra_pass=True),
        fewer_credits=student("Абаев", ["A", "B"]),
        same_b=student("Бабаев", ["A", "B"]),
        last=student("Әлиев", ["C", "C"], spring_grades=["A", "A"]),
        # another cohort (distance) and another faculty
        distance=student("Садықов", ["B", "B"], form="distance"),
        other_faculty=student("Омаров", ["A", "A"], programme=w.other_programme),
    )
    gpa_recompute()
    return w


def ranks(response):
    table = response.context["table"]
    return [(row.record.student.last_name, row.get_cell_value("rank")) for row in table.paginated_rows]


def test_cumulative_rating_orders_by_gpa_then_credits_then_name(world, client_for):
    response = client_for("registrar").get("/grading/gpa/rating/", {"programme": world.programme.pk})
    assert response.status_code == 200
    # cumulative: leader (A, A, B) 3.67; then three at 3.50: 15 credits first, then 10 by name; last 3.00
    assert ranks(response) == [
        ("Садықов", 1),  # the distance cohort (listed first: "distance" < "full_time") has its own ranks
        ("Ержанов", 1),
        ("Жақсылықов", 2),
        ("Абаев", 3),
        ("Бабаев", 4),
        ("Әлиев", 5),
    ]


def test_a_term_rating_uses_that_term_gpa(world, client_for):
    autumn = world.term(2030, "autumn")
    response = client_for("registrar").get(
        "/grading/gpa/rating/", {"period": autumn.pk, "programme": world.programme.pk, "study_form": "full_time"}
    )
    # autumn only: Ержанов 4.00; 3.50 ×3 (Жақсылықов has the most credits in all); Әлиев 2.00
    assert ranks(response) == [("Ержанов", 1), ("Жақсылықов", 2), ("Абаев", 3), ("Бабаев", 4), ("Әлиев", 5)]
    spring = world.term(2030, "spring")
    response = client_for("registrar").get("/grading/gpa/rating/", {"period": spring.pk})
    assert ranks(response) == [("Әлиев", 1), ("Ержанов", 2)]


def test_filters_keep_the_cohort_ranks(world, client_for):
    response = client_for("registrar").get("/grading/gpa/rating/", {"study_form": "distance"})
    assert ranks(response) == [("Садықов", 1)]


def test_the_dean_sees_the_own_faculty_only(world, client_for):
    names = [n for n, _r in ranks(client_for("dean_office").get("/grading/gpa/rating/"))]
    assert "Омаров" not in names and "Ержанов" in names
    names = [n for n, _r in ranks(client_for("registrar").get("/grading/gpa/rating/"))]
    assert "Омаров" in names


@pytest.mark.parametrize("role", ["student", "teacher", "adviser"])
def test_students_teachers_and_advisers_do_not_see_ratings(world, client_for, role):
    assert client_for(role).get("/grading/gpa/rating/").status_code == 403


def test_the_rating_exports_to_xlsx(world, client_for):
    query = {"programme": world.programme.pk, "study_form": "full_time", "export": "xlsx"}
    response = client_for("registrar").get("/grading/gpa/rating/", query)
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "place"
    assert [(r[0], r[2].split()[0], r[7]) for r in rows[1:3]] == [(1, "Ержанов", 3.67), (2, "Жақсылықов", 3.5)]


def test_the_rating_page_takes_the_same_queries_for_more_students(world, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    client.get("/grading/gpa/rating/")  # the first request of a fresh database creates the settings
    with django_assert_max_num_queries(20) as few:
        client.get("/grading/gpa/rating/")
    baseline = len(few)
    for i in range(12):
        s = world.student(last_name=f"Қосымша{i}")
        record(s, world.disciplines[0], world.term(2030, "autumn"), "B")
    gpa_recompute()
    with django_assert_max_num_queries(baseline):
        response = client.get("/grading/gpa/rating/")
    assert len(response.context["table"].paginated_rows) == 19
