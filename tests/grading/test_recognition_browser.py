"""The academic difference in Chromium: the registrar finds the student, adds external results (one
more row than the form offers, with the "Add a row" button), compares, overrides a decision through its
"Change" form, approves; the student then sees the approved difference and the PDF opens."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from enrollment.choices import ResultSource  # noqa: E402
from enrollment.models import Result  # noqa: E402
from grading.models import Recognition, RecognitionStatus  # noqa: E402

from .test_recognition_services import recognition_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-academic-difference.png"


def in_browser(base_url: str, scenario) -> None:
    """Run `scenario(context)` in Chromium on a thread of its own (see tests/enrollment/test_student_browser.py)."""

    def run():
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                scenario(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def new_page(browser, base_url, username):
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login/")
    page.locator("main form [name=username]").fill(username)
    page.locator("main form [name=password]").fill("secret-pass-123")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
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

    in_browser(live_server.url, scenario)
    recognition = Recognition.objects.get()
    assert recognition.status == RecognitionStatus.APPROVED
    assert recognition.previous_institution == "Қорқыт Ата атындағы университет"
    assert Result.objects.filter(student=student, source=ResultSource.RECOGNITION).count() == 7  # T1A: own pass
