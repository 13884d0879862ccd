from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "enrollment"
    verbose_name = _("Student body")

    def ready(self):
        from . import policies, setup, setup_registration, setup_registration_office, setup_sections  # noqa: F401

        setup.setup()
        setup_registration.setup()
        setup_registration_office.setup()
        setup_sections.setup()
