"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work here, so the system Chromium is launched by path.
"""

import io
import os
import re
from pathlib import Path

import pytest

# The sync Playwright API keeps an asyncio event loop in this thread; Django would then refuse ORM
# calls from the test itself (seeding data, checking the database) as "async-unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT_MS = 15_000


def chromium_missing_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium); Playwright's own browser download does not work here"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed in this environment"
    return None


# Module scope: other test modules start their own Playwright, which cannot run while this one is open.
@pytest.fixture(scope="module")
def browser():
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a page in a fresh browser context (own cookies), based at the live server."""
    contexts = []

    def _new_page():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def demo(transactional_db):
    """The demo university (5 students); the demo logins use registrar.demo.DEMO_PASSWORD."""
    from django.core.management import call_command

    call_command("seed_demo", students=5, quiet_logins=True, stdout=io.StringIO())


def log_in(page, username: str, password: str) -> None:
    """Fill in and submit the real login form."""
    page.goto("/login/")
    form = page.locator("main form")
    form.locator("[name=username]").fill(username)
    form.locator("[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def log_out(page) -> None:
    from playwright.sync_api import expect

    page.locator("#user-menu").click()
    with page.expect_navigation():
        page.locator("form[action='/logout/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
