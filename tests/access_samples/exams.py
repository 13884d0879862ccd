"""Samples for the exam-schedule URLs with arguments: a published exam schedule with one exam of the
sample stream (taught by the `teacher` fixture user) in one room. Only the registrar's office opens the
versions and moves; a student's exams are seen by the student, their adviser and dean's office."""

import datetime

from tests.access_samples.scheduling import OFFICE, _student_pk


def _version(users):
    from scheduling.models import ExamRoom, ExamScheduleVersion, Room, ScheduledExam
    from tests.access_samples.sections import _stream

    existing = ExamScheduleVersion.objects.filter(cost_breakdown__sample=True).first()
    if existing:
        return existing
    stream = _stream(users)
    room, _created = Room.objects.get_or_create(
        building="Sample", number="E-1", defaults={"capacity": 80, "kind": "lecture_hall"}
    )
    version = ExamScheduleVersion.objects.create(
        term=stream.term,
        created_by=users["registrar"],
        solve_status="done",
        progress=100,
        status="published",
        cost_breakdown={"sample": True},
    )
    day = stream.term.ends_on
    exam = ScheduledExam.objects.create(
        version=version, section=stream, students=1, date=day, starts_at=datetime.time(9), ends_at=datetime.time(11)
    )
    exam.sections.set([stream])
    ExamRoom.objects.create(exam=exam, version=version, room=room, date=day, starts_at=datetime.time(9), seats=1)
    return version


def _version_pk(users):
    return {"pk": _version(users).pk}


def _exam_pk(users):
    return {"pk": _version(users).exams.get().pk}


SAMPLES = {
    "exam_version": (_version_pk, OFFICE),
    "exam_version_progress": (_version_pk, OFFICE),
    # POST-only: an empty POST of an allowed role (already published: refused, redirect back).
    "exam_version_publish": (_version_pk, OFFICE),
    "exam_move": (_exam_pk, OFFICE),
    "exams_student": (_student_pk, OFFICE | {"student", "adviser", "dean_office"}),
}
