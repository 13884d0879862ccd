"""Steps shared by the scheduling browser tests (imported after ``require_chromium()``)."""

from playwright.sync_api import expect

from tests.browser import log_in


def solve_from_versions_page(page, url: str, term, prefix: str = "") -> None:
    """On a versions page (`url`), compute a version of `term` with a one-second limit, wait until the
    progress bar says "Done" and reload the version page. `prefix` names the form: "" for the class
    timetable (#solve-form, #solve-start), "exam-" for the exam session."""
    page.goto(url)
    page.locator(f"#{prefix}solve-form #id_term").select_option(str(term.pk))
    page.locator(f"#{prefix}solve-form #id_time_limit").fill("1")
    with page.expect_navigation():
        page.locator(f"#{prefix}solve-start").click()
    expect(page.locator("#version-solve-status")).to_have_text("Done", timeout=30_000)
    page.reload()


def publish_and_open_as_student(page, new_page, menu_url: str, screenshot: str):
    """Publish the version open on `page` (screenshot saved), then log the student in on a fresh page
    and follow the menu link to `menu_url`; return the student's page."""
    with page.expect_navigation():
        page.locator("#version-publish").click()
    expect(page.locator("#version-status")).to_have_text("published")
    page.screenshot(path=screenshot, full_page=True)
    student = new_page()
    log_in(student, "student")
    with student.expect_navigation():
        student.locator(f"a[href='{menu_url}']").first.click()
    return student
