"""The personal file: uploads checked by size and content, files served only to who may see the student."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enrollment.choices import DocumentType
from enrollment.models import PersonalDocument
from enrollment.services.documents import document_check, document_upload, sniff
from registrar.errors import DomainError

from .factories_students import ProgrammeFactory, StudentFactory, dean_office_of, require_documents, teacher_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


@pytest.fixture
def student(users):
    programme = ProgrammeFactory()
    dean_office_of(users["dean_office"], programme.faculty)
    return StudentFactory(
        user=users["student"],
        programme=programme,
        adviser=teacher_for(users["adviser"], department=programme.department),
    )


def upload(client, student, name, content, doc_type=DocumentType.ID_COPY):
    return client.post(
        reverse("document_add", args=[student.pk]),
        {"doc_type": doc_type, "file": SimpleUploadedFile(name, content), "note": "оригинал көрілді"},
        follow=True,
    )


def test_the_office_uploads_a_pdf_and_it_lands_outside_any_public_url(client_for, student, media):
    response = upload(client_for("registrar"), student, "Удостоверение.pdf", PDF)
    assert response.status_code == 200
    doc = PersonalDocument.objects.get(student=student)
    assert doc.original_name == "Удостоверение.pdf"
    assert doc.content_type == "application/pdf" and doc.size == len(PDF)
    assert doc.file.name.startswith(f"private/students/{student.pk}/")
    assert "Удостоверение" not in doc.file.name  # random stored name
    assert [p.read_bytes() for p in stored_files(media)] == [PDF]
    assert "Удостоверение.pdf" in response.content.decode()


@pytest.mark.parametrize("name,content,kind", [("photo.PNG", PNG, "image/png"), ("scan.jpeg", JPEG, "image/jpeg")])
def test_png_and_jpeg_are_accepted(users, student, media, name, content, kind):
    doc = document_upload(
        actor=users["registrar"], student=student, doc_type="photo", uploaded_file=SimpleUploadedFile(name, content)
    )
    assert doc.content_type == kind


def test_a_too_large_file_is_refused_naming_the_file_and_the_limit_and_nothing_is_stored(
    client_for, student, media, settings
):
    settings.PERSONAL_DOCUMENT_MAX_BYTES = 1024
    response = upload(client_for("registrar"), student, "big-scan.pdf", PDF + b"0" * 2048)
    text = response.content.decode()
    assert "big-scan.pdf" in text and "the limit is 1 KB" in text
    assert not PersonalDocument.objects.exists()
    assert stored_files(media) == []


def test_the_default_limit_is_10_mb():
    with pytest.raises(DomainError) as exc:
        document_check("scan.pdf", 10 * 1024 * 1024 + 1, PDF)
    assert "scan.pdf" in exc.value.message and "the limit is 10 MB" in exc.value.message
    assert document_check("scan.pdf", 10 * 1024 * 1024, PDF) == "pdf"


@pytest.mark.parametrize(
    "name,content,words",
    [
        ("virus.exe", b"MZ\x90\x00", "only PDF, JPG and PNG"),
        ("notes.docx", b"PK\x03\x04", "only PDF, JPG and PNG"),
        ("fake.pdf", b"MZ\x90\x00 this is an executable", "not a real PDF"),
        ("fake.png", b"<html><script>", "not a real PDF"),
        ("photo.pdf", PNG, "content is PNG"),
        ("noextension", PDF, "only PDF, JPG and PNG"),
    ],
)
def test_a_wrong_type_is_refused_by_content_not_only_extension_and_nothing_is_stored(
    client_for, student, media, name, content, words
):
    response = upload(client_for("registrar"), student, name, content)
    text = response.content.decode()
    assert name in text and words in text
    assert not PersonalDocument.objects.exists()
    assert stored_files(media) == []


def test_an_empty_file_is_refused(users, student, media):
    with pytest.raises(DomainError):
        document_check("empty.pdf", 0, b"")


def test_sniffing_reads_the_first_bytes():
    assert sniff(PDF) == "pdf" and sniff(PNG) == "png" and sniff(JPEG) == "jpeg"
    assert sniff(b"GIF89a") is None and sniff(b"") is None


@pytest.mark.parametrize("role", ["dean_office", "adviser", "teacher", "student"])
def test_only_the_office_uploads(client_for, student, media, role):
    response = client_for(role).post(
        reverse("document_add", args=[student.pk]), {"doc_type": "photo", "file": SimpleUploadedFile("p.png", PNG)}
    )
    assert response.status_code == 403
    assert stored_files(media) == []


@pytest.fixture
def document(users, student, media):
    return document_upload(
        actor=users["registrar"],
        student=student,
        doc_type=DocumentType.EDUCATION,
        uploaded_file=SimpleUploadedFile("аттестат.pdf", PDF),
    )


def test_the_student_downloads_their_own_file(client_for, document):
    response = client_for("student").get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["registrar", "registrar_head", "administrator", "adviser", "dean_office"])
def test_the_office_the_adviser_and_the_deans_office_download_it(client_for, document, role):
    assert client_for(role).get(reverse("document_download", args=[document.pk])).status_code == 200


@pytest.mark.parametrize("role", ["another_student", "another_adviser", "teacher"])
def test_another_student_another_adviser_and_a_teacher_are_refused(client_for, document, role):
    assert client_for(role).get(reverse("document_download", args=[document.pk])).status_code in (403, 404)


def test_anonymous_is_sent_to_login(client_for, document):
    response = client_for(None).get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_media_url_serves_nothing(client_for, document):
    from django.conf import settings

    assert client_for("registrar").get(settings.MEDIA_URL + document.file.name).status_code == 404


def test_a_file_missing_from_storage_answers_404(client_for, document):
    document.file.delete(save=False)
    assert client_for("registrar").get(reverse("document_download", args=[document.pk])).status_code == 404


def test_the_checklist_shows_what_is_missing_for_the_programme(client_for, student, document):
    require_documents(DocumentType.EDUCATION, DocumentType.PHOTO)
    require_documents(DocumentType.CONTRACT, programme=student.programme)
    require_documents(DocumentType.MEDICAL, programme=ProgrammeFactory())
    response = client_for("registrar").get(reverse("student_detail", args=[student.pk]))
    rows = {r["doc_type"]: r["present"] for r in response.context["checklist"]}
    assert rows == {DocumentType.EDUCATION: True, DocumentType.PHOTO: False, DocumentType.CONTRACT: False}
    assert 'data-present="no"' in response.content.decode()
