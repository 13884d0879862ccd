"""Samples for the final-attestation URLs with arguments.

A published commission for the programme of the sample student (tests/access_samples/enrollment.py, in
the faculty of `dean_office`), with the `teacher` fixture user as a member, one event and the student
assigned. So the matrix proves that only the registrar's office edits, that the dean's office of the
faculty and a teacher on the commission read its page, and that students, advisers and other teachers
do not.
"""

import datetime

OFFICE = {"registrar", "registrar_head", "administrator"}


def _commission(users):
    from scheduling.models import AttestationCommission

    existing = AttestationCommission.objects.filter(name="Sample SAC").first()
    if existing:
        return existing
    from academics.models import AcademicYear
    from scheduling.models import AttestationAssignment, AttestationEvent, AttestationMember, Room
    from tests.access_samples.enrollment import _student
    from tests.enrollment.factories_students import teacher_for

    student = _student(users)
    year, _created = AcademicYear.objects.get_or_create(
        start_year=2040, defaults={"starts_on": datetime.date(2040, 9, 1), "ends_on": datetime.date(2041, 8, 31)}
    )
    commission = AttestationCommission.objects.create(
        academic_year=year, name="Sample SAC", chair_name="Chair", chair_position="Professor", status="published"
    )
    commission.programmes.set([student.programme])
    AttestationMember.objects.create(commission=commission, teacher=teacher_for(users["teacher"]))
    room, _created = Room.objects.get_or_create(
        building="Sample", number="A1", defaults={"capacity": 30, "kind": "classroom"}
    )
    event = AttestationEvent.objects.create(
        commission=commission,
        programme=student.programme,
        form="thesis",
        date=datetime.date(2041, 6, 1),
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(13, 0),
        room=room,
    )
    AttestationAssignment.objects.create(event=event, student=student, position=1)
    return commission


def _commission_pk(users):
    return {"pk": _commission(users).pk}


def _member_pk(users):
    return {"pk": _commission(users).members.first().pk}


def _event_pk(users):
    return {"pk": _commission(users).events.first().pk}


def _assignment_pk(users):
    return {"pk": _commission(users).events.first().assignments.first().pk}


SAMPLES = {
    "attestation_commission": (_commission_pk, OFFICE | {"dean_office", "teacher"}),
    "attestation_commission_edit": (_commission_pk, OFFICE),
    # POST-only: an empty POST applies nothing (an invalid form, no confirmation) and redirects.
    "attestation_member_add": (_commission_pk, OFFICE),
    "attestation_event_add": (_commission_pk, OFFICE),
    "attestation_distribute": (_commission_pk, OFFICE),
    "attestation_publish": (_commission_pk, OFFICE),
    "attestation_member_remove": (_member_pk, OFFICE),
    "attestation_event_delete": (_event_pk, OFFICE),
    "attestation_event_edit": (_event_pk, OFFICE),
    "attestation_assign": (_event_pk, OFFICE),
    "attestation_unassign": (_assignment_pk, OFFICE),
}
