"""In the browser: the registrar uploads an admission list, sees the draft enrolment order, the head
signs it, and the registrar opens a created student's card (placed in a group, with an adviser)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.db import connections
from django.urls import NoReverseMatch, reverse

from enrollment.models import Student

from .factories_admissions import ProgrammeFactory, TeacherFactory, admission_xlsx, applicant_row

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the sync Playwright API keeps an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = "/tmp/f-admission-upload.png"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture
def browser_context(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )

        contexts = []

        def new_page():
            context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
            context.set_default_timeout(20_000)
            contexts.append(context)
            return context.new_page()

        yield new_page
        for context in contexts:
            context.close()
        browser.close()
        # Connections opened while Playwright's loop ran live in its context: close them here, or
        # PostgreSQL refuses to drop the test database ("being accessed by other users").
        connections.close_all()


def _log_in(page, username):
    page.goto("/login/")
    page.locator("main form [name=username]").fill(username)
    page.locator("main form [name=password]").fill("secret-pass-123")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _sign_in_browser(new_page, order) -> bool:
    """The head signs on the order's page (orders app); False when that page is not there."""
    url = _url("order_detail", pk=order.pk)
    if url is None:
        return False
    page = new_page()
    _log_in(page, "registrar_head")
    page.goto(url)
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("#order-sign").click()
    page.locator("#order-status").wait_for()
    page.wait_for_load_state("networkidle")
    return True


@pytest.mark.django_db(transaction=True)
def test_registrar_uploads_a_list_head_signs_registrar_opens_the_students_card(browser_context, users, tmp_path):
    from registrar.models import User

    User.objects.filter(username__in=["registrar", "registrar_head"]).update(language="en")
    programme = ProgrammeFactory(code="6B06101", short_code="ИС")
    TeacherFactory(user=users["adviser"], department=programme.department)
    rows = [applicant_row(programme, last_name="Құрманғалиева", first_name="Іңкәр")]
    rows += [applicant_row(programme) for _i in range(2)]
    path = tmp_path / "admission-list.xlsx"
    path.write_bytes(admission_xlsx(rows))

    page = browser_context()
    _log_in(page, "registrar")
    page.goto(reverse("admission_upload"))
    form = page.locator("#admission-form")
    form.locator("[name=file]").set_input_files(str(path))
    form.locator("[name=order_date]").fill("2026-08-25")
    form.locator("[name=effective_on]").fill("2026-09-01")
    form.locator("[name=basis]").fill("Протокол приёмной комиссии № 7")
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    page.locator("#admission-created").wait_for()
    assert "Draft enrolment order created with 3 applicants." in page.locator("#admission-created").inner_text()
    page.screenshot(path=SCREENSHOT, full_page=True)

    from orders.models import Order
    from orders.services import order_sign

    order = Order.objects.get()
    assert order.is_draft and order.items.count() == 3
    if _url("order_detail", pk=order.pk):
        link = page.locator("#created-order-link")
        assert link.get_attribute("href") == reverse("order_detail", kwargs={"pk": order.pk})
    if not _sign_in_browser(browser_context, order):
        order_sign(actor=users["registrar_head"], order=order)  # the order page is not routed yet
    order.refresh_from_db()
    assert order.is_signed

    student = Student.objects.get(iin=rows[0]["iin"])
    assert student.group is not None and student.group.name == "ИС-26-1"
    assert student.adviser is not None and student.adviser.user == users["adviser"]
    assert student.status_since == datetime.date(2026, 9, 1)
    page.goto(reverse("student_detail", kwargs={"pk": student.pk}))
    page.wait_for_load_state("networkidle")
    body = page.locator("main").inner_text()
    assert "Құрманғалиева Іңкәр" in body
    assert re.search(r"ИС-26-1", body)
