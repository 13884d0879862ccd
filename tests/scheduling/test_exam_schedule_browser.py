"""The exam session in Chromium: the registrar computes an exam schedule, moves an exam (conflicts
shown first), publishes it; the student opens "My exams" from the menu."""

import pytest

from tests.browser import require_chromium

require_chromium()

from django.urls import reverse  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from enrollment.models import Student  # noqa: E402
from scheduling.models import ExamScheduleVersion  # noqa: E402
from tests.browser import in_browser_pages, log_in  # noqa: E402

from .browser_steps import publish_and_open_as_student, solve_from_versions_page  # noqa: E402
from .factories_exams import exam_session  # noqa: E402
from .factories_timetable import small_term  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-exam-schedule.png"


def test_registrar_solves_moves_publishes_and_the_student_sees_my_exams(live_server, users):
    t = small_term()
    days = exam_session(t.term, days=12)
    Student.objects.filter(pk=t.students[0].pk).update(user=users["student"])

    def scenario(new_page):
        page = new_page()
        log_in(page, "registrar")
        solve_from_versions_page(page, reverse("exam_versions"), t.term, prefix="exam-")
        expect(page.locator("#exam-table")).to_contain_text(t.stream.discipline.code)
        with page.expect_navigation():
            page.locator("a.exam-move").first.click()
        expect(page.locator("#exam-summary")).to_be_visible()
        target = next(d for d in reversed(days) if d.weekday() != 6)
        page.locator("#id_date").select_option(target.isoformat())
        with page.expect_navigation():
            page.locator("#exam-move-check").click()
        expect(page.locator("#move-conflicts .alert")).to_be_visible()
        page.locator("#id_confirm").check()
        with page.expect_navigation():
            page.locator("#exam-move-save").click()
        expect(page.locator(".alert-success").first).to_contain_text("The exam is moved")
        expect(page.locator("#exam-table")).to_contain_text(f"{target:%d.%m.%Y}")
        student = publish_and_open_as_student(page, new_page, reverse("exams_my"), SCREENSHOT)
        expect(student.locator("#exam-table")).to_contain_text(t.other.discipline.code)
        expect(student.locator("#exam-table")).to_contain_text(f"{target:%d.%m.%Y}")

    in_browser_pages(live_server.url, scenario, width=1600)
    assert ExamScheduleVersion.objects.get(term=t.term).status == "published"
