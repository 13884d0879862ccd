from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcademicsConfig(AppConfig):
    name = "academics"
    verbose_name = _("Academic structure and calendar")

    def ready(self):
        from . import policies, setup_calendar, setup_curricula, setup_structure  # noqa: F401

        setup_structure.setup()
        setup_curricula.setup()
        setup_calendar.setup()
