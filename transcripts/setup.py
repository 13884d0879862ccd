"""Menu entries of documents (called from TranscriptsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation

DOCUMENTS = _("Documents")


def setup():
    from enrollment.card_links import CardLink, register

    register(CardLink(_("Documents"), "student_documents", "student.view", order=50, element_id="card-documents"))
    navigation.add(
        navigation.NavItem(_("Issued documents"), "document_list", "documents.manage", section=DOCUMENTS, order=610),
        navigation.NavItem(
            _("Certificate requests"), "certificate_requests", "documents.manage", section=DOCUMENTS, order=620
        ),
        navigation.NavItem(_("Verify a document"), "verify_start", "documents.manage", section=DOCUMENTS, order=650),
        navigation.NavItem(_("My documents"), "my_documents", "documents.own", section="", order=119),
    )
