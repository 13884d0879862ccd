"""Rules of the academic structure, curricula and calendar."""

from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


@rule("academics.view")
def _view(user, obj):
    """Structure, programmes, disciplines and curricula: office staff, deans' offices, advisers, teachers."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE, Role.ADVISER, Role.TEACHER)


@rule("academics.manage")
def _manage(user, obj):
    """Create and edit structure, catalogue, draft curricula and the calendar: the registrar's office."""
    return user.is_office


@rule("curriculum.approve")
def _approve(user, obj):
    return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)


@rule("calendar.view")
def _calendar_view(user, obj):
    return True  # everyone logged in reads the calendar (filtered to what applies to them)
