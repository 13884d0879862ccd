"""The class timetable in Chromium: the registrar computes a timetable, opens the group's week grid,
moves a lesson to a free time (the move form shows that it has no conflicts before saving),
publishes; the student opens "My timetable" from the menu and finds the lesson at its new time."""

import pytest

from tests.browser import require_chromium

require_chromium()

from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from enrollment.models import Student  # noqa: E402
from scheduling.models import ScheduledLesson, TimetableVersion  # noqa: E402
from tests.browser import in_browser_pages, log_in  # noqa: E402

from .browser_steps import publish_and_open_as_student, solve_from_versions_page  # noqa: E402
from .factories_timetable import small_term  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-timetable.png"
DAYS, PERIODS = (1, 2), (1, 2, 3)  # the small term's grid


def _free_time(term):
    """A (day, period) of the grid where the version has no lesson: the small term's students sit in
    every section, so any other time would clash."""
    try:
        version = TimetableVersion.objects.get(term=term)
        taken = set(ScheduledLesson.objects.filter(version=version).values_list("day", "period"))
        practice = ScheduledLesson.objects.select_related("room").get(version=version, section__kind="practice")
    finally:
        connection.close()  # this thread's connection, not the test's
    return practice, next((d, p) for d in DAYS for p in PERIODS if (d, p) not in taken)


def test_registrar_solves_moves_publishes_and_the_student_sees_my_timetable(live_server, users):
    t = small_term()
    Student.objects.filter(pk=t.students[0].pk).update(user=users["student"])
    group = t.students[0].group
    code = t.stream.discipline.code

    def scenario(new_page):
        page = new_page()
        log_in(page, "registrar")
        solve_from_versions_page(page, reverse("timetable_versions"), t.term)
        expect(page.locator("#hard-violations")).to_have_text("0")
        expect(page.locator("#version-no-conflicts")).to_be_visible()
        practice, (day, period) = _free_time(t.term)

        with page.expect_navigation():
            page.locator(f"main a[href^='{reverse('timetable_group')}?version=']").click()
        with page.expect_navigation():
            page.locator("#grid-choice").select_option(str(group.pk))
        expect(page.locator("#timetable-week")).to_contain_text(code)
        with page.expect_navigation():
            page.locator(f"#timetable-week a[href='{reverse('lesson_move', args=[practice.pk])}']").click()
        expect(page.locator("#lesson-summary")).to_contain_text(t.practice.code)
        page.locator("#id_day").select_option(str(day))
        page.locator("#id_period").select_option(str(period))  # htmx re-checks on each change
        expect(page.locator("#move-conflicts .alert-success")).to_be_visible()
        with page.expect_navigation():
            page.locator("#lesson-move-save").click()
        expect(page.locator(".alert-success").first).to_contain_text("The lesson is moved")
        expect(page.locator("#version-no-conflicts")).to_be_visible()
        student = publish_and_open_as_student(page, new_page, reverse("timetable_my"), SCREENSHOT)
        week = student.locator("#timetable-week")
        expect(week).to_contain_text(t.other.discipline.code)
        cell = week.locator(f"tbody tr:nth-child({PERIODS.index(period) + 1}) td:nth-child({DAYS.index(day) + 2})")
        expect(cell).to_contain_text(code)
        expect(cell).to_contain_text(str(practice.room))
        expect(week.locator(".lesson")).to_have_count(4)

    in_browser_pages(live_server.url, scenario, width=1600)
    moved = ScheduledLesson.objects.get(version__term=t.term, section=t.practice)
    assert moved.version.status == "published" and moved.conflicts == [] and moved.moved_by == users["registrar"]
