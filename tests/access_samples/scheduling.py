"""Samples for the timetable URLs with arguments.

A published version with one lesson of a section taught by the `teacher` fixture user; the student
timetable page shows the sample student of tests/access_samples/enrollment.py (the `student` fixture
user's record, advised by `adviser`, in the faculty of `dean_office`). So the matrix proves that only
the registrar's office edits (rooms, grid, versions, moves), and that a student's timetable is seen by
the student, their adviser and dean's office, but not by another student or a teacher.
"""

import datetime

OFFICE = {"registrar", "registrar_head", "administrator"}


def _version(users):
    from scheduling.models import ClassPeriod, Room, ScheduledLesson, TimetableVersion
    from tests.access_samples.sections import _stream

    existing = TimetableVersion.objects.filter(cost_breakdown__sample=True).first()
    if existing:
        return existing
    stream = _stream(users)
    room = Room.objects.create(building="Sample", number="101", capacity=80, kind="lecture_hall")
    ClassPeriod.objects.get_or_create(
        study_form="full_time",
        day=1,
        number=1,
        defaults={"starts_at": datetime.time(8, 30), "ends_at": datetime.time(9, 20)},
    )
    version = TimetableVersion.objects.create(
        term=stream.term,
        created_by=users["registrar"],
        solve_status="done",
        progress=100,
        status="published",
        cost_breakdown={"sample": True},
    )
    ScheduledLesson.objects.create(version=version, section=stream, index=1, day=1, period=1, room=room)
    return version


def _version_pk(users):
    return {"pk": _version(users).pk}


def _lesson_pk(users):
    return {"pk": _version(users).lessons.get().pk}


def _room_pk(users):
    return {"pk": _version(users).lessons.get().room_id}


def _period_pk(users):
    from scheduling.models import ClassPeriod

    _version(users)
    return {"pk": ClassPeriod.objects.get(study_form="full_time", day=1, number=1).pk}


def _unavailability_pk(users):
    from scheduling.models import TeacherUnavailability
    from tests.enrollment.factories_students import teacher_for

    row, _created = TeacherUnavailability.objects.get_or_create(
        teacher=teacher_for(users["teacher"]), day=2, period=1, defaults={"kind": "undesired"}
    )
    return {"pk": row.pk}


def _room_unavailability_pk(users):
    from scheduling.models import Room, RoomUnavailability

    room, _created = Room.objects.get_or_create(
        building="Sample", number="U1", defaults={"capacity": 20, "kind": "classroom"}
    )
    row, _created = RoomUnavailability.objects.get_or_create(room=room, day=2, period=1)
    return {"pk": row.pk}


def _student_pk(users):
    from tests.access_samples.enrollment import _student

    return {"pk": _student(users).pk}


SAMPLES = {
    "timetable_version": (_version_pk, OFFICE),
    "timetable_version_progress": (_version_pk, OFFICE),
    # POST-only: allowed roles get 405 on GET, then an empty POST (already published: refused, redirect back).
    "timetable_version_publish": (_version_pk, OFFICE),
    "lesson_move": (_lesson_pk, OFFICE),
    "room_edit": (_room_pk, OFFICE),
    # POST-only deletions: an empty POST (no confirmation) deletes nothing and redirects.
    "class_period_delete": (_period_pk, OFFICE),
    "unavailability_delete": (_unavailability_pk, OFFICE),
    "room_unavailability_delete": (_room_unavailability_pk, OFFICE),
    "timetable_student": (_student_pk, OFFICE | {"student", "adviser", "dean_office"}),
}


def _calendar_token(users):
    """A token of a user of its own: the walk POSTs "Reset link" as every role, which would change a
    fixture user's token before its feed URL is opened."""
    from registrar.models import User
    from scheduling.models import CalendarToken

    owner, _created = User.objects.get_or_create(username="calendar-sample")
    row, _created = CalendarToken.objects.get_or_create(user=owner)
    return {"token": row.token}


def _everyone():
    from tests.conftest import ROLE_USERS

    return set(ROLE_USERS)


# The iCalendar feed is public (calendar apps cannot log in): the token in the URL is the secret.
SAMPLES["timetable_ical"] = (_calendar_token, _everyone())
