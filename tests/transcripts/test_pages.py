"""Documents pages: the public verification (valid, revoked, tampered, unknown), the certificate of
study requested online, the office's registry and issue pages, and who may see what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registrar.models import Notice
from tests.transcripts.world import active, make_world
from transcripts import services
from transcripts.models import CertificateRequest, DocumentKind, IssuedDocument, RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return make_world(users)


@pytest.fixture
def client(client):
    """Anonymous, as a visitor of the verification page reading English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def mine(users, world, name="student", **kw):
    student = active(world, **kw)
    student.user = users[name]
    student.save(update_fields=["user"])
    return student


def issued(users, student, language="ru"):
    return services.issue_transcript(actor=users["registrar"], student=student, language=language)


# --- verification ----------------------------------------------------------------------------------


def test_verification_of_a_valid_document_shows_only_what_it_should(client, users, world):
    document = issued(users, active(world))
    page = client.get(reverse("verify_document", args=[document.verification_code.lower()]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="verdict"' in html and "registered and valid" in html
    assert document.number in html and document.holder_name in html
    assert document.student.student_number not in html and document.student.iin not in html  # nothing more


def test_verification_reports_a_revoked_document_as_not_valid(client, users, world):
    document = issued(users, active(world))
    services.revoke_document(actor=users["registrar_head"], document=document, reason="Ошибка")
    html = client.get(reverse("verify_document", args=[document.verification_code])).content.decode()
    assert "revoked" in html and "not valid" in html and "registered and valid" not in html


def test_unknown_code_is_never_valid(client, users, world):
    issued(users, active(world))
    for code in ["ABCDEFGHJKMN", "x", "'; drop table"]:
        html = client.get(reverse("verify_document", args=[code])).content.decode()
        assert "not valid" in html and "registered and valid" not in html


def test_upload_identical_tampered_and_unknown(client, users, world):
    document = issued(users, active(world))
    content = document.pdf.read()
    url = reverse("verify_document", args=[document.verification_code])
    same = client.post(url, {"file": SimpleUploadedFile("d.pdf", content, "application/pdf")}).content.decode()
    assert "byte for byte" in same
    tampered = bytearray(content)
    tampered[len(tampered) // 2] ^= 0x01
    html = client.post(url, {"file": SimpleUploadedFile("d.pdf", bytes(tampered), "application/pdf")}).content.decode()
    assert "has been altered" in html and "byte for byte" not in html
    # Without a code: found by its bytes, or reported unknown.
    start = reverse("verify_start")
    html = client.post(start, {"file": SimpleUploadedFile("d.pdf", content, "application/pdf")}).content.decode()
    assert "byte for byte" in html and document.number in html
    forged = SimpleUploadedFile("x.pdf", b"%PDF-1.7 forged", "application/pdf")
    html = client.post(start, {"file": forged}).content.decode()
    assert "not a document issued by this university" in html


def test_code_form_redirects_to_the_code_page(client, users, world):
    document = issued(users, active(world))
    code = document.verification_code
    response = client.get(reverse("verify_start"), {"code": f" {code[:4]}-{code[4:8]}-{code[8:].lower()} "})
    assert response.status_code == 302 and response.url == reverse("verify_document", args=[code])


# --- the certificate of study ----------------------------------------------------------------------


def test_active_student_gets_the_certificate_at_once(client_for, users, world, pdf_text):
    student = mine(users, world)
    client = client_for("student")
    response = client.post(
        reverse("my_documents"), {"purpose": "military", "addressee": "", "language": "ru"}, follow=True
    )
    request = CertificateRequest.objects.get(student=student)
    assert request.status == RequestStatus.ISSUED and request.document.kind == DocumentKind.STUDY_CERTIFICATE
    assert request.document.number in response.content.decode()
    pdf = client.get(reverse("document_pdf", args=[request.document.pk]) + "?download=1")
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment")
    text = pdf_text(b"".join(pdf.streaming_content))
    assert "Справка с места учёбы" in text and "военкомат" in text and "Іңкәр" in text


def test_place_of_request_needs_the_place(client_for, users, world):
    mine(users, world)
    response = client_for("student").post(reverse("my_documents"), {"purpose": "place", "language": "ru"})
    assert "Name the place" in response.content.decode()
    assert not CertificateRequest.objects.exists() and not IssuedDocument.objects.exists()


def test_student_on_leave_waits_for_the_office_which_issues_or_refuses(client_for, users, world):
    from enrollment.choices import StudentStatus

    student = mine(users, world)
    student.status = StudentStatus.ON_LEAVE
    student.save(update_fields=["status"])
    client_for("student").post(reverse("my_documents"), {"purpose": "social", "language": "kk"})
    request = CertificateRequest.objects.get()
    assert request.status == RequestStatus.QUEUED and "on academic leave" in request.queue_reason
    office = client_for("registrar")
    assert "request-table" in office.get(reverse("certificate_requests")).content.decode()
    office.post(reverse("certificate_request_issue", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == RequestStatus.ISSUED and request.handled_by == users["registrar"]
    assert Notice.objects.filter(user=users["student"], subject__icontains="ready").exists()

    client_for("student").post(reverse("my_documents"), {"purpose": "social", "language": "ru"})
    second = CertificateRequest.objects.filter(status=RequestStatus.QUEUED).get()
    office.post(reverse("certificate_request_refuse", args=[second.pk]), {"reason": ""})
    second.refresh_from_db()
    assert second.status == RequestStatus.QUEUED  # a refusal needs its reason
    office.post(reverse("certificate_request_refuse", args=[second.pk]), {"reason": "Справка уже выдана"})
    second.refresh_from_db()
    assert second.status == RequestStatus.REFUSED and second.document is None


# --- office pages ----------------------------------------------------------------------------------


def test_office_issues_from_the_form_and_errors_name_the_field(client_for, users, world):
    student = active(world, last_name_latin="", first_name_latin="")
    client = client_for("registrar")
    page = client.post(
        reverse("document_issue"), {"student": student.student_number, "kind": "transcript", "language": "en"}
    )
    assert "Latin spelling" in page.content.decode() and not IssuedDocument.objects.exists()
    response = client.post(
        reverse("document_issue"), {"student": student.student_number, "kind": "transcript", "language": "ru"}
    )
    document = IssuedDocument.objects.get()
    assert response.status_code == 302 and response.url == reverse("document_detail", args=[document.pk])
    assert document.issued_by == users["registrar"]


def test_registry_list_exports_xlsx(client_for, users, world):
    from io import BytesIO

    from openpyxl import load_workbook

    document = issued(users, active(world))
    response = client_for("registrar").get(reverse("document_list"), {"export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[0][0].lower() == "number" and rows[1][0] == document.number and ws.freeze_panes == "A2"


def test_list_and_pages_have_bounded_queries(client_for, users, world, django_assert_max_num_queries):
    for _ in range(3):
        student = active(world)
        issued(users, student)
    client = client_for("registrar")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("document_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("certificate_requests")).status_code == 200
    mine(users, world)
    student = client_for("student")
    with django_assert_max_num_queries(10):
        assert student.get(reverse("my_documents")).status_code == 200


def test_revoke_only_by_the_head(client_for, users, world):
    document = issued(users, active(world))
    url = reverse("document_revoke", args=[document.pk])
    assert client_for("registrar").post(url, {"reason": "x"}).status_code == 403
    client_for("registrar_head").post(reverse("document_revoke", args=[document.pk]), {"reason": "Ошибка"})
    document.refresh_from_db()
    assert not document.is_valid


# --- access ----------------------------------------------------------------------------------------


def test_a_student_cannot_download_another_students_document(client_for, users, world):
    mine(users, world)
    other = mine(users, world, name="another_student")
    document = issued(users, other)
    client = client_for("student")
    assert client.get(reverse("document_pdf", args=[document.pk])).status_code == 403
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 403
    assert client.get(reverse("unofficial_transcript", args=[other.pk, "ru"])).status_code == 403
    assert client.get(reverse("student_documents", args=[other.pk])).status_code == 403
    own = client_for("another_student")
    assert own.get(reverse("document_pdf", args=[document.pk])).status_code == 200
    assert own.get(reverse("unofficial_transcript", args=[other.pk, "ru"]))["Content-Type"] == "application/pdf"


def test_dean_office_sees_its_faculty_only_and_office_pages_are_closed_to_others(client_for, users, world):
    ours = issued(users, active(world))
    theirs = issued(users, active(world, programme=world.other_programme))
    dean = client_for("dean_office")
    assert dean.get(reverse("document_pdf", args=[ours.pk])).status_code == 200
    assert dean.get(reverse("document_pdf", args=[theirs.pk])).status_code == 403
    for name in ("dean_office", "teacher", "student", "adviser"):
        client = client_for(name)
        assert client.get(reverse("document_list")).status_code == 403
        assert client.get(reverse("certificate_requests")).status_code == 403
        assert client.get(reverse("document_issue")).status_code == 403
    assert client_for(None).get(reverse("document_list")).status_code == 302
    assert client_for(None).get(reverse("verify_start")).status_code == 200


def test_the_qr_code_on_paper_leads_to_the_verification_page(client, users, world, tmp_path):
    """The printed page is rasterised (pdftoppm, 150 dpi, as a scan would be), its QR code read back
    (zxing-cpp), and the address it holds answers "valid"; after revocation the same paper says not."""
    import shutil
    import subprocess
    from urllib.parse import urlsplit

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    document = issued(users, active(world), language="kk")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-l", "1", document.pdf.path, str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    codes = [c for c in zxingcpp.read_barcodes(Image.open(page)) if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1
    url = urlsplit(codes[0].text)
    assert url.path == reverse("verify_document", args=[document.verification_code])
    assert "registered and valid" in client.get(url.path).content.decode()
    services.revoke_document(actor=users["registrar_head"], document=document, reason="Ошибка")
    assert "has been revoked" in client.get(url.path).content.decode()
