"""Each order type's effect and its refusal (RULES.md §8): what signing does to the student's record."""

import datetime

import pytest

from enrollment.choices import Funding, Movement, StudentStatus
from enrollment.models import StatusChange, Student
from orders.choices import ExpulsionGround, LeaveGround, OrderType, TransferKind
from registrar.errors import DomainError
from tests.enrollment.factories_students import StudentFactory, TeacherFactory

from .factories_orders import AcademicGroupFactory, ProgrammeFactory, applicant, draft, enrolled_student, signed

pytestmark = pytest.mark.django_db

FEB = datetime.date(2026, 2, 2)


def refusal(order_type, **kwargs) -> list[str]:
    with pytest.raises(DomainError) as info:
        signed(order_type, **kwargs)
    return info.value.errors


def last_change(student) -> StatusChange:
    return StatusChange.objects.filter(student=student).order_by("-effective_on", "-id").first()


# --- enrolment -------------------------------------------------------------------------------------


def test_enrolment_creates_active_students_placed_in_a_group_with_an_adviser():
    programme = ProgrammeFactory(short_code="ИС")
    adviser = TeacherFactory(department=programme.department, adviser=True)
    order = signed(OrderType.ENROLMENT, items=[applicant(programme), applicant(programme)])
    assert order.number == "1-З" and order.is_signed
    students = [item.student for item in order.items.order_by("position")]
    for student in students:
        assert student.status == StudentStatus.ACTIVE and student.year_of_study == 1
        assert student.group.name == "ИС-25-1" and student.adviser == adviser
        assert student.intake_year == 2025 and student.funding == Funding.STATE_GRANT
        change = last_change(student)
        assert change.movement == Movement.ENROLLED and change.order_number == "1-З"
        assert change.effective_on == datetime.date(2025, 9, 1)
    item = order.items.first()
    assert item.result["movement"] == Movement.ENROLLED and item.result["after"]["status"] == "active"
    assert item.student.student_number == f"25{item.pk:06d}"


def test_enrolment_into_a_named_group_and_a_later_year_for_an_order_level_programme():
    programme = ProgrammeFactory()
    group = AcademicGroupFactory(programme=programme, intake_year=2023)
    item = applicant(programme, group=group.pk, year_of_study=3)
    del item["programme"]
    order = signed(OrderType.ENROLMENT, items=[item], params={"programme": programme.code})
    student = order.items.get().student
    assert student.group == group and student.year_of_study == 3 and student.intake_year == 2023


def test_enrolment_refuses_every_bad_applicant_and_creates_nobody():
    programme = ProgrammeFactory(distance=False)
    existing = StudentFactory()
    good = applicant(programme)
    bad_checksum = applicant(programme)
    bad_checksum["iin"] = bad_checksum["iin"][:11] + str((int(bad_checksum["iin"][11]) + 1) % 10)
    duplicate = applicant(programme, iin=good["iin"], birth_date=good["birth_date"], sex=good["sex"])
    taken = applicant(programme, iin=existing.iin, birth_date=existing.birth_date.isoformat(), sex=existing.sex)
    unknown = applicant(programme, programme="6B99999")
    no_distance = applicant(programme, study_form="distance")
    errors = refusal(OrderType.ENROLMENT, items=[good, bad_checksum, duplicate, taken, unknown, no_distance])
    text = "\n".join(errors)
    assert "Item 2" in text and "check digit" in text
    assert "Item 3" in text and "more than one item" in text
    assert "Item 4" in text and "already exists" in text
    assert "Item 5" in text and "6B99999" in text
    assert "Item 6" in text and "study form" in text
    assert not Student.objects.exclude(pk=existing.pk).exists()


def test_enrolment_refuses_an_iin_that_does_not_match_the_birth_date():
    item = applicant(birth_date="1999-01-01")
    errors = refusal(OrderType.ENROLMENT, items=[item])
    assert "birth date" in errors[0]


# --- promotion, repeat year ------------------------------------------------------------------------


def test_promotion_moves_an_active_student_one_year_up():
    student = enrolled_student()
    signed(OrderType.PROMOTION, students=[student], effective_on=datetime.date(2026, 9, 1))
    student.refresh_from_db()
    assert student.year_of_study == 2 and last_change(student).movement == Movement.PROMOTED


