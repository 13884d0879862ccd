"""Correcting personal data: the office corrects contacts, citizenship, birth date, sex, IIN and the Latin
spelling; everything an order changes stays as it is."""

import datetime

import pytest
from django.urls import reverse

from enrollment.choices import Movement, Sex
from enrollment.iin import make_iin
from enrollment.models import Student
from enrollment.services.students import student_update_personal
from registrar.errors import DomainError

from .factories_students import StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def student(db):
    return StudentFactory(
        birth_date=datetime.date(2005, 3, 14), sex=Sex.FEMALE, iin=make_iin(datetime.date(2005, 3, 14), Sex.FEMALE, 77)
    )


def form_data(student, **changes):
    data = {
        "iin": student.iin or "",
        "birth_date": student.birth_date.isoformat(),
        "sex": student.sex,
        "citizenship": student.citizenship,
        "phone": student.phone,
        "email": student.email,
        "address": student.address,
        "last_name_latin": student.last_name_latin,
        "first_name_latin": student.first_name_latin,
        "adviser": student.adviser_id or "",
    }
    data.update(changes)
    return data


def test_the_form_says_what_changes_only_by_orders(client_for, student):
    html = client_for("registrar").get(reverse("student_edit", args=[student.pk])).content.decode()
    assert "change only by an order" in html
    for order_only in ('name="status"', 'name="programme"', 'name="group"', 'name="year_of_study"', 'name="funding"'):
        assert order_only not in html
    assert 'name="last_name"' not in html and 'name="last_name_latin"' in html


def test_the_office_corrects_contacts(client_for, student):
    response = client_for("registrar").post(
        reverse("student_edit", args=[student.pk]),
        form_data(student, phone="+7 701 000 00 00", email="aigul@example.kz", address="Алматы, Әуезов к-сі 1"),
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.phone, student.email, student.address) == (
        "+7 701 000 00 00",
        "aigul@example.kz",
        "Алматы, Әуезов к-сі 1",
    )
    assert student.history.first().history_user.username == "registrar"


