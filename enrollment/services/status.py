"""The one writer of a student's status (DESIGN.md: the student's file is the place of truth).

Orders call `student_enrol` and `student_apply_change`; each writes the student row and a
`StatusChange` with the state before and after, dated by when it takes effect, so the student
body on any past date can be rebuilt from the history alone.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from ..choices import Movement, StudentStatus
from ..models import TRACKED_FIELDS, StatusChange, Student


@dataclass(frozen=True)
class OrderRef:
    """Where a change comes from: the order item, its order's number and date."""

    item_id: int | None
    number: str
    date: datetime.date | None


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def student_snapshot(student: Student) -> dict:
    """The tracked fields of a student as JSON-ready values."""
    return {name: _json(getattr(student, name)) for name in TRACKED_FIELDS}


def student_enrol(
    *,
    actor,
    data: dict,
    effective_on: datetime.date,
    order_ref: OrderRef | None = None,
    movement: str = Movement.ENROLLED,
) -> Student:
    """Create an active student from `data` (model field names) and record the enrolment.

    `movement` is ENROLLED, TRANSFERRED_IN (from another university) or REINSTATED.
    """
    with transaction.atomic():
        student = Student(**data)
        student.status = StudentStatus.ACTIVE
        student.status_since = effective_on
        student._history_user = actor
        _clean(student)
        student.save()
        _record(student, actor, movement, {}, effective_on, "", order_ref)
    return student


def student_apply_change(
    *,
    actor,
    student: Student,
    movement: str,
    changes: dict,
    effective_on: datetime.date,
    ground: str = "",
    order_ref: OrderRef | None = None,
) -> StatusChange:
    """Apply `changes` (tracked fields only) to a student and record the change.

    The student row is locked for the change, so two orders touching the same student are
    applied one after the other, each seeing the other's result. Callers check that the
    change is possible before calling (an order refuses to be signed otherwise).
    """
    unknown = set(changes) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"not tracked fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Student.objects.select_for_update().get(pk=student.pk)
        before = student_snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        if "status" in changes and changes["status"] != before["status"]:
            locked.status_since = effective_on
        locked._history_user = actor
        _clean(locked)
        locked.save()
        change = _record(locked, actor, movement, before, effective_on, ground, order_ref)
    # The caller's object reflects the new state too.
    for name in (*TRACKED_FIELDS, "status_since"):
        setattr(student, name, getattr(locked, name))
    return change


# Field-level checks only: callers (orders) validate every item before applying, and the
# database holds uniqueness, checks and foreign keys. full_clean() would add seven queries
# per student (unique, constraint and FK look-ups), which is most of a 2,000-applicant order.
_FK_FIELDS = ("user", "programme", "curriculum", "group", "adviser")


def _clean(student: Student) -> None:
    student.clean_fields(exclude=_FK_FIELDS)


def _record(student, actor, movement, before, effective_on, ground, order_ref):
    return StatusChange.objects.create(
        student=student,
        effective_on=effective_on,
        movement=movement,
        ground=ground,
        before=before,
        after=student_snapshot(student),
        order_item_id=order_ref.item_id if order_ref else None,
        order_number=order_ref.number if order_ref else "",
        order_date=order_ref.date if order_ref else None,
        recorded_by=actor,
    )