def test_promotion_refuses_an_expelled_student_and_a_final_year_student():
    expelled = StudentFactory(status=StudentStatus.EXPELLED)
    final = StudentFactory(year_of_study=4)
    errors = refusal(OrderType.PROMOTION, students=[expelled, final], effective_on=datetime.date(2026, 9, 1))
    assert len(errors) == 2
    assert "Item 1" in errors[0] and "expelled" in errors[0]
    assert "Item 2" in errors[1] and "last of the programme" in errors[1]
    final.refresh_from_db()
    assert final.year_of_study == 4


def test_repeat_year_keeps_the_year_and_the_grant_is_lost():
    student = enrolled_student(funding=Funding.STATE_GRANT)
    order = signed(OrderType.REPEAT_YEAR, students=[student], effective_on=datetime.date(2026, 9, 1))
    student.refresh_from_db()
    assert student.year_of_study == 1 and student.funding == Funding.PAID
    assert order.items.get().result["grant_lost"] is True


def test_repeat_year_refuses_a_student_on_leave():
    student = StudentFactory(status=StudentStatus.ON_LEAVE)
    errors = refusal(OrderType.REPEAT_YEAR, students=[student], effective_on=datetime.date(2027, 9, 1))
    assert "on academic leave" in errors[0]


# --- transfer ----------------------------------------------------------------------------------------


def test_transfer_to_another_programme_places_the_student_in_a_group_of_it():
    student = enrolled_student()
    target = ProgrammeFactory(short_code="ВТ")
    signed(
        OrderType.TRANSFER,
        students=[student],
        params={"kind": TransferKind.INTERNAL, "programme": target.code, "language": "kk"},
        effective_on=FEB,
    )
    student.refresh_from_db()
    assert student.programme == target and student.language == "kk"
    assert student.group.programme == target and student.group.name == "ВТ-25-1"
    assert last_change(student).movement == Movement.TRANSFERRED


def test_transfer_that_changes_nothing_or_to_a_language_not_taught_is_refused():
    student = enrolled_student()
    no_english = ProgrammeFactory(lang_en=False)
    other = enrolled_student()
    errors = refusal(
        OrderType.TRANSFER,
        students=[student],
        items=[{"student": other, "programme": no_english.code, "language": "en"}],
        params={"kind": TransferKind.INTERNAL},
        effective_on=FEB,
    )
    assert "changes nothing" in errors[0]
    assert "not taught in the language" in errors[1]


def test_transfer_from_another_university_enrols_the_student_as_transferred_in():
    programme = ProgrammeFactory()
    order = signed(
        OrderType.TRANSFER,
        items=[applicant(programme, year_of_study=2, previous_university="ЕҰУ")],
        params={"kind": TransferKind.INCOMING},
        effective_on=FEB,
    )
    student = order.items.get().student
    assert student.year_of_study == 2 and last_change(student).movement == Movement.TRANSFERRED_IN


def test_transfer_from_another_university_needs_that_university():
    errors = refusal(OrderType.TRANSFER, items=[applicant()], params={"kind": TransferKind.INCOMING})
    assert "transfers from" in errors[0]


def test_transfer_to_another_university_ends_studies_and_keeps_the_grant():
    student = enrolled_student(funding=Funding.STATE_GRANT)
    signed(
        OrderType.TRANSFER,
        students=[student],
        params={"kind": TransferKind.OUTGOING, "destination_university": "КазНУ"},
        effective_on=FEB,
    )
    student.refresh_from_db()
    assert student.status == StudentStatus.EXPELLED and student.funding == Funding.STATE_GRANT
    change = last_change(student)
    assert change.movement == Movement.TRANSFERRED_OUT and change.ground == ExpulsionGround.TRANSFER


# --- academic leave and return -----------------------------------------------------------------------


def leave_params(ground=LeaveGround.MEDICAL, start=FEB, until=datetime.date(2027, 2, 1), **extra):
    return {"leave_ground": ground, "leave_from": start.isoformat(), "leave_until": until.isoformat(), **extra}


def test_academic_leave_of_twelve_months_on_medical_ground():
    student = enrolled_student()
    signed(OrderType.ACADEMIC_LEAVE, students=[student], params=leave_params(), effective_on=datetime.date(2026, 1, 20))
    student.refresh_from_db()
    assert student.status == StudentStatus.ON_LEAVE and student.leave_until == datetime.date(2027, 2, 1)
    change = last_change(student)
    assert change.effective_on == FEB and change.movement == Movement.LEAVE and change.ground == "medical"


