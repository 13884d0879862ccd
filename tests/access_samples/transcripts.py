"""Samples for the documents URLs with arguments. The sample document is a transcript of the enrollment
samples' student (the `student` fixture user, advised by `adviser`, in the faculty of `dean_office`):
the office, the student themself, their adviser and their dean's office may open it and its PDF;
only the office issues duplicates and works the request queue; only the head (and an administrator)
revokes. POST-only URLs get 405 on GET, then an empty POST is refused (no reason given: nothing applied).
The verification page is public."""

from django.core.files.base import ContentFile

from tests.access_samples.enrollment import OFFICE, _student

SEEN_BY = OFFICE | {"student", "adviser", "dean_office"}
HEAD = {"registrar_head", "administrator"}
SAMPLE_CODE = "ACCESS234567"


def _document(users):
    import hashlib

    from django.utils import timezone

    from transcripts.models import IssuedDocument

    existing = IssuedDocument.objects.filter(verification_code=SAMPLE_CODE).first()
    if existing:
        return existing
    student = _student(users)
    content = b"%PDF-1.7 access sample"
    document = IssuedDocument(
        kind="transcript", number="TR-2000-00001", year=2000, sequence=1, student=student,
        holder_name=student.full_name, language="ru", issued_at=timezone.now(), issued_by=users["registrar"],
        sha256=hashlib.sha256(content).hexdigest(), size=len(content), verification_code=SAMPLE_CODE,
    )  # fmt: skip
    document.pdf.save("access-sample.pdf", ContentFile(content), save=False)
    document.save()
    return document


def _request(users):
    from transcripts.models import CertificateRequest

    existing = CertificateRequest.objects.filter(student=_student(users)).first()
    return existing or CertificateRequest.objects.create(
        student=_student(users), purpose="social", language="ru", status="queued", queue_reason="access sample"
    )


def _document_pk(users):
    return {"pk": _document(users).pk}


def _student_pk(users):
    return {"pk": _student(users).pk}


def _transcript(users):
    return {"pk": _student(users).pk, "language": "kk"}


def _request_pk(users):
    return {"pk": _request(users).pk}


def _code(users):
    return {"code": _document(users).verification_code}


SAMPLES = {
    "document_detail": (_document_pk, SEEN_BY),
    "document_pdf": (_document_pk, SEEN_BY),
    "document_duplicate": (_document_pk, OFFICE),
    "document_revoke": (_document_pk, HEAD),
    "document_national_number": (_document_pk, OFFICE),
    "student_documents": (_student_pk, SEEN_BY),
    "unofficial_transcript": (_transcript, SEEN_BY),
    "certificate_request_issue": (_request_pk, OFFICE),
    "certificate_request_refuse": (_request_pk, OFFICE),
    "verify_document": (_code, None),
}
