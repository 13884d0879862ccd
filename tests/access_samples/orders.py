"""Samples for the order URLs with arguments.

The orders concern the `student` fixture user's record, in a faculty whose dean's office is the
`dean_office` fixture user: the matrix proves that deans read signed orders of their faculty (not
drafts), that only the head and administrators sign, and that the student downloads the extract
of their own item while another student cannot.
"""

import datetime

OFFICE = {"registrar", "registrar_head", "administrator"}
SIGNERS = {"registrar_head", "administrator"}
BASIS = "access-matrix sample"


def _student(users):
    from enrollment.models import Student
    from tests.enrollment.factories_students import (
        AcademicGroupFactory,
        ProgrammeFactory,
        StudentFactory,
        dean_office_of,
        teacher_for,
    )

    student = Student.objects.filter(user=users["student"]).first()
    if student is None:
        programme = ProgrammeFactory()
        student = StudentFactory(
            user=users["student"],
            programme=programme,
            group=AcademicGroupFactory(programme=programme),
            adviser=teacher_for(users["adviser"], department=programme.department),
        )
    dean_office_of(users["dean_office"], student.programme.faculty)
    return student


def _signed(users):
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order
    from orders.services import order_create, order_item_add, order_sign

    order = Order.objects.filter(basis=BASIS, status=OrderStatus.SIGNED).first()
    if order is None:
        order = order_create(
            actor=users["registrar"],
            order_type=OrderType.FUNDING_CHANGE,
            order_date=datetime.date(2026, 2, 1),
            effective_on=datetime.date(2026, 2, 2),
            basis=BASIS,
            params={"funding": "paid"},
        )
        order_item_add(actor=users["registrar"], order=order, student=_student(users))
        order = order_sign(actor=users["registrar_head"], order=order)
    return order


def _draft(users):
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order
    from orders.services import order_create, order_item_add

    order = Order.objects.filter(basis=BASIS, status=OrderStatus.DRAFT).first()
    if order is None:
        order = order_create(
            actor=users["registrar"],
            order_type=OrderType.PROMOTION,
            order_date=datetime.date(2026, 8, 25),
            effective_on=datetime.date(2026, 9, 1),
            basis=BASIS,
        )
        order_item_add(actor=users["registrar"], order=order, student=_student(users))
    return order


def _signed_pk(users):
    return {"pk": _signed(users).pk}


def _draft_pk(users):
    return {"pk": _draft(users).pk}


def _signed_pdf(users):
    return {"pk": _signed(users).pk, "lang": "ru"}


def _draft_item(users):
    return {"pk": _draft(users).items.first().pk}


def _signed_item(users):
    return {"pk": _signed(users).items.first().pk, "lang": "kk"}


SAMPLES = {
    "order_detail": (_signed_pk, OFFICE | {"dean_office"}),
    "order_edit": (_draft_pk, OFFICE),
    # POST-only views need an explicit confirmation: an empty POST answers 400 and changes nothing.
    "order_delete": (_draft_pk, OFFICE),
    "order_item_add": (_draft_pk, OFFICE),
    "order_sign": (_draft_pk, SIGNERS),
    # Cancelling without a basis is refused with a message (a redirect): nothing is created.
    "order_cancel": (_signed_pk, OFFICE),
    "order_pdf": (_signed_pdf, OFFICE | {"dean_office"}),
    "order_item_edit": (_draft_item, OFFICE),
    "order_item_remove": (_draft_item, OFFICE),
    "order_item_extract": (_signed_item, OFFICE | {"student", "dean_office"}),
}

EXTRA = [
    # A dean's office reads signed orders only, not the office's drafts.
    ("order_detail", _draft_pk, OFFICE),
]
