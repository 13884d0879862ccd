"""The student list and card: who sees whom, what the card shows, bounded queries."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.choices import DocumentType, Movement, StudentStatus
from enrollment.models import PersonalDocument

from .factories_students import (
    AcademicGroupFactory,
    ProgrammeFactory,
    StudentFactory,
    TeacherFactory,
    change,
    dean_office_of,
    require_documents,
    teacher_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(users):
    """Two faculties; the dean's office reads the first; the adviser advises two students there."""
    p1, p2 = ProgrammeFactory(), ProgrammeFactory()
    dean_office_of(users["dean_office"], p1.faculty)
    adviser = teacher_for(users["adviser"], department=p1.department)
    other_adviser = teacher_for(users["another_adviser"])
    group = AcademicGroupFactory(programme=p1)
    mine = StudentFactory(programme=p1, group=group, adviser=adviser, user=users["student"], last_name="Әлиева")
    advisee = StudentFactory(programme=p1, group=group, adviser=adviser, last_name="Бекова")
    same_faculty = StudentFactory(programme=p1, adviser=other_adviser, last_name="Жұмабекова")
    elsewhere = StudentFactory(programme=p2, adviser=other_adviser, last_name="Қасымова", user=users["another_student"])
    return {"p1": p1, "p2": p2, "mine": mine, "advisee": advisee, "same_faculty": same_faculty, "elsewhere": elsewhere}


def listed(client, query=""):
    response = client.get(reverse("student_list") + query)
    assert response.status_code == 200
    return {row.record.last_name for row in response.context["table"].paginated_rows}


def test_the_office_lists_every_student(client_for, school):
    assert listed(client_for("registrar")) == {"Әлиева", "Бекова", "Жұмабекова", "Қасымова"}


def test_the_deans_office_lists_its_faculty_only(client_for, school):
    assert listed(client_for("dean_office")) == {"Әлиева", "Бекова", "Жұмабекова"}


def test_an_adviser_lists_own_advisees_only(client_for, school):
    assert listed(client_for("adviser")) == {"Әлиева", "Бекова"}
    assert listed(client_for("another_adviser")) == {"Жұмабекова", "Қасымова"}


@pytest.mark.parametrize("role", ["student", "teacher", None])
def test_students_teachers_and_anonymous_get_no_list(client_for, school, role):
    response = client_for(role).get(reverse("student_list"))
    assert response.status_code == (302 if role is None else 403)


def test_search_by_iin_name_and_student_number(client_for, school):
    client = client_for("registrar")
    advisee = school["advisee"]
    assert listed(client, f"?q={advisee.iin}") == {"Бекова"}
    assert listed(client, f"?q={advisee.student_number}") == {"Бекова"}
    assert listed(client, "?q=жұмабек") == {"Жұмабекова"}


def test_filters_by_programme_group_adviser_and_status(client_for, school):
    client = client_for("registrar")
    assert listed(client, f"?programme={school['p2'].pk}") == {"Қасымова"}
    assert listed(client, f"?group={school['mine'].group_id}") == {"Әлиева", "Бекова"}
    assert listed(client, f"?adviser={school['mine'].adviser_id}") == {"Әлиева", "Бекова"}
    change(school["advisee"], Movement.LEAVE, datetime.date(2026, 2, 1), status=StudentStatus.ON_LEAVE)
    assert listed(client, "?status=on_leave") == {"Бекова"}


