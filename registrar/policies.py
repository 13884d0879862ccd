"""Rules of the core (registrar app)."""

from .policy import rule
from .roles import OFFICE_ROLES, Role


@rule("settings.view")
def _settings_view(user, obj):
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


@rule("settings.change")
def _settings_change(user, obj):
    return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)


@rule("user.list")
def _user_list(user, obj):
    return user.is_office


@rule("user.view")
def _user_view(user, obj):
    return user.is_office or (obj is not None and obj.pk == user.pk)


@rule("user.reset_password")
def _user_reset_password(user, target):
    """Office staff reset others' passwords; staff accounts only by the head or an administrator."""
    if not user.is_office:
        return False
    if target is None:
        return True
    if target.pk == user.pk or (target.is_superuser and not user.is_superuser):
        return False
    if target.has_role(*OFFICE_ROLES):
        return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)
    return True


@rule("audit.view")
def _audit_view(user, obj):
    return user.is_office