def test_birth_date_and_sex_are_checked_against_the_iin(client_for, student):
    response = client_for("registrar").post(
        reverse("student_edit", args=[student.pk]), form_data(student, birth_date="2005-03-15", sex=Sex.MALE)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["iin"]
    assert any("14.03.2005" in e and "15.03.2005" in e for e in errors)
    assert any("sex entered" in e for e in errors)
    student.refresh_from_db()
    assert student.birth_date == datetime.date(2005, 3, 14)


def test_a_corrected_iin_must_pass_the_checksum(client_for, student):
    wrong = student.iin[:11] + str((int(student.iin[11]) + 1) % 10)
    response = client_for("registrar").post(reverse("student_edit", args=[student.pk]), form_data(student, iin=wrong))
    (error,) = response.context["form"].errors["iin"]
    assert "check digit" in error


def test_an_iin_of_another_student_is_refused(client_for, student):
    other = StudentFactory()
    response = client_for("registrar").post(
        reverse("student_edit", args=[student.pk]),
        form_data(student, iin=other.iin, birth_date=other.birth_date.isoformat(), sex=other.sex),
    )
    assert any("Another student" in e for e in response.context["form"].errors["iin"])


def test_a_foreign_student_may_have_no_iin(client_for, student):
    response = client_for("registrar").post(
        reverse("student_edit", args=[student.pk]), form_data(student, iin="", citizenship="uz")
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.iin is None and student.citizenship == "UZ"


def test_a_latin_spelling_correction_is_written_to_the_status_history(users, student):
    student_update_personal(
        actor=users["registrar"], student=student, data={"last_name_latin": "Aliyeva", "first_name_latin": "Aigul"}
    )
    change = student.status_changes.order_by("-id").first()
    assert change.movement == Movement.NAME_CHANGED and change.ground == "latin_spelling"
    assert change.after["last_name_latin"] == "Aliyeva" and change.order_number == ""
    assert Student.objects.get(pk=student.pk).full_name_latin == "Aliyeva Aigul"


@pytest.mark.parametrize("field", ["status", "programme", "group", "year_of_study", "funding", "last_name"])
def test_order_only_fields_are_refused_by_the_service(users, student, field):
    with pytest.raises(DomainError) as exc:
        student_update_personal(actor=users["registrar"], student=student, data={field: "x"})
    assert exc.value.field == field and "only by an order" in exc.value.message


def test_posting_order_only_fields_to_the_form_changes_nothing(client_for, student):
    before = (student.status, student.programme_id, student.year_of_study, student.last_name)
    client_for("registrar").post(
        reverse("student_edit", args=[student.pk]),
        form_data(student, status="expelled", year_of_study="4", last_name="Хакер"),
    )
    student.refresh_from_db()
    assert (student.status, student.programme_id, student.year_of_study, student.last_name) == before


@pytest.mark.parametrize("role", ["dean_office", "adviser", "student", "teacher"])
def test_only_the_office_corrects_personal_data(users, student, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        student_update_personal(actor=users[role], student=student, data={"phone": "1"})


def test_the_admin_shows_order_fields_read_only_and_cannot_add_or_delete(client_for, student):
    client = client_for("administrator")
    assert client.get(reverse("admin:enrollment_student_add")).status_code == 403
    page = client.get(reverse("admin:enrollment_student_change", args=[student.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="status"' not in html and 'name="programme"' not in html and 'name="last_name"' not in html
    assert 'name="phone"' in html
    assert client.get(reverse("admin:enrollment_student_delete", args=[student.pk])).status_code == 403


def test_the_admin_status_history_is_read_only(client_for, student):
    client = client_for("administrator")
    change = student.status_changes.first()
    assert client.get(reverse("admin:enrollment_statuschange_changelist")).status_code == 200
    assert client.get(reverse("admin:enrollment_statuschange_add")).status_code == 403
    assert client.get(reverse("admin:enrollment_statuschange_delete", args=[change.pk])).status_code == 403
    view = client.get(reverse("admin:enrollment_statuschange_change", args=[change.pk]))
    assert view.status_code == 200 and 'name="movement"' not in view.content.decode()


def test_a_latin_correction_never_lands_before_an_order_already_signed_for_a_later_date(users, student):
    from .factories_students import change

    future = datetime.date.today() + datetime.timedelta(days=30)
    change(student, Movement.PROMOTED, future, year_of_study=2)
    student_update_personal(actor=users["registrar"], student=student, data={"last_name_latin": "Aliyeva"})
    latest = student.status_changes.order_by("-effective_on", "-id").first()
    assert latest.ground == "latin_spelling" and latest.effective_on == future
    assert latest.after["year_of_study"] == 2


def test_the_office_assigns_another_adviser_who_then_sees_the_student(client_for, users, student):
    from .factories_students import teacher_for

    adviser = teacher_for(users["adviser"])
    response = client_for("registrar").post(
        reverse("student_edit", args=[student.pk]), form_data(student, adviser=adviser.pk)
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.adviser == adviser
    assert client_for("adviser").get(reverse("student_detail", args=[student.pk])).status_code == 200


def test_a_teacher_without_the_adviser_role_cannot_be_assigned(users, student):
    from .factories_students import teacher_for

    with pytest.raises(DomainError) as exc:
        student_update_personal(
            actor=users["registrar"], student=student, data={"adviser": teacher_for(users["teacher"])}
        )
    assert exc.value.field == "adviser"


def test_the_admin_checks_the_iin_too(client_for, student):
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(student).items() if v is not None}
    data.update(iin=student.iin[:11] + str((int(student.iin[11]) + 1) % 10), birth_date=student.birth_date.isoformat())
    data.update({"documents-TOTAL_FORMS": 0, "documents-INITIAL_FORMS": 0})
    response = client_for("administrator").post(reverse("admin:enrollment_student_change", args=[student.pk]), data)
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    student.refresh_from_db()
    assert student.iin == make_iin(datetime.date(2005, 3, 14), Sex.FEMALE, 77)
