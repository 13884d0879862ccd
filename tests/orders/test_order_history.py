"""The student body on past dates, rebuilt from the history that signed orders wrote (RULES.md §8).

Several orders over two years move three students; the history queries of the student file
(enrollment.selectors) must answer "who was studying on date D", "where was S on D" and the
movement between two dates, reconciling opening + in − out = closing.
"""

import datetime

import pytest

from enrollment.selectors import movement_between, student_state_on, students_as_of
from orders.choices import OrderType

from .factories_orders import ProgrammeFactory, applicant, signed

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def history():
    programme = ProgrammeFactory(short_code="ЭК")
    other = ProgrammeFactory(short_code="ФН")
    enrolment = signed(
        OrderType.ENROLMENT,
        items=[applicant(programme, last_name=name) for name in ("Әбенов", "Бекова", "Ғалиев")],
        order_date=D(2025, 8, 20),
        effective_on=D(2025, 9, 1),
    )
    a, b, c = (item.student for item in enrolment.items.order_by("position"))
    signed(
        OrderType.ACADEMIC_LEAVE,
        students=[a],
        params={"leave_ground": "medical", "leave_until": "2027-01-31"},
        order_date=D(2026, 1, 25),
        effective_on=D(2026, 2, 1),
    )
    signed(
        OrderType.EXPULSION,
        students=[b],
        params={"expulsion_ground": "academic_failure"},
        order_date=D(2026, 3, 10),
        effective_on=D(2026, 3, 15),
    )
    signed(OrderType.PROMOTION, students=[c], order_date=D(2026, 8, 25), effective_on=D(2026, 9, 1))
    signed(
        OrderType.REINSTATEMENT,
        students=[b],
        params={"year_of_study": 1},
        order_date=D(2026, 8, 28),
        effective_on=D(2026, 9, 1),
    )
    signed(
        OrderType.TRANSFER,
        students=[c],
        params={"kind": "internal", "programme": other.code},
        order_date=D(2026, 10, 1),
        effective_on=D(2026, 10, 5),
    )
    signed(OrderType.RETURN_FROM_LEAVE, students=[a], order_date=D(2027, 1, 28), effective_on=D(2027, 2, 1))
    return {"a": a, "b": b, "c": c, "programme": programme, "other": other}


def names(pairs) -> set[str]:
    return {student.last_name for student, _snapshot in pairs}


def test_who_was_studying_on_1_october_of_each_year(history):
    assert names(students_as_of(D(2025, 8, 31))) == set()
    assert names(students_as_of(D(2025, 10, 1), status="active")) == {"Әбенов", "Бекова", "Ғалиев"}
    # 1 October 2026: Әбенов on leave, Бекова reinstated, Ғалиев transferred on 5 October (not yet).
    assert names(students_as_of(D(2026, 10, 1), status="active")) == {"Бекова", "Ғалиев"}
    assert names(students_as_of(D(2026, 10, 1))) == {"Әбенов", "Бекова", "Ғалиев"}  # the body includes leave


def test_the_body_between_the_orders(history):
    assert names(students_as_of(D(2026, 2, 15), status="on_leave")) == {"Әбенов"}
    assert names(students_as_of(D(2026, 4, 1))) == {"Әбенов", "Ғалиев"}  # Бекова expelled on 15.03
    assert names(students_as_of(D(2026, 4, 1), status="expelled")) == {"Бекова"}
    on_other = students_as_of(D(2026, 10, 10), programme=history["other"].pk)
    assert names(on_other) == {"Ғалиев"} and on_other[0][1]["year_of_study"] == 2


def test_where_each_student_was_on_a_date(history):
    a, b, c = history["a"], history["b"], history["c"]
    assert student_state_on(a, D(2025, 8, 31)) is None
    assert student_state_on(a, D(2026, 6, 1))["status"] == "on_leave"
    assert student_state_on(a, D(2027, 3, 1))["status"] == "active"
    assert student_state_on(b, D(2026, 5, 1))["funding"] == "paid"  # the grant was lost with the expulsion
    assert student_state_on(c, D(2026, 9, 2))["programme_id"] == history["programme"].pk
    assert student_state_on(c, D(2026, 10, 5))["programme_id"] == history["other"].pk


def test_movement_of_the_first_year_reconciles(history):
    movement = movement_between(D(2025, 9, 1), D(2026, 8, 31))
    assert movement["by_movement"]["enrolled"] == 3
    assert movement["by_movement"]["leave"] == 1 and movement["by_movement"]["expelled"] == 1
    assert movement["expelled_by_ground"] == {"academic_failure": 1}
    assert (movement["opening"], movement["came_in"], movement["went_out"], movement["closing"]) == (0, 3, 2, 1)
    second = movement_between(D(2026, 9, 1), D(2027, 8, 31))
    assert second["by_movement"]["reinstated"] == 1 and second["by_movement"]["returned"] == 1
    assert second["opening"] + second["came_in"] - second["went_out"] == second["closing"] == 3
