"""The order's life: drafting, numbering at signing, immutability once signed, who may do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from enrollment.models import StatusChange
from orders import services
from orders.choices import OrderStatus, OrderType
from orders.models import Order, OrderItem
from registrar.errors import DomainError
from registrar.models import UniversitySettings
from registrar.selectors import forget_university_settings
from tests.enrollment.factories_students import StudentFactory

from .factories_orders import applicant, draft, enrolled_student, head_user, registrar_user, signed

pytestmark = pytest.mark.django_db

FEB = datetime.date(2026, 2, 2)


def funding_order(student, **kwargs):
    return signed(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=FEB, **kwargs)


# --- a signed order is immutable ---------------------------------------------------------------------


@pytest.fixture
def signed_order():
    return funding_order(enrolled_student())


def assert_refused_as_signed(call):
    with pytest.raises(DomainError) as info:
        call()
    assert "signed" in info.value.message


def test_a_signed_order_cannot_be_edited(signed_order):
    assert_refused_as_signed(
        lambda: services.order_update(
            actor=registrar_user(), order=signed_order, order_date=FEB, effective_on=FEB, params={"funding": "grant"}
        )
    )
    signed_order.refresh_from_db()
    assert signed_order.params == {"funding": "paid"}


def test_a_signed_order_cannot_be_deleted(signed_order):
    assert_refused_as_signed(lambda: services.order_delete(actor=registrar_user(), order=signed_order))
    assert Order.objects.filter(pk=signed_order.pk).exists()


def test_a_signed_order_takes_no_new_items(signed_order):
    other = enrolled_student()
    assert_refused_as_signed(lambda: services.order_item_add(actor=registrar_user(), order=signed_order, student=other))
    assert_refused_as_signed(
        lambda: services.order_items_add(actor=registrar_user(), order=signed_order, entries=[(other, None)])
    )
    assert signed_order.items.count() == 1


def test_a_signed_orders_items_cannot_be_changed_or_removed(signed_order):
    item = signed_order.items.get()
    assert_refused_as_signed(lambda: services.order_item_update(actor=registrar_user(), item=item, params={}))
    assert_refused_as_signed(lambda: services.order_item_remove(actor=registrar_user(), item=item))
    assert OrderItem.objects.filter(pk=item.pk).exists()


def test_a_signed_order_is_not_signed_twice(signed_order):
    with pytest.raises(DomainError) as info:
        services.order_sign(actor=head_user(), order=signed_order)
    assert "already signed" in info.value.message
    assert StatusChange.objects.filter(order_item_id=signed_order.items.get().pk).count() == 1


# --- numbering ---------------------------------------------------------------------------------------


def test_numbers_run_per_year_and_type():
    first = funding_order(enrolled_student())
    second = funding_order(enrolled_student())
    leave = signed(
        OrderType.ACADEMIC_LEAVE,
        students=[enrolled_student()],
        params={"leave_ground": "medical", "leave_until": "2027-02-01"},
        effective_on=FEB,
    )
    next_year = funding_order(enrolled_student(), order_date=datetime.date(2026, 1, 5))
    assert (first.number, second.number, leave.number, next_year.number) == ("1-Ф", "2-Ф", "1-АО", "1-Ф")
    assert (first.year, next_year.year) == (2025, 2026)


def test_the_number_follows_the_pattern_in_the_settings():
    UniversitySettings.objects.update_or_create(pk=1, defaults={"order_number_pattern": "{year}/{n}-{type}"})
    forget_university_settings()
    order = funding_order(enrolled_student())
    assert order.number == "2025/1-Ф"


def test_a_pattern_without_the_number_refuses_the_signing():
    UniversitySettings.objects.update_or_create(pk=1, defaults={"order_number_pattern": "{type}-{year}"})
    forget_university_settings()
    with pytest.raises(DomainError) as info:
        funding_order(enrolled_student())
    assert "must contain {n}" in " ".join(info.value.errors)


def test_the_database_refuses_two_orders_with_the_same_number_of_a_type_and_year(signed_order):
    clone = Order(
        order_type=signed_order.order_type,
        order_date=signed_order.order_date,
        effective_on=signed_order.effective_on,
        created_by=signed_order.created_by,
        status=OrderStatus.SIGNED,
        number="copy",
        year=signed_order.year,
        sequence=signed_order.sequence,
        signed_by=signed_order.signed_by,
        signed_at=signed_order.signed_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_the_database_refuses_a_signed_order_without_a_number():
    order = draft(OrderType.PROMOTION, students=[enrolled_student()])
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(status=OrderStatus.SIGNED)


def test_item_positions_are_closed_up_at_signing():
    students = [enrolled_student() for _ in range(3)]
    order = draft(OrderType.FUNDING_CHANGE, students=students, params={"funding": "paid"}, effective_on=FEB)
    services.order_item_remove(actor=registrar_user(), item=order.items.get(position=2))
    order = services.order_sign(actor=head_user(), order=order)
    assert list(order.items.order_by("position").values_list("position", flat=True)) == [1, 2]


# --- drafting ----------------------------------------------------------------------------------------


def test_a_student_appears_once_in_an_order():
    student = enrolled_student()
    order = draft(OrderType.PROMOTION, students=[student])
    with pytest.raises(DomainError) as info:
        services.order_item_add(actor=registrar_user(), order=order, student=student)
    assert "already item 1" in info.value.message


def test_unknown_and_malformed_parameters_are_refused_when_drafting():
    order = draft(OrderType.ACADEMIC_LEAVE)
    with pytest.raises(DomainError) as info:
        services.order_item_add(
            actor=registrar_user(),
            order=order,
            student=enrolled_student(),
            params={"leave_until": "31.02.2026", "colour": "red"},
        )
    text = " ".join(info.value.errors)
    assert "not a date" in text and "“colour” is not a parameter" in text


def test_an_enrolment_item_names_an_applicant_not_a_student():
    order = draft(OrderType.ENROLMENT)
    with pytest.raises(DomainError):
        services.order_item_add(actor=registrar_user(), order=order, student=enrolled_student(), params=applicant())
    with pytest.raises(DomainError):
        services.order_item_add(actor=registrar_user(), order=draft(OrderType.PROMOTION), student=None)


def test_a_cancelling_order_is_not_created_directly():
    with pytest.raises(DomainError):
        draft(OrderType.CANCELLATION)


def test_the_order_check_lists_what_would_refuse_the_signing_without_writing():
    expelled = StudentFactory(status="expelled")
    order = draft(OrderType.PROMOTION, students=[expelled, enrolled_student()], effective_on=datetime.date(2026, 9, 1))
    problems = services.order_check(order)
    assert len(problems) == 1 and "Item 1" in problems[0]
    assert not order.items.exclude(result={}).exists()


def test_a_draft_can_be_deleted():
    order = draft(OrderType.PROMOTION, students=[enrolled_student()])
    services.order_delete(actor=registrar_user(), order=order)
    assert not Order.objects.filter(pk=order.pk).exists()


def test_bulk_creation_makes_one_item_per_student():
    students = [enrolled_student() for _ in range(3)]
    order = services.order_bulk_create(
        actor=registrar_user(), order_type=OrderType.PROMOTION, students=students, order_date=FEB, effective_on=FEB
    )
    assert order.is_draft and set(order.items.values_list("student", flat=True)) == {s.pk for s in students}
    with pytest.raises(DomainError):
        services.order_bulk_create(
            actor=registrar_user(), order_type=OrderType.PROMOTION, students=[], order_date=FEB, effective_on=FEB
        )


# --- who may ---------------------------------------------------------------------------------------------


def test_a_registrar_drafts_but_does_not_sign():
    order = draft(OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB)
    with pytest.raises(PermissionDenied):
        services.order_sign(actor=registrar_user(), order=order)
    order.refresh_from_db()
    assert order.is_draft


def test_a_student_or_a_teacher_cannot_draft(users):
    for name in ("student", "teacher", "adviser", "dean_office"):
        with pytest.raises(PermissionDenied):
            services.order_create(actor=users[name], order_type=OrderType.PROMOTION, order_date=FEB, effective_on=FEB)


def test_signing_records_who_signed_and_when():
    head = head_user()
    order = funding_order(enrolled_student(), head=head)
    assert order.signed_by == head and order.signed_at is not None and order.status == OrderStatus.SIGNED
    assert order.history.first().history_user == head
