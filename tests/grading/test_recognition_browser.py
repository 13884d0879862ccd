"""The academic difference in Chromium: the registrar finds the student, adds external results (one
more row than the form offers, with the "Add a row" button), compares, overrides a decision through its
"Change" form, approves; the student then sees the approved difference and the PDF opens."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.choices import ResultSource  # noqa: E402
from enrollment.models import Result  # noqa: E402
from grading.models import Recognition, RecognitionStatus  # noqa: E402
from tests.browser import log_in, with_browser  # noqa: E402
from tests.browser import new_page as browser_page  # noqa: E402

from .test_recognition_services import recognition_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-academic-difference.png"


def new_page(browser, base_url, username):
    page = browser_page(browser, base_url, width=1400, height=1000)
    log_in(page, username)
    return page


def test_the_registrar_prepares_overrides_and_approves_an_academic_difference(live_server, users):
    world = recognition_world(users)
    student = world.student
    rows = [
        ("Математика", "T1B", "5", "", "91", "", ""),
        ("Физика", "", "6", "1.7", "", "B", "CMP1"),
        ("Химия", "", "3", "", "80", "", "CMP2"),
        ("Өнер тарихы", "", "5", "", "77", "", "ELC2"),
        ("Өңдеу", "T3A", "5", "", "70", "", ""),
        ("Таңдау 1", "ALT1", "5", "", "88", "", ""),
        ("Таңдау 2", "ALT2", "5", "", "66", "", ""),  # the seventh row: added with the button
    ]
    fields = ("name", "code", "credits", "grade", "score", "ects_grade", "counts_for")

    def scenario(browser):
        page = new_page(browser, live_server.url, "registrar")
        page.goto("/grading/mobility/recognitions/new/")
        page.locator("#recognition-start [name=student]").fill(student.student_number)
        with page.expect_navigation():
            page.locator("#recognition-start button[type=submit]").click()
        page.locator("#recognition-form [name=up_to_term]").fill("3")
        page.locator("#recognition-form [name=previous_institution]").fill("Қорқыт Ата атындағы университет")
        page.locator("#add-external").click()
        expect(page.locator("#external-results tbody tr")).to_have_count(7)
        for i, row in enumerate(rows):
            for field, value in zip(fields, row, strict=True):
                if value:
                    page.locator(f"[name=ext-{i}-{field}]").fill(value)
        with page.expect_navigation():
            page.locator("#recognition-form button[type=submit]").click()
        expect(page.locator("#recognised [data-discipline=T3A]")).to_be_visible()
        expect(page.locator("#make-up [data-discipline=CMP2]")).to_contain_text("fewer credits earlier (3 < 5)")
        expect(page.locator("#recognised [data-discipline=ALT1]")).to_be_visible()

        page.locator("#make-up [data-discipline=CMP2] button").click()
        form = page.locator("#make-up form.item-form").first
        expect(form).to_be_visible()
        form.locator("[name=decision]").select_option("recognised")
        form.locator("[name=note]").fill("программа совпадает, практика зачтена")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page.locator("#recognised [data-discipline=CMP2]")).to_contain_text("B")
        expect(page.locator("#make-up")).to_contain_text("None.")
        with page.expect_navigation():
            page.locator("#recognition-approve").click()
        expect(page.locator("#recognition-status")).to_have_text("approved")
        page.screenshot(path=SCREENSHOT, full_page=True)

        own = new_page(browser, live_server.url, "student")
        own.goto("/grading/mobility/me/")
        expect(own.locator("#recognitions")).to_contain_text("approved")
        expect(own.locator("#record-results")).to_contain_text("recognition of credits")
        with own.expect_navigation():
            own.locator("#recognitions a").first.click()
        response = own.request.get(own.locator("#pdf-kk").get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"%PDF")

    with_browser(scenario)
    recognition = Recognition.objects.get()
    assert recognition.status == RecognitionStatus.APPROVED
    assert recognition.previous_institution == "Қорқыт Ата атындағы университет"
    assert Result.objects.filter(student=student, source=ResultSource.RECOGNITION).count() == 7  # T1A: own pass
