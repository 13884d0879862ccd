"""The sheet PDF for signatures, in Kazakh and Russian, read back with pdftotext."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from grading.models import Sheet
from grading.services import sheets as svc
from registrar.selectors import forget_university_settings, university_settings

from .world import graded_world

pytestmark = pytest.mark.django_db
KAZAKH = set("ӘәҒғҚқҢңӨөҰұҮүҺһІі")


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture
def sheet(users):
    world = graded_world(users)
    settings = university_settings()
    settings.name_kk = "Әл-Фараби атындағы Қазақ ұлттық университеті"
    settings.name_ru = "Казахский национальный университет имени аль-Фараби"
    settings.save()
    forget_university_settings()
    discipline = world.extra["discipline"]
    discipline.name_kk = "Ақпараттық-коммуникациялық технологиялар"
    discipline.name_ru = "Информационно-коммуникационные технологии"
    discipline.save()
    svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    sheet = Sheet.objects.get(section=world.extra["section"])
    a, b, c = world.extra["people"]
    values = {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 45), c.pk: (40, 40, 50, 50, None)}
    for row in sheet.rows.all():
        for field, value in zip(svc.SCORE_FIELDS, values[row.student_id], strict=True):
            if value is not None:
                row.refresh_from_db()
                svc.sheet_cell_update(row=row, field=field, value=value, version=row.version, actor=users["teacher"])
    sheet.world = world
    return sheet


def test_the_kazakh_pdf_has_the_kazakh_names_every_row_and_the_totals(sheet, users, client_for, tmp_path):
    response = client_for("teacher").get(reverse("sheet_pdf", args=[sheet.pk]), {"lang": "kk"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="sheet-{sheet.number}-kk.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    flat = " ".join(text.split())
    assert "Әл-Фараби атындағы Қазақ ұлттық университеті".upper() in flat.upper()
    assert "Ақпараттық-коммуникациялық технологиялар" in flat
    assert sheet.number in flat
    assert KAZAKH & set(text)
    a, b, c = sheet.world.extra["people"]
    for student in (a, b, c):
        assert student.last_name in flat and student.student_number in flat
    lines = {s.pk: next(line for line in text.splitlines() if s.student_number in line) for s in (a, b, c)}
    # R1 70, R2 80, admission 75, exam 90 -> 81 B 3.00; exam 45 -> FX 49 0.50; admission 45 -> F 27.
    assert re.search(r"\b75\b.*\b90\b.*\b81\b\s+B\s+3[.,]00", lines[a.pk]), lines[a.pk]
    assert re.search(r"\b45\b.*\b49\b\s+FX\s+0[.,]50", lines[b.pk]), lines[b.pk]
    assert re.search(r"\b27\b\s+F\s+0[.,]00", lines[c.pk]), lines[c.pk]
    assert "Teacher Test" in flat  # the teacher's signature line
    assert re.search(r"1\s*/\s*1", text)  # page numbers


def test_the_russian_pdf_uses_russian_names(sheet, client_for, tmp_path):
    response = client_for("registrar").get(reverse("sheet_pdf", args=[sheet.pk]), {"lang": "ru"})
    flat = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Информационно-коммуникационные технологии" in flat
    assert "Казахский национальный университет".upper() in flat.upper()
    assert "Ақпараттық" not in flat


def test_without_a_language_the_section_language_is_used(sheet, client_for, tmp_path):
    response = client_for("dean_office").get(reverse("sheet_pdf", args=[sheet.pk]))
    assert response.status_code == 403  # not this dean's faculty
    response = client_for("registrar").get(reverse("sheet_pdf", args=[sheet.pk]), {"lang": "xx"})
    assert f"sheet-{sheet.number}-ru.pdf" in response["Content-Disposition"]  # the section is taught in Russian
