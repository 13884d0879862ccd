"""In the browser: the registrar adds a discipline to a term of a draft and sees the totals change in place."""

import os
import shutil

import pytest

from .factories_curricula import DisciplineFactory, full_curriculum

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture
def registrar_page(browser, live_server, users):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "registrar")
    page.fill("input[name=password]", "secret-pass-123")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_registrar_adds_a_discipline_to_a_term_and_sees_the_totals_change(registrar_page, live_server):
    curriculum = full_curriculum()
    DisciplineFactory(code="NEW0001", name_ru="Анализ данных", credits=6)
    page = registrar_page
    page.goto(f"{live_server.url}/academics/curricula/{curriculum.pk}/")
    assert page.get_attribute("#term-2-total", "data-credits") == "30"
    assert page.inner_text("#programme-total") == "240"
    page.evaluate("window.notReloaded = true")

    page.fill("#discipline-search", "анализ")
    add = page.locator('#search-results button[data-code="NEW0001"]')
    add.wait_for()
    page.select_option("#add-target", "term:2")
    add.click()

    page.wait_for_selector('#term-2-total[data-credits="36"]')
    assert page.inner_text("#programme-total") == "246"
    assert page.inner_text("#year-1-total") == "66"
    assert page.locator('#term-2 tr[data-code="NEW0001"]').count() == 1
    assert page.locator('#violations [data-code="term_load"]').count() == 1  # 36 is far from 30: a warning
    assert page.evaluate("window.notReloaded") is True  # updated in place, no page load
