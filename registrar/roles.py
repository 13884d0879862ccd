"""The roles of DESIGN.md, kept as Django groups with model permissions.

A user may hold several roles (an adviser usually also teaches). Object-level questions
("this adviser, that student") are answered by `registrar.policy`, not here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("Registrar")
    REGISTRAR_HEAD = "registrar_head", _("Head of the registrar's office")
    DEAN_OFFICE = "dean_office", _("Dean's office")
    ADVISER = "adviser", _("Adviser")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles of the registrar's office staff: they run the record and see everyone.
OFFICE_ROLES = frozenset({Role.REGISTRAR, Role.REGISTRAR_HEAD, Role.ADMINISTRATOR})

# Model permissions per role, "app_label.codename"; "app.*" is every permission of an app and
# "app.view_*" every view permission. Later issues add theirs here.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REGISTRAR: [
        "registrar.view_user",
        "registrar.change_user",
        "registrar.view_universitysettings",
        "registrar.view_gradescalerow",
        "registrar.view_promotionthreshold",
        "academics.*",
        "enrollment.*",
        "orders.*",
        "transcripts.view_*",  # the documents' admin is read-only: issuing goes through the services
        "scheduling.*",
    ],
    Role.REGISTRAR_HEAD: [
        "registrar.view_user",
        "registrar.change_user",
        "registrar.view_universitysettings",
        "registrar.change_universitysettings",
        "registrar.view_gradescalerow",
        "registrar.add_gradescalerow",
        "registrar.change_gradescalerow",
        "registrar.delete_gradescalerow",
        "registrar.view_promotionthreshold",
        "registrar.add_promotionthreshold",
        "registrar.change_promotionthreshold",
        "registrar.delete_promotionthreshold",
        "academics.*",
        "enrollment.*",
        "orders.*",
        "transcripts.view_*",  # the documents' admin is read-only: issuing goes through the services
        "scheduling.*",
    ],
    Role.DEAN_OFFICE: [
        "registrar.view_universitysettings",
        "registrar.view_gradescalerow",
        "registrar.view_promotionthreshold",
        "academics.view_*",
    ],
    Role.ADVISER: [],
    Role.TEACHER: [],
    Role.STUDENT: [],
    Role.ADMINISTRATOR: ["*"],  # every permission of the project
}


def sync_role_groups(using="default"):
    """Create one group per role and give it exactly the permissions of ROLE_PERMISSIONS."""
    from django.contrib.auth.models import Group, Permission

    all_perms = list(Permission.objects.using(using).select_related("content_type"))
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in all_perms}
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, [])
        perms = [p for name, p in by_name.items() if any(_matches(name, pattern) for pattern in wanted)]
        group.permissions.set(perms)


def _matches(name: str, pattern: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern
