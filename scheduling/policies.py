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
