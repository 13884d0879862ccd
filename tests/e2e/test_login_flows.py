"""Logging in as a person does it: the real login form in Chromium, for every demo login, the
language switch remembered on the account, the forced change of a reset password, the lockout."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import chromium_missing_reason, log_in, log_out

_reason = chromium_missing_reason()
if _reason:
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from registrar.demo import DEMO_PASSWORD  # noqa: E402

pytestmark = pytest.mark.e2e

DEMO_LOGINS = ["registrar", "head", "dean", "adviser", "teacher", "student", "admin"]
SCREENSHOT = "/tmp/e2e-dashboard.png"


def kk_translation(msgid: str) -> str | None:
    """The project's compiled Kazakh translation of msgid, or None while the catalogue lacks it."""
    for base in settings.LOCALE_PATHS:
        mo = Path(base) / "kk" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as f:
                text = gettext.GNUTranslations(f).gettext(msgid)
            if text != msgid:
                return text
    return None


@pytest.mark.parametrize("username", DEMO_LOGINS)
def test_every_demo_login_reaches_its_dashboard(demo, page, username):
    log_in(page, username, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#dashboard-title")).to_be_visible()
    expect(page.locator("#user-menu")).to_be_visible()

    if username == "registrar":
        expect(page.locator("#panel-users")).to_be_visible()
        page.screenshot(path=SCREENSHOT, full_page=True)
    if username == "student":
        expect(page.locator("#panel-users")).to_have_count(0)

    log_out(page)
    expect(page.locator("main form [name=username]")).to_be_visible()
    # Logged out for real: the dashboard sends back to the login page.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.locator("#dashboard-title")).to_have_count(0)


def test_kazakh_is_shown_and_remembered_on_the_account(demo, new_page):
    from registrar.models import User

    page = new_page()
    log_in(page, "registrar", DEMO_PASSWORD)
    expect(page.locator("#dashboard-title")).to_be_visible()
    expect(page.locator("html")).not_to_have_attribute("lang", "kk")

    with page.expect_navigation():
        page.locator("#language-form button[value='kk']").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("#language-form button[value='kk']")).to_have_attribute("aria-current", "true")
    title = kk_translation("Dashboard")
    if title:
        expect(page.locator("#dashboard-title")).to_have_text(title)
        assert page.locator("#dashboard-title").inner_text() != "Dashboard"
    assert User.objects.get(username="registrar").language == "kk"

    log_out(page)

    # A fresh browser (no language cookie): the account's choice applies after logging in.
    page = new_page()
    log_in(page, "registrar", DEMO_PASSWORD)
    expect(page.locator("#dashboard-title")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    if title:
        expect(page.locator("#dashboard-title")).to_have_text(title)


def test_reset_password_must_be_changed_before_anything_else(demo, page):
    from registrar.models import User
    from registrar.services import user_reset_password

    registrar_user = User.objects.get(username="registrar")
    student = User.objects.get(username="student")
    temporary = user_reset_password(actor=registrar_user, user=student)

    log_in(page, "student", temporary)
    expect(page).to_have_url(re.compile(r"/password/$"))
    expect(page.locator("#must-change")).to_be_visible()

    # Nothing else opens until the password is changed.
    for path in ("/", "/account/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/password/$"))
        expect(page.locator("#dashboard-title")).to_have_count(0)

    new_password = "Qyzylorda-2026-own"
    form = page.locator("main form")
    form.locator("[name=old_password]").fill(temporary)
    form.locator("[name=new_password1]").fill(new_password)
    form.locator("[name=new_password2]").fill(new_password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#dashboard-title")).to_be_visible()
    student.refresh_from_db()
    assert not student.must_change_password

    # The new password works at the next login, without another forced change.
    log_out(page)
    log_in(page, "student", new_password)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("#dashboard-title")).to_be_visible()


def test_five_wrong_passwords_lock_the_login(demo, page):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for attempt in range(1, limit + 1):
        log_in(page, "teacher", f"wrong-password-{attempt}")
        if attempt < limit:
            expect(page.locator("main form [name=username]")).to_be_visible()
            expect(page.locator("#lockout-message")).to_have_count(0)
    expect(page.locator("#lockout-message")).to_be_visible()

    # Locked means locked: even the right password does not open the dashboard now.
    log_in(page, "teacher", DEMO_PASSWORD)
    expect(page.locator("#lockout-message")).to_be_visible()
    expect(page.locator("#dashboard-title")).to_have_count(0)
