"""Accounts in bulk: logins from names, random passwords kept only as hashes, a forced change at
the first login, the passwords handed out only in the generating response (PDF slips or xlsx),
audited, and only by the registrar's office."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.models import Student
from enrollment.services.accounts import (
    TEMPORARY_PASSWORD_ITERATIONS,
    accounts_generate_for_students,
    accounts_reissue,
)
from registrar.errors import DomainError
from registrar.models import User
from registrar.roles import Role

from .factories_admissions import AcademicGroupFactory, ProgrammeFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomers():
    programme = ProgrammeFactory(short_code="ИС")
    group = AcademicGroupFactory(programme=programme, intake_year=2026, number=1, name="ИС-26-1")
    people = [
        ("Серікбаев", "Дәурен", "Serikbayev", "Dauren"),
        ("Серікбаев", "Дулат", "", ""),  # same initial and surname: a numbered login
        ("Құрманғалиева", "Іңкәр", "", ""),  # no Latin spelling: transliterated
        ("Иванова", "Мария", "Ivanova", "Maria"),
    ]
    return [
        StudentFactory(
            programme=programme,
            group=group,
            intake_year=2026,
            last_name=last,
            first_name=first,
            last_name_latin=last_latin,
            first_name_latin=first_latin,
        )
        for last, first, last_latin, first_latin in people
    ]


def _all_database_text() -> str:
    """Every row of every table as text: a password in clear would show up here."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_each_student_gets_a_login_from_the_latin_name_and_the_student_role(users, newcomers):
    credentials = accounts_generate_for_students(actor=users["registrar"], students=newcomers)
    assert sorted(c.username for c in credentials) == ["d.serikbayev", "d.serikbayev2", "i.kurmangaliyeva", "m.ivanova"]
    for student in Student.objects.filter(pk__in=[s.pk for s in newcomers]).select_related("user"):
        assert student.user is not None
        assert student.user.has_role(Role.STUDENT)
        assert student.user.last_name == student.last_name and student.user.first_name == student.first_name
    assert {c.detail for c in credentials} == {f"{newcomers[0].programme.code} · ИС-26-1"}


def test_logins_already_taken_by_anyone_are_numbered(users, newcomers):
    User.objects.create_user(username="D.Serikbayev", password="x-secret-pass-1")
    User.objects.create_user(username="m.ivanova", password="x-secret-pass-1")
    logins = {c.username for c in accounts_generate_for_students(actor=users["registrar"], students=newcomers)}
    assert {"d.serikbayev2", "d.serikbayev3", "m.ivanova2"} <= logins
    assert User.objects.filter(username__iexact="d.serikbayev").count() == 1


def test_passwords_are_random_and_stored_only_as_hashes(users, newcomers):
    credentials = accounts_generate_for_students(actor=users["registrar"], students=newcomers)
    passwords = [c.password for c in credentials]
    assert len(set(passwords)) == len(passwords)
    assert all(len(p) == 12 for p in passwords)
    everything = _all_database_text()
    for c in credentials:
        assert c.password not in everything
        user = User.objects.get(username=c.username)
        assert user.password != c.password and user.check_password(c.password)


def test_the_first_login_must_change_the_password(users, newcomers, client):
    credential = accounts_generate_for_students(actor=users["registrar"], students=newcomers[:1])[0]
    assert User.objects.get(username=credential.username).must_change_password
    logged_in = client.post(reverse("login"), {"username": credential.username, "password": credential.password})
    assert logged_in.status_code == 302
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")


