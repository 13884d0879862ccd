"""In the browser: the registrar adds a public holiday to next year's calendar, sees an overlap
refused on the form, and finds the holiday highlighted in the month view."""

import os
from pathlib import Path

import pytest
from django.db import connections

from academics.models import CalendarPeriod

from .factories_calendar import year_with_terms

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the sync Playwright API keeps an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture
def calendar_page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()
        # Connections opened while Playwright's loop ran live in its context; close them here, or
        # PostgreSQL refuses to drop the test database ("being accessed by other users").
        connections.close_all()


def _log_in(page, username):
    page.goto("/login/")
    page.locator("main form [name=username]").fill(username)
    page.locator("main form [name=password]").fill("secret-pass-123")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def _add_holiday(page, start, end, name):
    form = page.locator("#period-form")
    form.locator("[name=kind]").select_option("holiday")
    form.locator("[name=starts_on]").fill(start)
    form.locator("[name=ends_on]").fill(end)
    form.locator("[name=name]").fill(name)
    with page.expect_navigation():
        form.locator("[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_registrar_adds_a_holiday_and_sees_it_in_the_month_view(calendar_page, users):
    page = calendar_page
    year = year_with_terms(2030)
    _log_in(page, "registrar")

    page.goto(f"/academics/calendar/years/{year.pk}/")
    _add_holiday(page, "2030-10-25", "2030-10-25", "День Республики")
    assert page.locator("#periods").get_by_text("День Республики").is_visible()
    assert CalendarPeriod.objects.filter(name="День Республики").count() == 1

    # The same day again: refused, with the message under the date field naming the first holiday.
    page.goto(f"/academics/calendar/years/{year.pk}/")
    _add_holiday(page, "2030-10-24", "2030-10-25", "Республика күні")
    feedback = page.locator("#period-form .invalid-feedback").first
    assert "25.10.2030–25.10.2030" in feedback.inner_text()
    assert CalendarPeriod.objects.count() == 1

    page.goto("/academics/calendar/?month=2030-10")
    cell = page.locator('td[data-date="2030-10-25"]')
    assert "holiday" in cell.get_attribute("class")
    assert "День Республики" in cell.inner_text()
    with page.expect_navigation():
        page.locator("#next-month").click()
    assert "month=2030-11" in page.url
