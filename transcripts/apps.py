from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "transcripts"
    verbose_name = _("Documents")

    def ready(self):
        from . import policies, setup, setup_blanks, setup_graduation  # noqa: F401

        setup.setup()
        setup_blanks.setup()
        setup_graduation.setup()
