"""Who may do what with documents (transcripts/)."""

from registrar.policy import may, rule
from registrar.roles import Role


@rule("documents.manage")
def _documents_manage(user, obj):
    """Issue official documents, duplicates, work the request queue, keep the blanks: the office."""
    return user.is_office


@rule("documents.revoke")
def _documents_revoke(user, obj):
    """Revoke an issued document: the head of the office (or an administrator)."""
    return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)


@rule("documents.view")
def _documents_view(user, document):
    """An issued document and its PDF: the office; whoever may see its holder's card otherwise (the
    student themself, their adviser, their dean's office)."""
    if user.is_office:
        return True
    if document is None:
        return user.has_role(Role.DEAN_OFFICE, Role.ADVISER, Role.STUDENT)
    return may(user, "student.view", document.student)


@rule("documents.own")
def _documents_own(user, obj):
    """My documents: request a certificate of study, download my unofficial transcript."""
    from enrollment.policies import own_student

    return user.has_role(Role.STUDENT) and own_student(user) is not None


@rule("transcript.unofficial")
def _transcript_unofficial(user, student):
    """The unofficial transcript of a student: whoever may see the student's card."""
    return may(user, "student.view", student)
