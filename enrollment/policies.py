"""Who may see and change students, groups and personal files.

`students_visible_to(user)` is the queryset form of "student.view": lists use it, so a list never
shows a student whose card would answer 403.
"""

from django.db.models import Q

from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


def _dean_faculty_ids(user) -> set[int]:
    cached = getattr(user, "_dean_faculty_ids", None)
    if cached is None:
        cached = set(user.dean_offices.values_list("faculty_id", flat=True))
        user._dean_faculty_ids = cached
    return cached


def dean_faculty_ids(user) -> set[int] | None:
    """Faculties a dean's-office user reads; None for the office (every faculty)."""
    if user.is_office:
        return None
    return _dean_faculty_ids(user) if user.has_role(Role.DEAN_OFFICE) else set()


def own_student(user):
    """The Student linked to `user`, or None (read once per request object)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_own_student"):
        from .models import Student

        user._own_student = Student.objects.filter(user_id=user.pk).select_related("programme").first()
    return user._own_student


def students_visible_to(user, queryset=None):
    """The students `user` may see: the office all; a dean's office its faculties; an adviser their
    advisees; a student themself. Mirrors the "student.view" rule."""
    from .models import Student

    qs = Student.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_office:
        return qs
    condition = Q(pk__in=[])
    if user.has_role(Role.DEAN_OFFICE):
        condition |= Q(programme__faculty_id__in=_dean_faculty_ids(user))
    if user.has_role(Role.ADVISER):
        condition |= Q(adviser__user_id=user.pk)
    if user.has_role(Role.STUDENT):
        condition |= Q(user_id=user.pk)
    return qs.filter(condition)


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


@rule("document.view")
def _document_view(user, document):
    """A personal-file document: whoever may see its student."""
    return _student_view(user, document.student if document is not None else None)


@rule("student.own_card")
def _student_own_card(user, obj):
    """The student's own card: students whose account is linked to a student record (no query for others)."""
    return user.has_role(Role.STUDENT) and own_student(user) is not None


@rule("student.body")
def _student_body(user, obj):
    """The student body on a date and its movement: the office and deans' offices (their faculties)."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("group.view")
def _group_view(user, obj):
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.ADVISER, Role.TEACHER)


# --- course registration ------------------------------------------------------------------------


def _is_adviser_of(user, student) -> bool:
    return (
        user.has_role(Role.ADVISER)
        and student is not None
        and student.adviser_id is not None
        and student.adviser.user_id == user.pk
    )


@rule("plan.own")
def _plan_own(user, obj):
    """The student's own study plan pages."""
    return user.has_role(Role.STUDENT) and own_student(user) is not None


@rule("plan.edit")
def _plan_edit(user, student):
    """Change a study plan: the student themself, or the registrar's office on their behalf."""
    if user.is_office:
        return True
    if student is None:  # "some plan": any student (their own, checked on the object)
        return user.has_role(Role.STUDENT)
    return user.has_role(Role.STUDENT) and student.user_id == user.pk


@rule("plan.view")
def _plan_view(user, student):
    """See a study plan: whoever may see the student."""
    return _student_view(user, student)


@rule("plan.review")
def _plan_review(user, student):
    """Approve or return a plan: the student's adviser, or the registrar's office."""
    if user.is_office:
        return True
    if student is None:
        return user.has_role(Role.ADVISER)
    return _is_adviser_of(user, student)


@rule("registration.manage")
def _registration_manage(user, obj):
    """Registration progress, locking, overrides, formation of sections: the registrar's office."""
    return user.is_office


@rule("registration.progress")
def _registration_progress(user, obj):
    """The registration progress dashboard: the office and deans' offices (their faculties)."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("section.view")
def _section_view(user, obj):
    """Sections and teaching load: the office, deans' offices and teachers."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.TEACHER)
