"""Formation in Chromium: the registrar previews the term, sees the elective that will be cancelled,
forms the sections, opens a practice group (Kazakh names render) and moves a student to another group."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.choices import SectionKind  # noqa: E402
from enrollment.models import PlanItem, Section  # noqa: E402
from enrollment.selectors_sections import section_counts_consistent  # noqa: E402
from tests.browser import in_browser, log_in  # noqa: E402

from .factories_sections import cohort  # noqa: E402
from .world import build_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-section-formation.png"


def test_the_registrar_forms_the_sections_and_moves_a_student(live_server, users):
    world = build_world(users)
    cohort(world, 50, group_size=10, elective=world.electives[0])
    cohort(world, 6, elective=world.electives[1])

    def form(page):
        log_in(page, "registrar")
        page.goto(f"/sections/formation/?term={world.term.pk}")
        expect(page.locator("#formation-cancelled")).to_contain_text("ELC2")
        expect(page.locator("#created-lecture")).to_have_text("3")
        with page.expect_navigation():
            page.locator("#formation-run button[type=submit]").click()
        expect(page.locator("#formation-done")).to_contain_text("are formed")
        page.screenshot(path=SCREENSHOT, full_page=True)

    in_browser(live_server.url, form)
    assert PlanItem.objects.filter(discipline=world.electives[1]).count() == 0
    # 56 students in groups of 10 and 6: practice groups of 30 and 26, academic groups whole.
    full, other = Section.objects.filter(discipline=world.compulsory[0], kind=SectionKind.PRACTICE).order_by(
        "-seats_taken"
    )
    assert (full.seats_taken, other.seats_taken) == (30, 26)

    def move(page):
        log_in(page, "registrar")
        page.goto(f"/sections/{other.pk}/")
        expect(page.locator("#section-seats")).to_have_text("26 / 30")
        expect(page.locator("#section-students")).to_contain_text("Ғабитов")
        with page.expect_navigation():
            page.locator("#section-students form button[type=submit]").first.click()
        expect(page.locator(".alert-danger")).to_contain_text("is full (30 of 30 seats)")
        expect(page.locator("#section-seats")).to_have_text("26 / 30")

    in_browser(live_server.url, move)
    assert section_counts_consistent(world.term)