def test_medical_leave_longer_than_twelve_months_is_refused():
    student = enrolled_student()
    errors = refusal(OrderType.ACADEMIC_LEAVE, students=[student], params=leave_params(until=datetime.date(2027, 2, 2)))
    assert "from 6 to 12 months" in errors[0]


def test_tuberculosis_leave_may_last_up_to_thirty_six_months():
    student = enrolled_student()
    params = leave_params(LeaveGround.TUBERCULOSIS, until=datetime.date(2029, 2, 1))
    signed(OrderType.ACADEMIC_LEAVE, students=[student], params=params)
    student.refresh_from_db()
    assert student.status == StudentStatus.ON_LEAVE


def test_child_care_leave_ends_at_the_third_birthday():
    student = enrolled_student()
    born = datetime.date(2025, 12, 1)
    too_long = {"student": student, **leave_params(LeaveGround.CHILD_CARE, until=datetime.date(2028, 12, 2))}
    too_long["child_birth_date"] = born.isoformat()
    errors = refusal(OrderType.ACADEMIC_LEAVE, items=[too_long])
    assert "turns 3 (01.12.2028)" in errors[0]


def test_leave_is_refused_for_a_student_already_on_leave():
    student = StudentFactory(status=StudentStatus.ON_LEAVE, status_on=datetime.date(2025, 10, 1))
    errors = refusal(OrderType.ACADEMIC_LEAVE, students=[student], params=leave_params())
    assert "already on academic leave until 01.10.2026" in errors[0]


def test_return_from_leave_makes_the_student_active_in_the_group_of_the_next_cohort():
    programme = ProgrammeFactory(short_code="МТ")
    student = enrolled_student(programme=programme)
    signed(OrderType.ACADEMIC_LEAVE, students=[student], params=leave_params(until=datetime.date(2026, 8, 31)))
    signed(OrderType.RETURN_FROM_LEAVE, students=[student], effective_on=datetime.date(2026, 9, 1))
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE and student.leave_until is None
    assert student.year_of_study == 1 and student.group.intake_year == 2026 and student.group.name == "МТ-26-1"
    assert last_change(student).movement == Movement.RETURNED


def test_return_is_refused_for_a_student_not_on_leave():
    errors = refusal(OrderType.RETURN_FROM_LEAVE, students=[enrolled_student()], effective_on=FEB)
    assert "this order needs a student who is on academic leave" in errors[0]


# --- reinstatement, expulsion -------------------------------------------------------------------------


def test_expulsion_for_academic_failure_loses_the_grant():
    student = enrolled_student(funding=Funding.STATE_GRANT)
    order = signed(
        OrderType.EXPULSION, students=[student], params={"expulsion_ground": "academic_failure"}, effective_on=FEB
    )
    student.refresh_from_db()
    assert student.status == StudentStatus.EXPELLED and student.funding == Funding.PAID
    assert last_change(student).ground == "academic_failure" and order.items.get().result["grant_lost"]


def test_expulsion_on_transfer_keeps_the_grant_and_counts_as_transferred_out():
    student = enrolled_student(funding=Funding.STATE_GRANT)
    signed(OrderType.EXPULSION, students=[student], params={"expulsion_ground": "transfer"}, effective_on=FEB)
    student.refresh_from_db()
    assert student.funding == Funding.STATE_GRANT and last_change(student).movement == Movement.TRANSFERRED_OUT


def test_expulsion_needs_a_ground_and_refuses_a_former_student():
    expelled = StudentFactory(status=StudentStatus.EXPELLED)
    errors = refusal(
        OrderType.EXPULSION, students=[expelled, enrolled_student()], effective_on=datetime.date(2027, 1, 1)
    )
    assert all("ground of expulsion: required" in e for e in errors)
    errors = refusal(
        OrderType.EXPULSION,
        students=[expelled],
        params={"expulsion_ground": "own_wish"},
        effective_on=FEB.replace(2027),
    )
    assert "expelled" in errors[0]


