"""The registrar's registration pages in Chromium: the progress table and its chart, a count followed to
the list, a reminder to the ticked students, an override granted with the student picked as you type,
and the lock refused while the window is open, then done with "lock anyway"."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.choices import PlanStatus  # noqa: E402
from enrollment.models import RuleOverride, StudyPlan  # noqa: E402
from registrar.models import Notice  # noqa: E402
from tests.browser import in_browser, log_in  # noqa: E402
from tests.enrollment.factories_students import StudentFactory, UserFactory  # noqa: E402

from .test_office_progress import campus  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-registration-progress.png"


def test_the_registrar_follows_progress_reminds_grants_and_locks(live_server, users):
    c = campus(users)
    term = c.world.term
    draft = StudyPlan.objects.filter(term=term, status=PlanStatus.DRAFT).select_related("student").first()
    if draft.student.user_id is None:
        draft.student.user = UserFactory()
        draft.student.save(update_fields=["user"])
    picked = StudentFactory(last_name="Құрманғалиева", first_name="Әсел", programme=c.other)
    approved = StudyPlan.objects.filter(term=term, status=PlanStatus.APPROVED).count()
    term_label = str(term)  # in English here: the browser thread has no translation override

    def scenario(page):
        log_in(page, "registrar")
        page.goto("/registration/office/")
        expect(page.locator("#progress-term")).to_contain_text(term_label)
        expect(page.locator("#progress-table tbody tr")).to_have_count(8)
        assert page.evaluate("typeof Chart") == "function"
        assert page.locator("#progress-chart").bounding_box()["height"] > 100
        page.screenshot(path=SCREENSHOT, full_page=True)

        with page.expect_navigation():
            page.locator("#progress-totals td[data-status=draft] a").click()
        expect(page.locator("#chase-table")).to_contain_text(draft.student.student_number)
        page.locator(f'#chase-table input[name=student][value="{draft.student_id}"]').check()
        with page.expect_navigation():
            page.locator("#remind-button").click()
        expect(page.locator("main .alert-success")).to_contain_text("Reminders sent: 1 student")

        page.goto("/registration/office/overrides/new/")
        page.locator("#id_student").press_sequentially("Құрманғ", delay=30)
        expect(page.locator("#student-options option")).to_have_count(1)
        value = page.locator("#student-options option").get_attribute("value")
        page.locator("#id_student").fill(value)
        page.locator("#id_rule").select_option("credits_max")
        page.locator("#id_reason").fill("Дипломная практика: разрешено 42 кредита")
        with page.expect_navigation():
            page.locator("#override-form button[type=submit]").click()
        expect(page.locator("#override-table")).to_contain_text("Дипломная практика")

        page.goto(f"/registration/office/lock/{term.pk}/")
        with page.expect_navigation():
            page.locator("#lock-confirm").click()
        expect(page.locator("#lock-form")).to_contain_text("lock anyway")
        page.locator("#id_lock_anyway").check()
        with page.expect_navigation():
            page.locator("#lock-confirm").click()
        expect(page.locator("main .alert-success")).to_contain_text(f"{approved} approved plans")

    in_browser(live_server.url, scenario, width=1400)
    assert Notice.objects.filter(user_id=draft.student.user_id, subject__startswith="Submit your study plan").exists()
    assert RuleOverride.objects.get().student == picked
    assert not StudyPlan.objects.filter(term=term, status=PlanStatus.APPROVED).exists()
