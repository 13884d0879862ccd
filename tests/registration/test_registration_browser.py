"""The issue's "done when" flow in Chromium: a student builds a plan (chooses an elective and its
section) and submits it; the adviser returns it with a comment; the student reads the comment, fixes
the plan and resubmits; the adviser approves; the student sees "approved"."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.choices import PlanStatus  # noqa: E402
from enrollment.models import StudyPlan  # noqa: E402
from tests.browser import in_browser_pages, log_in  # noqa: E402
from tests.enrollment.factories_students import TeacherFactory  # noqa: E402

from .world import build_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT_STUDENT = "/tmp/e2e-registration-student.png"
SCREENSHOT_REVIEW = "/tmp/e2e-registration-review.png"
COMMENT = "ELC1 орнына ELC2 таңдаңыз (take ELC2 instead)"


def settled(page):
    """Wait until htmx has swapped, settled and wired the new plan fragment (its forms answer only then)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_a_plan_is_built_submitted_returned_fixed_and_approved(live_server, users):
    world = build_world(users)
    first = world.section(world.electives[0], capacity=20, teacher=TeacherFactory(user__last_name="Әлиева"))
    second = world.section(world.electives[0], capacity=25, teacher=TeacherFactory(user__last_name="Құдайбергенов"))
    world.section(world.electives[1], capacity=30)

    def scenario(new_page):
        student = new_page()
        student.on("dialog", lambda dialog: dialog.accept())  # "Remove ELC1 from the plan?"
        log_in(student, "student")
        with student.expect_navigation():
            student.get_by_role("link", name="My study plan").first.click()
        plan = student.locator("#plan")
        expect(plan.locator("#plan-status")).to_have_text("draft")
        expect(plan.locator("#plan-submit")).to_be_disabled()

        # Choose an elective (htmx: the plan re-renders in place), then one of its two sections.
        plan.locator("#electives [data-discipline=ELC1] button.item-add").click()
        expect(student.locator("#plan-notice")).to_contain_text("ELC1 is added to the plan.")
        settled(student)
        row = student.locator("#plan-items tr[data-discipline=ELC1]")
        row.locator("select[name=section]").select_option(str(second.pk))
        expect(student.locator("#plan-notice")).to_contain_text(f"Section {second.code} is chosen for ELC1.")
        expect(row.locator(".section-info")).to_contain_text("Құдайбергенов")
        expect(student.locator("#plan-total")).to_have_text("15")
        expect(student.locator("#plan-ok")).to_be_visible()
        settled(student)
        student.locator("#plan-submit").click()
        expect(student.locator("#plan-status")).to_have_text("submitted")
        expect(student.locator("#plan-withdraw")).to_be_visible()

        # The adviser is notified, finds the plan in the list and returns it with a comment.
        adviser = new_page()
        log_in(adviser, "adviser")
        expect(adviser.locator("#notices-unread")).to_have_text("1")
        adviser.goto("/registration/advisees/")
        with adviser.expect_navigation():
            adviser.locator("#advisee-plans").get_by_role("link", name=world.student.full_name).click()
        expect(adviser.locator("#review-title")).to_contain_text(world.student.full_name)
        adviser.locator("#return-plan [name=comment]").fill(COMMENT)
        with adviser.expect_navigation():
            adviser.locator("#plan-return").click()
        expect(adviser.locator("#plan-status")).to_have_text("returned")

        # The student reads the comment, swaps the elective and resubmits.
        student.reload()
        expect(student.locator("#plan-status")).to_have_text("returned")
        expect(student.locator("#adviser-comment-text")).to_have_text(COMMENT)
        student.locator("#plan-items tr[data-discipline=ELC1] button.item-remove").click()
        expect(student.locator("#plan-notice")).to_contain_text("ELC1 is removed from the plan.")
        settled(student)
        student.locator("#electives [data-discipline=ELC2] button.item-add").click()
        expect(student.locator("#plan-notice")).to_contain_text("ELC2 is added to the plan.")
        expect(student.locator("#plan-items tr[data-discipline=ELC2] .section-info")).to_contain_text("ELC2-L1-ru")
        settled(student)
        student.locator("#plan-submit").click()
        expect(student.locator("#plan-status")).to_have_text("submitted")

        # The adviser approves.
        adviser.reload()
        with adviser.expect_navigation():
            adviser.locator("#plan-approve").click()
        expect(adviser.locator("#plan-status")).to_have_text("approved")
        adviser.screenshot(path=SCREENSHOT_REVIEW, full_page=True)

        student.reload()
        expect(student.locator("#plan-status")).to_have_text("approved")
        expect(student.locator("#plan-items tr[data-discipline=ELC2]")).to_be_visible()
        student.screenshot(path=SCREENSHOT_STUDENT, full_page=True)

    in_browser_pages(live_server.url, scenario)
    plan = StudyPlan.objects.get(student=world.student)
    assert plan.status == PlanStatus.APPROVED and plan.approved_credits == 15
    assert sorted(plan.items.values_list("discipline__code", flat=True)) == ["CMP1", "CMP2", "ELC2"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seats_taken, second.seats_taken) == (0, 0)
