"""In Chromium: a student requests a certificate of study from "My documents", gets it at once and
downloads it; the downloaded PDF is the registered one and the verification page says it is valid."""

import hashlib

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from tests.browser import in_browser, log_in  # noqa: E402
from tests.transcripts.world import active, make_world  # noqa: E402
from transcripts.models import CertificateRequest  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-my-documents.png"


def test_student_requests_a_certificate_of_study_and_downloads_it(live_server, users, tmp_path, pdf_text):
    world = make_world(users)
    student = active(world)
    student.user = users["student"]
    student.save(update_fields=["user"])
    saved = tmp_path / "certificate.pdf"

    def scenario(page):
        log_in(page, "student")
        page.goto("/documents/my/")
        page.select_option("#id_purpose", "place")
        page.select_option("#id_language", "ru")
        page.locator("#certificate-form button[type=submit]").click()
        expect(page.locator("#id_addressee")).to_have_class("textinput form-control is-invalid")  # named field
        page.fill("#id_addressee", "АО «Қазақтелеком»")
        page.locator("#certificate-form button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("is issued")
        expect(page.locator("#documents")).to_contain_text("Certificate of study")
        with page.expect_download() as download:
            page.locator("#documents a", has_text="Download").first.click()
        download.value.save_as(saved)
        page.screenshot(path=SCREENSHOT, full_page=True)

        request = CertificateRequest.objects.select_related("document").get()
        page.goto(f"/verify/{request.document.verification_code}/")
        expect(page.locator("#verdict")).to_contain_text("valid")
        page.set_input_files("#id_file", str(saved))
        page.locator("#verify-upload-form button[type=submit]").click()
        expect(page.locator("#upload-verdict")).to_contain_text("byte for byte")

    in_browser(live_server.url, scenario)
    document = CertificateRequest.objects.get().document
    content = saved.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    text = pdf_text(content)
    assert "Қазақтелеком" in text and "Іңкәр" in text
