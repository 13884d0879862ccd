from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using, **kwargs):
    from .roles import sync_role_groups

    sync_role_groups(using=using)


class RegistrarConfig(AppConfig):
    name = "registrar"
    verbose_name = _("Registrar's Office")

    def ready(self):
        from . import dashboard, demo, navigation, panels, policies  # noqa: F401  (registers rules)

        post_migrate.connect(_after_migrate, dispatch_uid="registrar.sync_roles")
        from . import sqlite

        sqlite.install()
        navigation.add(
            navigation.NavItem(_("Users"), "user_list", "user.list", section=_("Administration"), order=900),
            navigation.NavItem(
                _("University settings"), "settings", "settings.view", section=_("Administration"), order=910
            ),
        )
        dashboard.add(*panels.PANELS)
