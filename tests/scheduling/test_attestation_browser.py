"""The final attestation in Chromium: the registrar creates a commission, adds a defence sitting,
distributes the programme's final-year students, publishes; the student sees the date on "My final
attestation"."""

import pytest

from tests.browser import require_chromium

require_chromium()

from playwright.sync_api import expect  # noqa: E402

from enrollment.models import Student  # noqa: E402
from scheduling.models import AttestationAssignment, AttestationCommission  # noqa: E402
from tests.browser import in_browser, log_in  # noqa: E402

from .factories_attestation import attestation_world  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SCREENSHOT = "/tmp/e2e-attestation-commission.png"


def test_registrar_schedules_and_the_student_sees_the_date(live_server, users):
    world = attestation_world(start_year=2035)
    Student.objects.filter(pk=world.final[0].pk).update(user=users["student"])
    programme_value, room_value, year_value = str(world.programme.pk), str(world.rooms[0].pk), str(world.year.pk)

    def registrar(page):
        log_in(page, "registrar")
        page.goto("/timetable/attestation/")
        page.locator("#commission-form").locator("xpath=..").locator("summary").click()
        page.locator("#id_new-academic_year").select_option(year_value)
        page.locator("#id_new-name").fill("ГАК-1")
        page.locator("#id_new-programmes").select_option([programme_value])
        page.locator("#id_new-chair_name").fill("Сәрсенбаев Қайрат")
        page.locator("#id_new-chair_position").fill("т.ғ.к., директор")
        page.locator("#id_new-secretary_name").fill("Әлиева Гүлнар")
        with page.expect_navigation():
            page.locator("#commission-form button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text("ГАК-1")
        form = page.locator("#event-form")
        form.locator("[name=event-form]").select_option("thesis")
        form.locator("[name=event-date]").fill("2036-06-02")
        form.locator("[name=event-starts_at]").fill("09:00")
        form.locator("[name=event-ends_at]").fill("13:00")
        form.locator("[name=event-room]").select_option(room_value)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        expect(page.locator(".attestation-event")).to_have_count(1)
        page.locator("#distribute-form [name=distribute-form]").select_option("thesis")
        with page.expect_navigation():
            page.locator("#distribute-form button[type=submit]").click()
        expect(page.locator(".attestation-event tbody tr")).to_have_count(len(world.final))
        with page.expect_navigation():
            page.locator("#publish").click()
        expect(page.locator("#commission-status")).to_have_class("badge text-bg-success")
        page.screenshot(path=SCREENSHOT, full_page=True)

    in_browser(live_server.url, registrar)
    commission = AttestationCommission.objects.get(name="ГАК-1")
    assert commission.is_published
    assert AttestationAssignment.objects.filter(event__commission=commission).count() == len(world.final)

    def student(page):
        log_in(page, "student")
        page.goto("/timetable/my/")
        with page.expect_navigation():
            page.locator("#my-attestation-link").click()
        expect(page.locator("#my-attestation")).to_contain_text("02.06.2036")
        expect(page.locator("#my-attestation")).to_contain_text("09:00")

    in_browser(live_server.url, student)
