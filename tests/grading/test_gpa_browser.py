"""Grades and session analysis in Chromium: the student reads "My grades" (terms, sources, GPA per term,
year and cumulative); the registrar reads the rating and the session analysis with its charts."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from grading.services.gpa import gpa_recompute  # noqa: E402
from tests.browser import in_browser, log_in  # noqa: E402
from tests.enrollment.factories_students import AcademicGroupFactory  # noqa: E402

from .gpa_world import gpa_world, record  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT_GRADES = "/tmp/e2e-my-grades.png"
SCREENSHOT_ANALYSIS = "/tmp/e2e-session-analysis.png"


def log_out(page):
    page.context.clear_cookies()


def test_the_student_reads_grades_and_the_registrar_the_session_analysis(live_server, users):
    world = gpa_world(users)
    group = AcademicGroupFactory(programme=world.programme, name="ҚҰ-30-1")
    me = world.student(user=users["student"], group=group, last_name="Құрманғалиева", first_name="Әсел")
    autumn, summer = world.term(2030, "autumn"), world.term(2030, "summer")
    d = world.disciplines
    record(me, d[0], autumn, "FX", score=41)
    record(me, d[0], autumn, "B", source="retake", score=83)
    record(me, d[1], autumn, "A", score=96)
    record(me, d[2], autumn, "D", score=51)
    record(me, d[2], summer, "A-", source="summer", score=90)
    for i, letters in enumerate([("A", "B"), ("C", "F"), ("B+", "A-")]):
        s = world.student(group=group, last_name=f"Ғалымов{i}")
        record(s, d[0], autumn, letters[0])
        record(s, d[1], autumn, letters[1])
    gpa_recompute()

    def scenario(page):
        log_in(page, "student")
        page.goto("/grading/gpa/my/")
        expect(page.locator("#grades-title")).to_have_text("My grades")
        expect(page.locator("#cumulative-gpa")).to_have_text("3.56")  # B, A, A- (summer)
        autumn_rows = page.locator(f'tbody[data-term="{autumn.pk}"]')
        expect(autumn_rows.locator(".term-gpa")).to_have_text("2.67")  # B, A, D
        expect(page.locator('tr[data-source="retake"]')).to_contain_text("FX retake")
        expect(page.locator('tr[data-source="summer"]')).to_contain_text("summer term")
        expect(page.locator(".year-gpa-value")).to_have_text("3.56")
        page.screenshot(path=SCREENSHOT_GRADES, full_page=True)
        log_out(page)

        log_in(page, "registrar")
        page.goto("/grading/gpa/rating/")
        expect(page.locator("#rating-table")).to_contain_text("Құрманғалиева")
        page.goto(f"/grading/gpa/analysis/?term={autumn.pk}&by=group")
        expect(page.locator('#analysis-table tr:has-text("ҚҰ-30-1") .progress-percent')).to_have_text("75.0")
        expect(page.locator("#analysis-chart rect")).to_have_count(2)
        expect(page.locator('#distribution-table tr[data-letter="F"] .count')).to_have_text("1")
        page.screenshot(path=SCREENSHOT_ANALYSIS, full_page=True)

    in_browser(live_server.url, scenario)
