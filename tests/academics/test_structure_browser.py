"""In the browser, in Kazakh: the registrar adds a discipline, watching the running sum of hours
and filtering the prerequisite list, then uploads a broken catalogue and reads every error."""

import os
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

from academics.models import Discipline

from .factories_structure import DepartmentFactory, DisciplineFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the sync Playwright API keeps an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"),
]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


def _log_in_in_kazakh(page, username):
    page.goto("/login/")
    page.locator("main form [name=username]").fill(username)
    page.locator("main form [name=password]").fill("secret-pass-123")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    with page.expect_navigation():
        page.locator("#language-form button[value=kk]").click()


@pytest.mark.django_db(transaction=True)
def test_registrar_adds_a_discipline_and_imports_a_broken_catalogue(page, users, tmp_path):
    department = DepartmentFactory(code="IS")
    DisciplineFactory(code="CSC2207", name_kk="Деректер қоры", department=department)
    DisciplineFactory(code="CSC1101", name_kk="Бағдарламалау негіздері", department=department)
    _log_in_in_kazakh(page, "registrar")

    page.goto("/academics/disciplines/new/")
    form = page.locator("#structure-form")
    form.locator("[name=code]").fill("INS3104")
    form.locator("[name=name_kk]").fill("Деректер қорын басқару жүйелері")
    form.locator("[name=name_ru]").fill("Системы управления базами данных")
    form.locator("[name=name_en]").fill("Database Management Systems")
    form.locator("[name=credits]").fill("5")
    for name, value in (("hours_lecture", "15"), ("hours_practice", "15"), ("hours_lab", "15"),
                        ("hours_self_with_teacher", "35"), ("hours_self", "60")):  # fmt: skip
        form.locator(f"[name={name}]").fill(value)
    total = page.locator("#hours-sum")
    assert "140" in total.inner_text() and "150" in total.inner_text()
    assert "text-danger" in total.get_attribute("class")
    form.locator("[name=hours_self]").fill("70")
    assert "150" in total.inner_text() and "text-danger" not in total.get_attribute("class")

    form.locator("[name=cycle]").select_option("PD")
    form.locator("[name=component]").select_option("VK")
    form.locator("[name=department]").select_option(str(department.pk))
    page.locator("#prerequisite-filter").fill("деректер")
    assert page.locator("#id_prerequisites option:not([hidden])").count() == 1
    form.locator("[name=prerequisites]").select_option(
        label=page.locator("#id_prerequisites option:not([hidden])").inner_text()
    )
    with page.expect_navigation():
        form.locator("#save").click()

    assert "INS3104" in page.locator("#discipline-title").inner_text()
    assert "Деректер қорын басқару жүйелері" in page.locator("#discipline-title").inner_text()
    assert "CSC2207" in page.locator("#prerequisites").inner_text()
    assert set(Discipline.objects.get(code="INS3104").prerequisites.values_list("code", flat=True)) == {"CSC2207"}

    # A catalogue with a wrong department and text in a number cell: nothing imported, both rows named.
    wb = Workbook()
    ws = wb.active
    ws.append(["Code", "Name (Kazakh)", "Name (Russian)", "Name (English)", "Credits (ECTS)", "Lecture hours",
               "Practice hours", "Lab hours", "Self-study with teacher, hours", "Self-study, hours", "Control form",
               "Cycle", "Component", "Department code"])  # fmt: skip
    ws.append(["A1", "Пән", "Дисциплина", "Discipline", 5, 15, 30, 0, 35, 70, "емтихан", "БД", "ЖООК", "XX"])
    ws.append(["A2", "Пән", "Дисциплина", "Discipline", "бес", 15, 30, 0, 35, 70, "экзамен", "ООД", "ОК", "IS"])
    path = tmp_path / "catalogue.xlsx"
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    page.goto("/academics/disciplines/import/")
    page.locator("#import-form [name=file]").set_input_files(str(path))
    with page.expect_navigation():
        page.locator("#import-submit").click()
    errors = page.locator("#import-errors")
    assert errors.is_visible()
    assert "XX" in errors.inner_text() and "бес" in errors.inner_text()
    assert errors.locator("tbody tr").count() == 2
    assert not Discipline.objects.filter(code__in=["A1", "A2"]).exists()
