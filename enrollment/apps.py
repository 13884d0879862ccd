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

        from django.db.models.signals import post_delete, post_save

        from academics.models import CalendarPeriod

        from .services.registration import forget_windows

        # A calendar edit in this process is seen at once; other processes see it within seconds.
        post_save.connect(forget_windows, sender=CalendarPeriod, dispatch_uid="registration_windows_saved")
        post_delete.connect(forget_windows, sender=CalendarPeriod, dispatch_uid="registration_windows_deleted")
