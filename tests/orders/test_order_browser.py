"""In Chromium: the registrar drafts a leave order and adds a student found by the search; the head
signs it on the order page; the student's record changes and the order PDF opens."""

import pytest

from tests.e2e.conftest import browser, chromium_missing_reason, log_in, log_out, new_page, page  # noqa: F401

_reason = chromium_missing_reason()
if _reason:
    pytest.skip(_reason, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

from .factories_orders import enrolled_student  # noqa: E402

pytestmark = pytest.mark.e2e
SCREENSHOT = "/tmp/e_order_signed.png"


def test_registrar_drafts_a_leave_order_and_the_head_signs_it(transactional_db, users, page):  # noqa: F811
    student = enrolled_student(last_name="Құрманғалиева", first_name="Іңкәр", patronymic="Ерланқызы")
    log_in(page, "registrar", "secret-pass-123")
    page.goto("/orders/new/")
    with page.expect_navigation():
        page.locator('[data-type="academic_leave"]').click()
    page.fill("#id_order_date", "2026-01-25")
    page.fill("#id_effective_on", "2026-02-01")
    page.fill("#id_basis", "Заключение ВКК № 12")
    page.select_option("#id_p_leave_ground", "medical")
    page.fill("#id_p_leave_until", "2027-01-31")
    with page.expect_navigation():
        page.locator("#order-form button[type=submit]").click()
    with page.expect_navigation():
        page.locator("#order-add-items").click()
    page.fill("#id_q", "Құрманғалиева")
    with page.expect_navigation():
        page.locator("#student-search button[type=submit]").click()
    page.locator(f"#student-{student.pk}").check()
    with page.expect_navigation():
        page.locator("#item-add-submit").click()
    expect(page.locator("#order-items")).to_contain_text("Құрманғалиева Іңкәр Ерланқызы")
    expect(page.locator("#order-ready")).to_be_visible()
    order_url = page.url
    log_out(page)

    log_in(page, "registrar_head", "secret-pass-123")
    page.goto(order_url)
    with page.expect_navigation():
        page.locator("#order-sign").click()
    expect(page.locator("#order-title")).to_contain_text("1-АО")
    expect(page.locator("#order-items")).to_contain_text("31.01.2027")
    page.screenshot(path=SCREENSHOT, full_page=True)
    student.refresh_from_db()
    assert student.status == "on_leave"
    response = page.request.get(order_url + "pdf/kk/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