def test_reinstatement_makes_an_expelled_student_active_again():
    student = enrolled_student()
    signed(OrderType.EXPULSION, students=[student], params={"expulsion_ground": "own_wish"}, effective_on=FEB)
    signed(
        OrderType.REINSTATEMENT,
        students=[student],
        params={"year_of_study": 1, "funding": "paid"},
        effective_on=datetime.date(2026, 9, 1),
    )
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE and student.group.intake_year == 2026
    assert last_change(student).movement == Movement.REINSTATED


def test_reinstatement_is_refused_for_a_graduate_and_an_active_student():
    graduate = StudentFactory(status=StudentStatus.GRADUATED, year_of_study=4)
    errors = refusal(
        OrderType.REINSTATEMENT, students=[graduate, enrolled_student()], effective_on=datetime.date(2027, 9, 1)
    )
    assert "graduated" in errors[0] and "active" in errors[1]


# --- funding, name, graduation --------------------------------------------------------------------------


def test_change_of_funding_awards_a_grant():
    student = enrolled_student(funding=Funding.PAID)
    signed(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "grant"}, effective_on=FEB)
    student.refresh_from_db()
    assert student.funding == Funding.STATE_GRANT and last_change(student).movement == Movement.FUNDING_CHANGED


def test_change_of_funding_to_the_same_funding_is_refused():
    student = enrolled_student(funding=Funding.PAID)
    errors = refusal(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=FEB)
    assert "already studies on this funding" in errors[0]


def test_change_of_name_with_the_supporting_document():
    student = enrolled_student(last_name="Серікбаева")
    item = {
        "student": student,
        "last_name": "Қасымова",
        "last_name_latin": "Kassymova",
        "document": "Свидетельство о браке №123",
    }
    order = signed(OrderType.NAME_CHANGE, items=[item], effective_on=FEB)
    student.refresh_from_db()
    assert student.last_name == "Қасымова" and student.last_name_latin == "Kassymova"
    assert order.items.get().result["document"] == "Свидетельство о браке №123"
    assert last_change(student).before["last_name"] == "Серікбаева"


def test_change_of_name_needs_the_document_and_a_new_name():
    student = enrolled_student(last_name="Серікбаева")
    errors = refusal(OrderType.NAME_CHANGE, items=[{"student": student, "last_name": "Серікбаева"}], effective_on=FEB)
    assert "supporting document: required" in errors[0]
    item = {"student": student, "last_name": "Серікбаева", "document": "Свидетельство"}
    errors = refusal(OrderType.NAME_CHANGE, items=[item], effective_on=FEB)
    assert "same as the current one" in errors[0]


def test_graduation_of_a_final_year_student():
    student = StudentFactory(year_of_study=4, intake_year=2022)
    params = {"attestation_date": "2026-06-20", "minutes_number": "7"}
    order = signed(OrderType.GRADUATION, students=[student], params=params, effective_on=datetime.date(2026, 6, 30))
    student.refresh_from_db()
    assert student.status == StudentStatus.GRADUATED
    assert order.items.get().result["minutes_number"] == "7"


def test_graduation_is_refused_before_the_final_year():
    params = {"attestation_date": "2026-06-20", "minutes_number": "7"}
    errors = refusal(
        OrderType.GRADUATION, students=[enrolled_student()], params=params, effective_on=datetime.date(2026, 6, 30)
    )
    assert "year 1 of 4" in errors[0]


# --- all items or none ------------------------------------------------------------------------------------


def test_one_impossible_item_refuses_the_whole_order_and_applies_nothing():
    good = enrolled_student()
    expelled = StudentFactory(status=StudentStatus.EXPELLED)
    order = draft(OrderType.PROMOTION, students=[good, expelled], effective_on=datetime.date(2026, 9, 1))
    from orders.services import order_sign

    from .factories_orders import head_user

    with pytest.raises(DomainError) as info:
        order_sign(actor=head_user(), order=order)
    assert len(info.value.errors) == 1 and "Item 2" in info.value.errors[0]
    good.refresh_from_db()
    order.refresh_from_db()
    assert good.year_of_study == 1 and order.is_draft and order.number == ""


def test_an_item_cannot_take_effect_before_the_students_last_change():
    student = enrolled_student()
    signed(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=FEB)
    errors = refusal(
        OrderType.EXPULSION,
        students=[student],
        params={"expulsion_ground": "own_wish"},
        effective_on=datetime.date(2026, 1, 10),
    )
    assert "already has a change in force from 02.02.2026" in errors[0]
