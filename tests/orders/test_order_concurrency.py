"""Two orders signed at the same moment from two PostgreSQL connections (real threads).

The students' rows are locked in id order and every item is checked again after the lock is
held, so when two orders touch the same student exactly one applies and the other refuses with
a message; a signing that would wait too long refuses instead of hanging.
"""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import translation

from enrollment.choices import StudentStatus
from enrollment.models import StatusChange
from orders import services
from orders.choices import OrderStatus, OrderType
from orders.models import Order
from orders.services import signing
from registrar.errors import DomainError
from tests.conftest import uses_postgres

from .factories_orders import draft, enrolled_student, head_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not uses_postgres(), reason="SQLite has no row locks: concurrent signing is tested on PostgreSQL only"
    ),
]

FEB = datetime.date(2026, 2, 2)
LEAVE = {"leave_ground": "medical", "leave_until": "2027-02-01"}


@pytest.fixture
def slow_signing(monkeypatch):
    """Each signing holds its locks a while after checking, so the two really overlap."""
    original = signing.validate
    hold = {"seconds": 0.6}

    def validate(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(hold["seconds"])
        return result

    monkeypatch.setattr(signing, "validate", validate)
    return hold


def sign_in_parallel(*orders):
    """Sign each order in its own thread (own connection), all starting together; returns outcomes."""
    head = head_user()
    barrier = threading.Barrier(len(orders))
    outcomes = [None] * len(orders)

    def run(index, order):
        try:
            barrier.wait()
            with translation.override("en"):  # a thread does not inherit the test's language
                outcomes[index] = ("signed", services.order_sign(actor=head, order=order))
        except DomainError as exc:
            outcomes[index] = ("refused", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, order)) for i, order in enumerate(orders)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, time.monotonic() - started


def test_two_leaves_of_the_same_student_signed_at_once_one_applies_the_other_refuses(slow_signing):
    student = enrolled_student(last_name="Жұмабеков")
    medical = draft(OrderType.ACADEMIC_LEAVE, students=[student], params=LEAVE, effective_on=FEB)
    military = draft(
        OrderType.ACADEMIC_LEAVE,
        students=[student],
        params={"leave_ground": "military", "leave_until": "2027-03-01"},
        effective_on=FEB,
    )
    outcomes, elapsed = sign_in_parallel(medical, military)
    assert sorted(kind for kind, _value in outcomes) == ["refused", "signed"], outcomes
    assert elapsed >= 2 * slow_signing["seconds"]  # the second waited for the first's locks
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert "Item 1 (Жұмабеков" in refusal.errors[0] and "already on academic leave" in refusal.errors[0]
    student.refresh_from_db()
    assert student.status == StudentStatus.ON_LEAVE
    assert StatusChange.objects.filter(student=student).count() == 2  # enrolment + the one that applied
    assert Order.objects.filter(status=OrderStatus.SIGNED).count() == 1


def test_graduation_and_expulsion_of_the_same_student_signed_at_once_one_applies(slow_signing):
    student = enrolled_student(year_of_study=4, intake_year=2022)
    graduation = draft(
        OrderType.GRADUATION,
        students=[student],
        params={"attestation_date": "2026-01-20", "minutes_number": "3"},
        effective_on=FEB,
    )
    expulsion = draft(
        OrderType.EXPULSION, students=[student], params={"expulsion_ground": "own_wish"}, effective_on=FEB
    )
    outcomes, _elapsed = sign_in_parallel(graduation, expulsion)
    assert sorted(kind for kind, _value in outcomes) == ["refused", "signed"], outcomes
    student.refresh_from_db()
    assert student.status in (StudentStatus.GRADUATED, StudentStatus.EXPELLED)
    assert StatusChange.objects.filter(student=student).count() == 2


def test_two_expulsions_of_the_same_student_one_applies_the_other_refuses(slow_signing):
    student = enrolled_student()
    orders = [
        draft(OrderType.EXPULSION, students=[student], params={"expulsion_ground": g}, effective_on=FEB)
        for g in ("own_wish", "non_payment")
    ]
    outcomes, _elapsed = sign_in_parallel(*orders)
    assert sorted(kind for kind, _v in outcomes) == ["refused", "signed"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert "expelled" in refusal.errors[0]


def test_orders_of_one_type_signed_at_once_get_consecutive_numbers(slow_signing):
    orders = [
        draft(OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB)
        for _ in range(3)
    ]
    outcomes, _elapsed = sign_in_parallel(*orders)
    assert [kind for kind, _v in outcomes] == ["signed"] * 3
    assert sorted(value.number for _kind, value in outcomes) == ["1-Ф", "2-Ф", "3-Ф"]


def test_the_same_order_signed_twice_at_once_is_signed_once(slow_signing):
    order = draft(OrderType.PROMOTION, students=[enrolled_student()], effective_on=datetime.date(2026, 9, 1))
    outcomes, _elapsed = sign_in_parallel(order, Order.objects.get(pk=order.pk))
    assert sorted(kind for kind, _v in outcomes) == ["refused", "signed"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert "already signed" in refusal.message
    assert StatusChange.objects.filter(movement="promoted").count() == 1


def test_a_signing_that_would_wait_too_long_refuses_with_a_message(slow_signing, monkeypatch):
    monkeypatch.setattr(signing, "LOCK_TIMEOUT", "500ms")
    slow_signing["seconds"] = 2.5
    student = enrolled_student()
    first = draft(OrderType.ACADEMIC_LEAVE, students=[student], params=LEAVE, effective_on=FEB)
    second = draft(OrderType.ACADEMIC_LEAVE, students=[student], params=LEAVE, effective_on=FEB)
    outcomes, _elapsed = sign_in_parallel(first, second)
    assert sorted(kind for kind, _v in outcomes) == ["refused", "signed"]
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert "being changed by another order" in refusal.message
