"""Menu entry of the strict-reporting blanks pages (called from TranscriptsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation

from .setup import DOCUMENTS


def setup():
    navigation.add(
        navigation.NavItem(
            _("Strict-reporting blanks"), "blank_list", "documents.manage", section=DOCUMENTS, order=640
        ),
    )
