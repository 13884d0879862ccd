"""The page "Student body on a date": who was studying on 1 October last year, by programme and year,
with the students behind each number and an xlsx export."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from enrollment.choices import Movement

from .factories_students import ProgrammeFactory, change, dean_office_of, enrol

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def body(users):
    """On 01.10.2024: P1 year 1 has Әлиев and Бекова; P2 year 2 has Ким. Later: Бекова expelled, Ким promoted."""
    p1, p2 = ProgrammeFactory(code="6B07101"), ProgrammeFactory(code="6B07102")
    dean_office_of(users["dean_office"], p1.faculty)
    a = enrol(on=D(2024, 9, 1), programme=p1, intake_year=2024, last_name="Әлиев")
    b = enrol(on=D(2024, 9, 1), programme=p1, intake_year=2024, last_name="Бекова")
    k = enrol(on=D(2023, 9, 1), programme=p2, intake_year=2023, last_name="Ким")
    change(k, Movement.PROMOTED, D(2024, 9, 1), year_of_study=2)
    late = enrol(on=D(2024, 10, 2), programme=p1, intake_year=2024, last_name="Кешікқан")
    change(b, Movement.EXPELLED, D(2025, 1, 15), ground="own_wish", status="expelled")
    change(k, Movement.PROMOTED, D(2025, 9, 1), year_of_study=3)
    return {"p1": p1, "p2": p2, "a": a, "b": b, "k": k, "late": late}


def counts(response):
    return {
        (row["programme"].code, year): cell["count"]
        for row in response.context["rows"]
        for year, cell in zip(response.context["years"], row["cells"], strict=True)
        if cell["count"]
    }


def test_who_was_studying_on_1_october(client_for, body):
    response = client_for("registrar").get(reverse("student_body") + "?on=2024-10-01&status=active")
    assert response.status_code == 200
    assert counts(response) == {("6B07101", 1): 2, ("6B07102", 2): 1}
    assert response.context["grand_total"] == 3
    assert "01.10.2024" in response.content.decode()


def test_the_same_page_today_shows_todays_body(client_for, body):
    response = client_for("registrar").get(reverse("student_body") + "?on=2025-10-01&status=active")
    assert counts(response) == {("6B07101", 1): 2, ("6B07102", 3): 1}


def test_each_count_links_to_those_students_as_of_that_date(client_for, body):
    client = client_for("registrar")
    response = client.get(reverse("student_body") + "?on=2024-10-01&status=active")
    cell = next(
        c for r in response.context["rows"] if r["programme"].code == "6B07101" for c in r["cells"] if c["count"]
    )
    listing = client.get(reverse("student_body_list") + cell["link"])
    assert listing.status_code == 200
    rows = list(listing.context["table"].paginated_rows)
    assert {r.record.last_name for r in rows} == {"Әлиев", "Бекова"}
    html = listing.content.decode()
    assert "6B07101" in html  # programme of the snapshot, shown by code


def test_the_list_shows_the_state_of_that_date_not_today(client_for, body):
    listing = client_for("registrar").get(
        reverse("student_body_list") + "?on=2024-10-01&status=body&programme=" + str(body["p2"].pk)
    )
    (row,) = listing.context["table"].paginated_rows
    assert row.record.state["year_of_study"] == 2  # today Ким is in year 3


def test_the_list_searches_within_the_body(client_for, body):
    listing = client_for("registrar").get(reverse("student_body_list") + "?on=2024-10-01&q=бекова")
    assert [r.record.last_name for r in listing.context["table"].paginated_rows] == ["Бекова"]


def test_the_body_exports_to_xlsx(client_for, body):
    response = client_for("registrar").get(reverse("student_body") + "?on=2024-10-01&status=active&export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Code"
    assert rows[-1][-1] == 3  # total
    listing = client_for("registrar").get(reverse("student_body_list") + "?on=2024-10-01&status=active&export=xlsx")
    assert len(list(load_workbook(BytesIO(listing.content)).active.iter_rows())) == 1 + 3


def test_the_deans_office_sees_its_faculties_only(client_for, body):
    response = client_for("dean_office").get(reverse("student_body") + "?on=2024-10-01&status=active")
    assert counts(response) == {("6B07101", 1): 2}
    listing = client_for("dean_office").get(reverse("student_body_list") + "?on=2024-10-01&status=active")
    assert {r.record.last_name for r in listing.context["table"].paginated_rows} == {"Әлиев", "Бекова"}


@pytest.mark.parametrize("role", ["adviser", "teacher", "student"])
def test_advisers_teachers_and_students_are_refused(client_for, body, role):
    assert client_for(role).get(reverse("student_body")).status_code == 403
    assert client_for(role).get(reverse("student_body_list")).status_code == 403


def test_the_pages_run_a_bounded_number_of_queries(client_for, body, django_assert_max_num_queries):
    for n in range(20):
        enrol(on=D(2024, 9, 1), programme=body["p1"], intake_year=2024, last_name=f"Студент{n}")
    client = client_for("registrar")
    with django_assert_max_num_queries(8):
        client.get(reverse("student_body") + "?on=2024-10-01")
    with django_assert_max_num_queries(10):
        client.get(reverse("student_body_list") + "?on=2024-10-01")


def test_a_bad_date_falls_back_to_today(client_for, body):
    response = client_for("registrar").get(reverse("student_body") + "?on=2024-13-45")
    assert response.status_code == 200
    assert response.context["on"] == timezone.localdate()


def test_the_movement_page_reconciles_and_counts_by_movement_and_ground(client_for, body):
    response = client_for("registrar").get(reverse("student_movement") + "?start=2024-09-01&end=2025-08-31")
    assert response.status_code == 200
    m = response.context["m"]
    assert (m["opening"], m["came_in"], m["went_out"], m["closing"]) == (1, 3, 1, 3)  # Ким; in Ә, Б, К; out Б
    assert m["by_movement"]["promoted"] == 1 and m["expelled_by_ground"] == {"own_wish": 1}
    html = response.content.decode()
    assert 'id="closing">3<' in html and "31.08.2024" in html
    export = client_for("registrar").get(reverse("student_movement") + "?start=2024-09-01&end=2025-08-31&export=xlsx")
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Active on 31.08.2024", 1) and rows[4] == ("Active on 31.08.2025", 3)


def test_the_deans_office_sees_the_movement_of_its_faculties(client_for, body):
    m = client_for("dean_office").get(reverse("student_movement") + "?start=2024-09-01&end=2025-08-31").context["m"]
    assert (m["opening"], m["came_in"], m["went_out"], m["closing"]) == (0, 3, 1, 2)
    assert client_for("adviser").get(reverse("student_movement")).status_code == 403
