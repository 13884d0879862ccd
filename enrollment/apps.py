from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Student body")

    def ready(self):
        from . import policies, setup  # noqa: F401

        setup.setup()
