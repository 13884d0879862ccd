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

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from academics.models import CalendarPeriod, CurriculumItem, Discipline, ElectiveBlock

        from .services.registration_cache import forget, forget_disciplines

        # An edit in this process is seen at once; other processes see it within seconds. (A discipline's
        # own fields only name it in messages: an edit there is not worth dropping every answer.)
        for model in (CalendarPeriod, CurriculumItem, ElectiveBlock):
            post_save.connect(forget, sender=model, dispatch_uid=f"registration_cache_saved_{model.__name__}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"registration_cache_deleted_{model.__name__}")
        post_save.connect(forget_disciplines, sender=Discipline, dispatch_uid="registration_cache_discipline_saved")
        post_delete.connect(forget_disciplines, sender=Discipline, dispatch_uid="registration_cache_discipline_deleted")
        m2m_changed.connect(
            forget, sender=Discipline.prerequisites.through, dispatch_uid="registration_cache_prerequisites"
        )
