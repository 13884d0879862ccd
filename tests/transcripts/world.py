"""Students with an academic record for the documents tests: `graduate(world)` is a final-year
student with results over four terms, graduated by a signed graduation order; `active(world)` and
`expelled(world)` likewise. Built on the GPA tests' small university (tests/grading/gpa_world.py)."""

from __future__ import annotations

import datetime

from enrollment.choices import StudentStatus
from grading.services.gpa import gpa_recompute
from orders.choices import OrderType
from tests.grading.gpa_world import gpa_world, record
from tests.orders.factories_orders import signed

LETTERS = ["A", "A-", "B+", "B", "A", "B-", "C+", "A"]
KAZAKH_NAME = {"last_name": "Әбілқайырұлы", "first_name": "Іңкәр", "patronymic": "Үмбетқызы",
               "last_name_latin": "Abilkaiyruly", "first_name_latin": "Inkar"}  # fmt: skip


def with_record(world, student, letters=LETTERS):
    """Results in the four regular terms of 2030 and 2031, two disciplines each, plus the attestation."""
    terms = [t for t in world.terms if t.kind != "summer"]
    for i, letter in enumerate(letters):
        record(student, world.disciplines[i], terms[i // 2], letter, score=95 - 3 * i)
    gpa_recompute([student.pk])
    return student


def active(world, **kw):
    return with_record(world, world.student(**{**KAZAKH_NAME, **kw}))


def graduate(world, *, attestation="A", letters=LETTERS, **kw):
    student = world.student(**{**KAZAKH_NAME, "year_of_study": 4, "intake_year": 2028, **kw})
    with_record(world, student, letters)
    record(student, world.attestation, world.term(2031, "spring"), attestation, score=96)
    gpa_recompute([student.pk])
    params = {"attestation_date": "2032-06-20", "minutes_number": "7"}
    signed(OrderType.GRADUATION, students=[student], params=params, effective_on=datetime.date(2032, 6, 30))
    student.refresh_from_db()
    assert student.status == StudentStatus.GRADUATED
    return student


def expelled(world, **kw):
    """An active student with a record, expelled at own wish by a signed order."""
    student = active(world, **kw)
    params = {"expulsion_ground": "own_wish"}
    signed(OrderType.EXPULSION, students=[student], params=params, effective_on=datetime.date(2032, 2, 1))
    student.refresh_from_db()
    assert student.status == StudentStatus.EXPELLED
    return student


def make_world(users=None):
    return gpa_world(users)


def graduates(world, count: int = 3, *, latin: bool = True, attestation="A", letters=LETTERS):
    """`count` final-year students with a record, graduated together by one signed graduation order:
    (order, students by id). Without `latin` the last one has no Latin spelling of the name."""
    first_names = ["Іңкәр", "Әлия", "Ұлан", "Нұрлан", "Гүлнұр", "Ерқанат"]
    students = []
    for i in range(count):
        name = {**KAZAKH_NAME, "first_name": first_names[i % len(first_names)], "first_name_latin": f"Name{i}"}
        if not latin and i == count - 1:
            name.update(last_name_latin="", first_name_latin="")
        student = world.student(**{**name, "year_of_study": 4, "intake_year": 2028})
        with_record(world, student, letters)
        record(student, world.attestation, world.term(2031, "spring"), attestation, score=96)
        students.append(student)
    gpa_recompute([s.pk for s in students])
    params = {"attestation_date": "2032-06-20", "minutes_number": "7"}
    order = signed(OrderType.GRADUATION, students=students, params=params, effective_on=datetime.date(2032, 6, 30))
    for student in students:
        student.refresh_from_db()
        assert student.status == StudentStatus.GRADUATED
    return order, sorted(students, key=lambda s: s.pk)
