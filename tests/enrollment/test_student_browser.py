"""The student card and the student body on a date, in Chromium: the registrar opens a card with its
history and personal file, uploads a document, then asks who was studying on 1 October last year."""

import datetime

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.choices import DocumentType, Movement  # noqa: E402
from tests.browser import in_browser, log_in  # noqa: E402

from .factories_students import (  # noqa: E402
    AcademicGroupFactory,
    ProgrammeFactory,
    change,
    enrol,
    require_documents,
    teacher_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT_CARD = "/tmp/e2e-student-card.png"
SCREENSHOT_BODY = "/tmp/e2e-student-body.png"


def test_the_registrar_reads_a_card_uploads_a_document_and_asks_for_the_body_on_a_date(
    live_server, users, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    last_year = datetime.date.today().year - 1
    programme = ProgrammeFactory(code="6B06101", short_code="ИС", name_ru="Информационные системы")
    group = AcademicGroupFactory(programme=programme, intake_year=last_year)
    student = enrol(
        on=datetime.date(last_year, 9, 1),
        programme=programme,
        intake_year=last_year,
        group=group,
        adviser=teacher_for(users["adviser"], department=programme.department),
        last_name="Құрманғалиева",
        first_name="Әсел",
        patronymic="Нұрланқызы",
        last_name_latin="Kurmangaliyeva",
        first_name_latin="Assel",
        order_ref=None,
    )
    change(
        student,
        Movement.LEAVE,
        datetime.date(last_year + 1, 2, 1),
        ground="medical",
        order=("14-AL", datetime.date(last_year + 1, 1, 27)),
        status="on_leave",
        leave_until=datetime.date(last_year + 2, 2, 1),
    )
    enrol(on=datetime.date(last_year, 9, 1), programme=programme, intake_year=last_year, last_name="Ысқақов")
    require_documents(DocumentType.ID_COPY, DocumentType.PHOTO)

    def scenario(page):
        log_in(page, "registrar")
        page.goto(f"/students/{student.pk}/")
        expect(page.locator("#student-name")).to_contain_text("Құрманғалиева Әсел Нұрланқызы")
        expect(page.locator("#status-history")).to_contain_text("14-AL")
        expect(page.locator("#checklist [data-present=no]")).to_have_count(2)

        scan = tmp_path / "удостоверение.pdf"
        scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
        page.locator("#upload-form [name=doc_type]").select_option(DocumentType.ID_COPY)
        page.locator("#upload-form [name=file]").set_input_files(str(scan))
        with page.expect_navigation():
            page.locator("#upload-form button[type=submit]").click()
        expect(page.locator("#documents")).to_contain_text("удостоверение.pdf")
        expect(page.locator("#checklist [data-present=no]")).to_have_count(1)
        page.screenshot(path=SCREENSHOT_CARD, full_page=True)

        page.goto("/students/body/")
        page.locator("#body-form [name=on]").fill(f"{last_year}-10-01")
        page.locator("#body-form [name=status]").select_option("active")
        with page.expect_navigation():
            page.locator("#body-form button[type=submit]").click()
        expect(page.locator("#body-total")).to_have_text("2")
        page.screenshot(path=SCREENSHOT_BODY, full_page=True)
        with page.expect_navigation():
            page.locator("#body-total a").click()
        expect(page.locator("#body-table")).to_contain_text("Құрманғалиева")
        expect(page.locator("#body-table")).to_contain_text("Ысқақов")

    in_browser(live_server.url, scenario)
