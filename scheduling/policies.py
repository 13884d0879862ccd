"""Who may manage and who may see the class timetable.

"timetable.manage": rooms, the time grid, teachers' unavailable times, solving, editing and
publishing versions: the registrar's office. "timetable.view": the grids of a published timetable by
group, teacher and room, and every version: the office and deans' offices. "timetable.own": a
student's or a teacher's own timetable (published versions only).
"""

from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


@rule("timetable.manage")
def _manage(user, obj):
    return user.is_office


@rule("timetable.view")
def _view(user, obj):
    """Timetables by group, teacher and room: the office and deans' offices (drafts only the office)."""
    if obj is not None and getattr(obj, "status", None) not in (None, "published"):
        return user.is_office
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("timetable.own")
def _own(user, obj):
    """'My timetable': students and teachers."""
    return user.has_role(Role.STUDENT, Role.TEACHER)


# --- final attestation -------------------------------------------------------------------------------------------
# "attestation.manage": commissions, their members and events, distribution and publishing: the
# registrar's office. "attestation.list": the list of commissions of a year: the office and deans' offices
# (their faculties' programmes). "attestation.view": a commission's page and its exports: the office, a
# dean's office of one of its programmes' faculties, a teacher who sits on it (published only).
# "attestation.own": "My final attestation" of a student or a teacher.


def commission_faculty_ids(commission) -> set[int]:
    cached = getattr(commission, "_faculty_ids", None)
    if cached is None:
        cached = set(commission.programmes.values_list("faculty_id", flat=True))
        commission._faculty_ids = cached
    return cached


def sits_on(user, commission) -> bool:
    """Whether `user` is a teacher who is a member or the secretary of `commission`."""
    teacher_id = getattr(getattr(user, "teacher", None), "pk", None) if user.has_role(Role.TEACHER) else None
    if teacher_id is None:
        return False
    if commission.secretary_id == teacher_id:
        return True
    return commission.members.filter(teacher_id=teacher_id).exists()


@rule("attestation.manage")
def _attestation_manage(user, obj):
    return user.is_office


@rule("attestation.list")
def _attestation_list(user, obj):
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("attestation.view")
def _attestation_view(user, obj):
    if user.is_office:
        return True
    if obj is None:
        return user.has_role(Role.DEAN_OFFICE, Role.TEACHER)
    if user.has_role(Role.DEAN_OFFICE):
        from enrollment.policies import dean_faculty_ids

        if commission_faculty_ids(obj) & (dean_faculty_ids(user) or set()):
            return True
    return obj.status == "published" and sits_on(user, obj)


@rule("attestation.own")
def _attestation_own(user, obj):
    return user.has_role(Role.STUDENT, Role.TEACHER)


@rule("exams.manage")
def _exams_manage(user, obj):
    """Exam schedules: creating, solving, moving exams and publishing: the registrar's office."""
    return user.is_office


@rule("exams.view")
def _exams_view(user, obj):
    """Published exam schedules by group and teacher: the office and deans' offices (their faculty's
    groups); drafts only the office."""
    if obj is not None and getattr(obj, "status", None) not in (None, "published"):
        return user.is_office
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("exams.own")
def _exams_own(user, obj):
    """'My exams': students (their exams) and teachers (their exams and invigilation)."""
    return user.has_role(Role.STUDENT, Role.TEACHER)
