"""Cancelling a signed order by a new order: the students go back, unless a later change would be lost."""

import datetime

import pytest

from enrollment.choices import Funding, Movement, StudentStatus
from enrollment.models import StatusChange
from enrollment.selectors import student_state_on, students_as_of
from orders import services
from orders.choices import OrderType
from registrar.errors import DomainError

from .factories_orders import applicant, draft, enrolled_student, head_user, registrar_user, signed

pytestmark = pytest.mark.django_db

FEB = datetime.date(2026, 2, 2)
LEAVE = {"leave_ground": "medical", "leave_until": "2027-02-01"}


def cancel(order, basis="Представление декана"):
    cancellation = services.order_cancel_create(actor=registrar_user(), order=order, basis=basis)
    return services.order_sign(actor=head_user(), order=cancellation)


def test_cancelling_a_leave_order_makes_its_students_active_again():
    students = [enrolled_student(), enrolled_student()]
    leave = signed(OrderType.ACADEMIC_LEAVE, students=students, params=LEAVE, effective_on=FEB)
    cancellation = cancel(leave)
    assert cancellation.number == "1-ОТМ" and cancellation.cancels == leave
    assert cancellation.items.count() == 2
    for student in students:
        student.refresh_from_db()
        assert student.status == StudentStatus.ACTIVE and student.leave_until is None
        change = StatusChange.objects.filter(student=student).order_by("-id").first()
        assert change.movement == Movement.CANCELLED and change.effective_on == FEB
        assert change.order_number == "1-ОТМ"
        # From the leave's date on, the student's state is the state before the cancelled order.
        assert student_state_on(student, datetime.date(2026, 3, 1))["status"] == "active"


def test_cancelling_an_enrolment_removes_the_person_from_the_student_body_but_keeps_the_record():
    order = signed(OrderType.ENROLMENT, items=[applicant()])
    student = order.items.get().student
    cancel(order)
    student.refresh_from_db()
    assert student.status == StudentStatus.EXPELLED and student.group is None
    assert student not in [s for s, _snap in students_as_of(datetime.date(2025, 10, 1))]


def test_cancelling_an_expulsion_restores_the_grant():
    student = enrolled_student(funding=Funding.STATE_GRANT)
    expulsion = signed(
        OrderType.EXPULSION, students=[student], params={"expulsion_ground": "non_payment"}, effective_on=FEB
    )
    cancel(expulsion)
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE and student.funding == Funding.STATE_GRANT


def test_cancellation_is_refused_when_a_later_change_would_be_overwritten():
    student = enrolled_student(last_name="Оспанов")
    leave = signed(OrderType.ACADEMIC_LEAVE, students=[student], params=LEAVE, effective_on=FEB)
    back = signed(OrderType.RETURN_FROM_LEAVE, students=[student], effective_on=datetime.date(2026, 9, 1))
    cancellation = services.order_cancel_create(actor=registrar_user(), order=leave, basis="Ошибка")
    with pytest.raises(DomainError) as info:
        services.order_sign(actor=head_user(), order=cancellation)
    message = info.value.errors[0]
    assert "Оспанов" in message and back.number in message and "returned from leave" in message
    student.refresh_from_db()
    assert student.status == StudentStatus.ACTIVE and student.group is not None


def test_only_a_signed_order_is_cancelled_and_only_once():
    student = enrolled_student()
    with pytest.raises(DomainError):
        services.order_cancel_create(
            actor=registrar_user(), order=draft(OrderType.PROMOTION, students=[student]), basis="x"
        )
    order = signed(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=FEB)
    with pytest.raises(DomainError):
        services.order_cancel_create(actor=registrar_user(), order=order, basis="  ")
    services.order_cancel_create(actor=registrar_user(), order=order, basis="Ошибка")
    with pytest.raises(DomainError) as info:
        services.order_cancel_create(actor=registrar_user(), order=order, basis="Ошибка")
    assert "already exists" in info.value.message


def test_a_cancelling_order_is_not_cancelled_itself():
    order = signed(
        OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB
    )
    cancellation = cancel(order)
    with pytest.raises(DomainError):
        services.order_cancel_create(actor=registrar_user(), order=cancellation, basis="x")
    with pytest.raises(DomainError):
        services.order_cancel_create(actor=registrar_user(), order=order, basis="again")


def test_a_cancelling_draft_may_leave_out_a_student():
    first, second = enrolled_student(), enrolled_student()
    leave = signed(OrderType.ACADEMIC_LEAVE, students=[first, second], params=LEAVE, effective_on=FEB)
    cancellation = services.order_cancel_create(actor=registrar_user(), order=leave, basis="Частичная отмена")
    services.order_item_remove(actor=registrar_user(), item=cancellation.items.get(student=second))
    services.order_sign(actor=head_user(), order=cancellation)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == StudentStatus.ACTIVE and second.status == StudentStatus.ON_LEAVE
