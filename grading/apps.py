from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradingConfig(AppConfig):
    name = "grading"
    verbose_name = _("Grading")

    def ready(self):
        from . import policies, setup_gpa, setup_mobility, setup_sheets  # noqa: F401

        setup_sheets.setup()
        setup_gpa.setup()
        setup_mobility.setup()
