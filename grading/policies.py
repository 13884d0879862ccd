"""Who may see and change exam-rating sheets.

A teacher enters grades only on sheets of their own sections; the registrar's office creates,
closes and reopens sheets; only the head of the office approves corrections of closed sheets.
"""

from enrollment.policies import dean_faculty_ids
from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


def _teaches(user, sheet) -> bool:
    return (
        sheet is not None
        and user.has_role(Role.TEACHER)
        and sheet.teacher_id is not None
        and sheet.teacher.user_id == user.pk
    )


@rule("sheet.manage")
def _sheet_manage(user, obj):
    """Create sheets for a term, close, reopen: the registrar's office."""
    return user.is_office


@rule("sheet.list")
def _sheet_list(user, obj):
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.TEACHER)


@rule("sheet.view")
def _sheet_view(user, sheet):
    if user.is_office:
        return True
    if sheet is None:
        return user.has_role(Role.DEAN_OFFICE, Role.TEACHER)
    if _teaches(user, sheet):
        return True
    faculties = dean_faculty_ids(user) or set()
    return user.has_role(Role.DEAN_OFFICE) and sheet.discipline.department.faculty_id in faculties


@rule("sheet.enter")
def _sheet_enter(user, sheet):
    """Enter grades: the sheet's own teacher (and the office, e.g. from a paper sheet)."""
    return user.is_office or _teaches(user, sheet)


@rule("sheet.correct")
def _sheet_correct(user, sheet):
    """Ask for a correction of a closed sheet: its teacher or the office."""
    return user.is_office or _teaches(user, sheet)


@rule("correction.decide")
def _correction_decide(user, obj):
    return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)
