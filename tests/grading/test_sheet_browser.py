"""A sheet in Chromium: the teacher fills a 3-student sheet with the keyboard only (type, Tab along the
row, Enter and Shift+Enter along the column), sees the derived columns follow each save, and submits;
the registrar closes it and gets the FX-retake sheet."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.models import Result  # noqa: E402
from grading.models import Sheet, SheetStatus  # noqa: E402
from grading.services import sheets as svc  # noqa: E402
from tests.browser import in_browser_pages, log_in  # noqa: E402

from .world import graded_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-sheet-grid.png"


def test_a_teacher_fills_a_sheet_with_the_keyboard_and_the_registrar_closes_it(live_server, users):
    world = graded_world(users)
    svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    sheet = Sheet.objects.get(section=world.extra["section"])
    rows = list(sheet.rows.order_by("student__last_name", "student__first_name", "student__patronymic", "pk"))
    # Rows in page order: the first gets a B, the second an FX, the third is not admitted.
    halves = [("70", "70", "80", "80"), ("80", "80", "80", "80"), ("40", "40", "50", "50")]
    exams = ["90", "45", "0"]

    def scenario(new_page):
        page = new_page()
        log_in(page, "teacher")
        page.goto(f"/grading/sheets/{sheet.pk}/")
        expect(page.locator("#sheet-status")).to_have_attribute("data-status", "open")
        page.locator(f"#cell-{rows[0].pk}-current1 input").focus()
        keyboard = page.keyboard
        for i, values in enumerate(halves):
            for value in values:
                keyboard.type(value)
                keyboard.press("Tab")
            if i < len(halves) - 1:
                keyboard.press("Tab")  # past the exam
                keyboard.press("Tab")  # past the mark, to the next row's first cell
        # Now on the last row's exam: fill the exam column upwards and back down with Enter.
        expect(page.locator(f"#cell-{rows[2].pk}-exam input")).to_be_focused()
        keyboard.type(exams[2])
        keyboard.press("Shift+Enter")
        keyboard.type(exams[1])
        keyboard.press("Shift+Enter")
        expect(page.locator(f"#cell-{rows[0].pk}-exam input")).to_be_focused()
        keyboard.type(exams[0])
        keyboard.press("Enter")
        expect(page.locator(f"#cell-{rows[1].pk}-exam input")).to_be_focused()

        expect(page.locator(f"#cell-{rows[0].pk}-r1")).to_have_text("70")
        expect(page.locator(f"#cell-{rows[0].pk}-admission")).to_have_text("75")
        expect(page.locator(f"#res-{rows[0].pk}-score")).to_have_text("81")
        expect(page.locator(f"#res-{rows[0].pk}-letter")).to_have_text("B")
        expect(page.locator(f"#res-{rows[1].pk}-letter")).to_have_text("FX")
        expect(page.locator(f"#res-{rows[2].pk}-letter")).to_have_text("F")
        expect(page.locator(f"#res-{rows[2].pk}-outcome")).to_have_text("not admitted")
        expect(page.locator("#distribution-table tr[data-letter=B] td").nth(1)).to_have_text("1")
        expect(page.locator("#sheet-grid .is-invalid")).to_have_count(0)

        # A wrong value is refused in place, with the reason; nothing is saved.
        page.locator(f"#cell-{rows[0].pk}-current1 input").focus()
        keyboard.type("120")
        keyboard.press("Enter")
        expect(page.locator(f"#cell-{rows[0].pk}-current1 .invalid-feedback")).to_contain_text("from 0 to 100")
        page.screenshot(path=SCREENSHOT, full_page=True)
        page.reload()

        with page.expect_navigation():
            page.locator("#sheet-submit").click()
        expect(page.locator("#sheet-status")).to_have_attribute("data-status", "submitted")
        expect(page.locator("#sheet-grid input[name=value]")).to_have_count(0)

        office = new_page()
        log_in(office, "registrar")
        office.goto(f"/grading/sheets/{sheet.pk}/")
        with office.expect_navigation():
            office.locator("#sheet-close").click()
        expect(office.locator("#sheet-status")).to_have_attribute("data-status", "closed")
        expect(office.locator("main")).to_contain_text("3 results written into the record")
        with office.expect_navigation():
            office.locator("#retake-link").click()
        expect(office.locator("#sheet-kind")).to_contain_text("FX retake")

    in_browser_pages(live_server.url, scenario, width=1400, accept_dialogs=True)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.CLOSED
    letters = {r.student_id: r.letter for r in Result.objects.filter(discipline=sheet.discipline)}
    assert [letters[r.student_id] for r in rows] == ["B", "FX", "F"]
    first = sheet.rows.get(pk=rows[0].pk)
    assert first.current1 == 70  # the refused 120 was never saved
