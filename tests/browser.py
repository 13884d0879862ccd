"""Chromium from Debian driven by Playwright, shared by the browser tests.

Each scenario runs on a thread of its own: Playwright's sync API refuses to start in a thread whose
event loop is already running, which is the case when tests/e2e's session-wide browser is open in the
same pytest run. A module skips itself when Chromium or Playwright is missing:

    from tests.browser import require_chromium
    require_chromium()
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "secret-pass-123"  # the test users' password (tests/conftest.py)


def require_chromium() -> None:
    """Skip the calling test module when the browser or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
    pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread


def with_browser(scenario) -> None:
    """Run `scenario(browser)` in Chromium on a thread of its own; the browser is closed afterwards."""
    from playwright.sync_api import sync_playwright

    def run():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            try:
                scenario(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()


def new_page(browser, base_url: str, *, width: int = 1280, height: int = 900, accept_dialogs: bool = False):
    """A page in a fresh context (its own cookies: one user) with a 15 s default timeout."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    page = context.new_page()
    if accept_dialogs:
        page.on("dialog", lambda dialog: dialog.accept())  # the pages' confirmations
    return page


def in_browser(base_url: str, scenario, **page_options) -> None:
    """Run `scenario(page)` on one page."""
    with_browser(lambda browser: scenario(new_page(browser, base_url, **page_options)))


def in_browser_pages(base_url: str, scenario, **page_options) -> None:
    """Run `scenario(new_page)`, where `new_page()` opens a page in a fresh context (one per user)."""
    with_browser(lambda browser: scenario(lambda: new_page(browser, base_url, **page_options)))


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.locator("main form [name=username]").fill(username)
    page.locator("main form [name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
