"""Menu entry of the graduation documents (called from TranscriptsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation

from .setup import DOCUMENTS


def setup():
    navigation.add(
        navigation.NavItem(
            _("Graduation documents"), "graduation_runs", "documents.manage", section=DOCUMENTS, order=630
        ),
    )
