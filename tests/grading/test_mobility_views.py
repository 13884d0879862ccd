"""Academic mobility pages: recording through the form, the list (filters, xlsx, bounded queries), the
import page (all or nothing), the conversion page (the head edits), and the student's own page
(a student sees their own only; an adviser their advisees only)."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.models import Result
from grading.models import MobilityRecord
from grading.services import mobility as svc
from tests.factories import DisciplineFactory
from tests.registration.world import build_world

from .test_mobility_services import entry, good_row, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def form_data(world, **kw):
    data = {
        "student": world.student.student_number,
        "term": world.autumn.pk,
        "institution": "Ankara Üniversitesi",
        "country": "tr",
        "external_code": "BLM101",
        "external_name": "Programlamaya Giriş",
        "credits": 6,
        "original_grade": "BA",
        "ects_grade": "B",
        "discipline": world.compulsory[0].code,
    }
    data.update(kw)
    return data


def test_the_office_records_a_result_and_sees_it_on_the_student_page(world, users, client_for):
    client = client_for("registrar")
    response = client.post(reverse("mobility_new"), form_data(world))
    assert response.status_code == 302 and response["Location"] == reverse("student_mobility", args=[world.student.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ankara Üniversitesi" in page and "Programlamaya Giriş" in page and 'data-source="mobility"' in page
    assert Result.objects.get().original_grade == "BA"


def test_the_form_shows_the_services_refusal(world, users, client_for):
    response = client_for("registrar").post(reverse("mobility_new"), form_data(world, credits=3, student="nobody"))
    assert response.status_code == 200
    assert "No student with this student ID number or IIN." in response.content.decode()
    response = client_for("registrar").post(reverse("mobility_new"), form_data(world, credits=3))
    assert "fewer than the 5 of CMP1" in response.content.decode() and not MobilityRecord.objects.exists()


def test_the_list_filters_exports_and_keeps_its_query_count(world, users, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    url = reverse("mobility_list")

    def fill(n):
        for _ in range(n):
            student = world.student_like()
            svc.mobility_record(actor=users["registrar"], entry=entry(world, student=student, institution="KU Leuven"))

    fill(2)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
    svc.mobility_record(actor=users["registrar"], entry=entry(world, institution="Sorbonne", country="FR"))
    page = client.get(url, {"country": "fr"}).content.decode()
    assert "Sorbonne" in page and "KU Leuven" not in page
    response = client.get(url, {"q": "Sorbonne", "export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and "Sorbonne" in rows[1]


def test_the_import_page_lists_row_errors_and_imports_nothing(world, users, client_for):
    client = client_for("registrar")
    bad = xlsx([good_row(world), [*good_row(world, course="X")[:10], "NOCODE"]])
    response = client.post(reverse("mobility_import"), {"file": bad})
    assert response.status_code == 400
    assert "row 3" in response.content.decode() and not MobilityRecord.objects.exists()
    response = client.post(reverse("mobility_import"), {"file": xlsx([good_row(world)])})
    assert response.status_code == 302 and MobilityRecord.objects.count() == 1
    template = client.get(reverse("mobility_import_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_conversion_page_is_read_by_the_office_and_changed_by_the_head(world, users, client_for):
    url = reverse("ects_conversion")
    page = client_for("registrar").get(url).content.decode()
    assert 'data-grade="B"' in page and 'id="conversion-form"' not in page
    data = {**svc.ects_conversion(), "B": 88}
    assert client_for("registrar").post(url, data).status_code == 403
    assert client_for("registrar_head").post(url, data).status_code == 302
    assert svc.ects_conversion()["B"] == 88
    response = client_for("registrar_head").post(url, {**data, "A": 10})
    assert response.status_code == 400 and "A converts lower than B" in response.content.decode()


def test_a_student_sees_only_their_own_mobility_page(world, users, client_for):
    svc.mobility_record(actor=users["registrar"], entry=entry(world))
    other = world.student_like()
    own = client_for("student").get(reverse("my_mobility"))
    assert own.status_code == 200 and "Grundlagen: Datenbanken" in own.content.decode()
    assert client_for("student").get(reverse("student_mobility", args=[world.student.pk])).status_code == 200
    assert client_for("student").get(reverse("student_mobility", args=[other.pk])).status_code == 403
    assert client_for("another_student").get(reverse("student_mobility", args=[world.student.pk])).status_code == 403
    assert client_for("adviser").get(reverse("student_mobility", args=[world.student.pk])).status_code == 200
    assert client_for("another_adviser").get(reverse("student_mobility", args=[world.student.pk])).status_code == 403
    for role in ("student", "adviser", "teacher", "dean_office"):
        assert client_for(role).get(reverse("mobility_list")).status_code == 403
        assert client_for(role).post(reverse("mobility_new"), form_data(world)).status_code == 403


def test_the_student_page_keeps_its_query_count(world, users, client_for, django_assert_max_num_queries):
    client = client_for("student")
    url = reverse("my_mobility")
    svc.mobility_record(actor=users["registrar"], entry=entry(world))
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for i in range(8):
        d = DisciplineFactory(code=f"MV{i}")
        svc.mobility_record(actor=users["registrar"], entry=entry(world, discipline=d, external_name=f"Course {i}"))
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