def test_the_list_exports_the_filtered_rows_to_xlsx(client_for, school):
    response = client_for("registrar").get(reverse("student_list") + f"?programme={school['p1'].pk}&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3
    assert any("Жұмабекова" in str(cell) for row in rows for cell in row)


def test_the_list_runs_a_bounded_number_of_queries(client_for, school, django_assert_max_num_queries):
    for _ in range(30):
        StudentFactory(programme=school["p1"], group=school["mine"].group, adviser=TeacherFactory())
    client = client_for("registrar")
    with django_assert_max_num_queries(10):
        client.get(reverse("student_list"))


def test_the_card_shows_the_file_history_with_order_numbers_and_missing_documents(client_for, school):
    student = school["mine"]
    change(
        student,
        Movement.LEAVE,
        datetime.date(2026, 2, 1),
        ground="medical",
        order=("7-AL", datetime.date(2026, 1, 28)),
        status=StudentStatus.ON_LEAVE,
        leave_until=datetime.date(2027, 2, 1),
    )
    require_documents(DocumentType.ID_COPY, DocumentType.PHOTO)
    require_documents(DocumentType.CONTRACT, programme=school["p2"])  # another programme's: not asked here
    PersonalDocument.objects.create(
        student=student,
        doc_type=DocumentType.ID_COPY,
        file="private/x.pdf",
        original_name="id.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=student.status_changes.first().recorded_by,
    )
    response = client_for("registrar").get(reverse("student_detail", args=[student.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (student.iin, student.student_number, student.last_name_latin, student.programme.code, "7-AL"):
        assert text in html
    assert "28.01.2026" in html and "01.02.2026" in html
    checklist = {row["doc_type"]: row["present"] for row in response.context["checklist"]}
    assert checklist == {DocumentType.ID_COPY: True, DocumentType.PHOTO: False}
    assert 'id="history-panel"' in html  # the audit trail, for the office
    assert "coming soon" not in html.lower()


def test_the_card_runs_a_bounded_number_of_queries(client_for, school, django_assert_max_num_queries):
    student = school["mine"]
    for year in range(2, 6):
        change(student, Movement.PROMOTED, datetime.date(2024 + year, 9, 1), year_of_study=min(year, 4))
    client = client_for("registrar")
    with django_assert_max_num_queries(13):
        client.get(reverse("student_detail", args=[student.pk]))


def test_the_adviser_and_the_student_see_the_card_without_the_audit_trail(client_for, school):
    url = reverse("student_detail", args=[school["mine"].pk])
    for role in ("adviser", "student", "dean_office"):
        response = client_for(role).get(url)
        assert response.status_code == 200, role
        assert 'id="history-panel"' not in response.content.decode()
        assert 'id="upload-form"' not in response.content.decode()


@pytest.mark.parametrize("role", ["another_student", "another_adviser", "teacher"])
def test_others_cannot_open_the_card(client_for, school, role):
    assert client_for(role).get(reverse("student_detail", args=[school["mine"].pk])).status_code == 403


def test_my_card_is_the_students_own_card(client_for, school):
    response = client_for("student").get(reverse("my_card"))
    assert response.status_code == 200
    assert response.context["student"] == school["mine"]
    assert "breadcrumb" not in response.content.decode()


def test_my_card_is_refused_without_a_student_record(client_for, school):
    assert client_for("teacher").get(reverse("my_card")).status_code == 403


def test_my_card_is_in_the_menu_only_for_a_linked_student(client_for, school):
    assert reverse("my_card") in client_for("student").get(reverse("dashboard")).content.decode()
    assert reverse("my_card") not in client_for("registrar").get(reverse("dashboard")).content.decode()


def test_the_office_dashboard_counts_students_by_status(client_for, school):
    change(school["advisee"], Movement.EXPELLED, datetime.date(2026, 3, 1), ground="own_wish", status="expelled")
    response = client_for("registrar").get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["template"] == "enrollment/panels/status.html")
    counts = {r["status"]: r["count"] for r in panel["rows"]}
    assert counts == {"active": 3, "on_leave": 0, "expelled": 1, "graduated": 0}
    student_dash = client_for("student").get(reverse("dashboard"))
    assert all(p["template"] != "enrollment/panels/status.html" for p in student_dash.context["panels"])


def test_the_list_offers_registered_selection_actions_to_whom_they_allow(client_for, school, monkeypatch):
    from enrollment import tables

    monkeypatch.setattr(tables, "_SELECTION_ACTIONS", [])
    tables.register_selection_action(
        tables.SelectionAction(
            url_name="student_list",
            label="Draft an order",
            action="student.manage",
            field="order_type",
            choices=(("promotion", "promotion"),),
        )
    )
    office = client_for("registrar").get(reverse("student_list")).content.decode()
    assert 'id="selection-form"' in office and 'name="student"' in office and 'value="promotion"' in office
    export = client_for("registrar").get(reverse("student_list") + "?export=xlsx")
    header = next(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert header[0] == "student ID number"  # no checkbox column in the export
    adviser = client_for("adviser").get(reverse("student_list")).content.decode()
    assert 'id="selection-form"' not in adviser and 'name="student"' not in adviser
