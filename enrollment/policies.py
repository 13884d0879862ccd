"""Who may see and change students, groups and personal files."""

from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


def _dean_faculty_ids(user) -> set[int]:
    cached = getattr(user, "_dean_faculty_ids", None)
    if cached is None:
        cached = set(user.dean_offices.values_list("faculty_id", flat=True))
        user._dean_faculty_ids = cached
    return cached


@rule("student.list")
def _student_list(user, obj):
    """Lists of students: the office, deans' offices (their faculty), advisers (their advisees)."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.ADVISER)


@rule("student.view")
def _student_view(user, student):
    if user.is_office:
        return True
    if student is None:
        return user.has_role(Role.DEAN_OFFICE, Role.ADVISER, Role.STUDENT)
    if user.has_role(Role.STUDENT) and student.user_id == user.pk:
        return True
    if user.has_role(Role.ADVISER) and student.adviser_id is not None and student.adviser.user_id == user.pk:
        return True
    return bool(user.has_role(Role.DEAN_OFFICE) and student.programme.faculty_id in _dean_faculty_ids(user))


@rule("student.manage")
def _student_manage(user, obj):
    """Personal data, groups, personal-file uploads: the registrar's office."""
    return user.is_office


@rule("group.view")
def _group_view(user, obj):
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.ADVISER, Role.TEACHER)