def test_temporary_passwords_are_rehashed_at_full_strength_on_the_first_login(users, newcomers, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    credential = accounts_generate_for_students(actor=users["registrar"], students=newcomers[:1])[0]
    user = User.objects.get(username=credential.username)
    assert user.password.startswith(f"pbkdf2_sha256${TEMPORARY_PASSWORD_ITERATIONS}$")
    assert check_password(credential.password, user.password, setter=user.set_password)
    assert not user.password.startswith(f"pbkdf2_sha256${TEMPORARY_PASSWORD_ITERATIONS}$")


def test_students_who_have_an_account_are_skipped(users, newcomers):
    accounts_generate_for_students(actor=users["registrar"], students=newcomers[:2])
    again = accounts_generate_for_students(actor=users["registrar"], students=newcomers)
    assert len(again) == 2
    assert accounts_generate_for_students(actor=users["registrar"], students=newcomers) == []


def test_account_creation_is_audited(users, newcomers):
    credential = accounts_generate_for_students(actor=users["registrar"], students=newcomers[:1])[0]
    record = User.history.filter(username=credential.username).latest("history_date")
    assert record.history_user == users["registrar"]
    assert record.history_change_reason == "account generated"


@pytest.mark.parametrize("role", ["student", "adviser", "teacher", "dean_office"])
def test_only_the_registrars_office_generates_accounts(users, newcomers, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        accounts_generate_for_students(actor=users[role], students=newcomers)
    with pytest.raises(PermissionDenied):
        accounts_reissue(actor=users[role], users=[users["teacher"]])
    assert not Student.objects.filter(user__isnull=False, pk__in=[s.pk for s in newcomers]).exists()


# Teachers and staff -----------------------------------------------------------------------------


def test_teachers_get_a_new_initial_password_which_must_be_changed(users):
    teacher = TeacherFactory(user=users["teacher"])
    old_hash = User.objects.get(pk=teacher.user_id).password
    (credential,) = accounts_reissue(actor=users["registrar"], users=[users["teacher"]])
    user = User.objects.get(pk=teacher.user_id)
    assert credential.username == "teacher" and user.password != old_hash
    assert user.check_password(credential.password) and user.must_change_password
    assert credential.detail == teacher.department.name
    record = user.history.latest("history_date")
    assert (record.history_user, record.history_change_reason) == (users["registrar"], "initial password generated")
    assert credential.password not in _all_database_text()


def test_a_registrar_may_not_reissue_office_accounts_and_then_nothing_changes(users):
    before = {u.pk: u.password for u in User.objects.all()}
    with pytest.raises(DomainError) as info:
        accounts_reissue(actor=users["registrar"], users=[users["teacher"], users["registrar_head"]])
    assert "registrar_head" in info.value.message
    assert {u.pk: u.password for u in User.objects.all()} == before
    assert accounts_reissue(actor=users["registrar_head"], users=[users["registrar"]])[0].username == "registrar"


# The pages ------------------------------------------------------------------------------------


def _english(*names):
    User.objects.filter(username__in=names).update(language="en")


def test_the_page_lists_the_students_without_an_account_and_shows_no_password(users, client_for, newcomers):
    _english("registrar")
    response = client_for("registrar").get(reverse("account_students"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Құрманғалиева Іңкәр" in html and "Generate 4 accounts" in html


def test_generating_answers_with_the_pdf_of_slips_and_nothing_else_keeps_it(users, client_for, newcomers):
    response = client_for("registrar").post(reverse("account_students"), {"output": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert Student.objects.filter(user__isnull=True).count() == 0
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert text.count("Құрманғалиева Іңкәр") == 1  # Kazakh letters survive into the PDF
        assert "i.kurmangaliyeva" in text and "d.serikbayev2" in text
        user = User.objects.get(username="i.kurmangaliyeva")
        slip = text[text.index("Құрманғалиева Іңкәр") :]
        password = re.search(r"password:\s+(\S+)", slip).group(1)
        assert user.check_password(password)


def test_generating_as_xlsx_gives_one_row_per_person(users, client_for, newcomers):
    response = client_for("registrar").post(reverse("account_students"), {"output": "xlsx"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 5
    for full_name, _role, _detail, username, password in rows[1:]:
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.full_name == full_name


def test_a_long_list_is_generated_file_by_file(users, client_for, newcomers, monkeypatch):
    from orders import views_accounts as views

    monkeypatch.setattr(views, "BATCH_SIZE", 3)
    _english("registrar")
    page = client_for("registrar").get(reverse("account_students"))
    assert "Generate 3 accounts" in page.content.decode() and 'id="batch-note"' in page.content.decode()
    first = client_for("registrar").post(reverse("account_students"), {"output": "xlsx"})
    assert len(list(load_workbook(BytesIO(first.content)).worksheets[0].iter_rows())) == 4
    assert Student.objects.filter(user__isnull=True).count() == 1
    client_for("registrar").post(reverse("account_students"), {"output": "xlsx"})
    assert Student.objects.filter(user__isnull=True).count() == 0


def test_nobody_left_without_an_account_answers_with_a_message_not_a_file(users, client_for, newcomers):
    client_for("registrar").post(reverse("account_students"), {"output": "xlsx"})
    response = client_for("registrar").post(reverse("account_students"), {"output": "xlsx"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_staff_page_generates_for_the_selected_people(users, client_for):
    TeacherFactory(user=users["teacher"])
    client = client_for("registrar")
    page = client.get(reverse("account_staff"), {"role": "teacher"})
    assert page.status_code == 200 and "another_teacher" in page.content.decode()
    assert "student" not in {row.record.username for row in page.context["table"].rows}
    response = client.post(
        reverse("account_staff_generate"),
        {"users": [users["teacher"].pk, users["another_teacher"].pk], "output": "xlsx"},
    )
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert sorted(r[3] for r in rows[1:]) == ["another_teacher", "teacher"]


def test_staff_page_refuses_office_accounts_for_a_plain_registrar(users, client_for):
    _english("registrar")
    response = client_for("registrar").post(
        reverse("account_staff_generate"), {"users": [users["registrar_head"].pk], "output": "pdf"}
    )
    assert response.status_code == 400
    assert "registrar_head" in response.content.decode()
    assert not User.objects.get(pk=users["registrar_head"].pk).must_change_password


@pytest.mark.parametrize("role", ["student", "adviser", "teacher", "dean_office"])
def test_the_account_pages_are_closed_to_everyone_outside_the_office(users, client_for, newcomers, role):
    client = client_for(role)
    assert client.get(reverse("account_students")).status_code == 403
    assert client.post(reverse("account_students"), {"output": "pdf"}).status_code == 403
    assert client.get(reverse("account_staff")).status_code == 403
    assert client.post(reverse("account_staff_generate"), {"users": [users["teacher"].pk]}).status_code == 403
    assert Student.objects.filter(user__isnull=True).count() == len(newcomers)


def test_the_account_pages_take_a_bounded_number_of_queries(
    users, client_for, newcomers, django_assert_max_num_queries
):
    for _i in range(10):
        TeacherFactory()
    client = client_for("registrar")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("account_students")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("account_staff")).status_code == 200
