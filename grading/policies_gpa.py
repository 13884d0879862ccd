"""Who may see grades, GPA, ratings and session analysis.

A student sees their own grades; an adviser their advisees'; a dean's office the students of its
faculties (every list is narrowed to them); the registrar's office everyone. Ratings, promotion and
honours lists and session analysis are for the office and deans' offices.
"""

from enrollment.policies import own_student
from registrar.policy import may, rule
from registrar.roles import OFFICE_ROLES, Role


@rule("gpa.own")
def _gpa_own(user, obj):
    """The student's own grades page."""
    return user.has_role(Role.STUDENT) and own_student(user) is not None


@rule("gpa.view")
def _gpa_view(user, student):
    """One student's grades and GPA: whoever may see the student."""
    return may(user, "student.view", student)


@rule("standing.view")
def _standing_view(user, obj):
    """Academic rating, promotion list, honours list, session analysis, debtors: the office and deans'
    offices (their faculties)."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("gpa.recompute")
def _gpa_recompute(user, obj):
    return user.is_office
