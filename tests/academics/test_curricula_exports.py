"""Curriculum exports read back: the xlsx with openpyxl, the PDF with pdftotext (Kazakh letters)."""

import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academics.exports_curricula import curriculum_pdf
from registrar.pdf import render_pdf

from .factories_curricula import (
    CurriculumItemFactory,
    DisciplineFactory,
    english,  # noqa: F401  (a fixture)
    full_curriculum,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KAZAKH_LETTERS = "Әә Ғғ Құ Ңң Өө Ұұ Үү Һһ Іі"


def pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout


def test_xlsx_has_every_term_with_its_disciplines_and_totals(client_for):
    c = full_curriculum()
    CurriculumItemFactory(curriculum=c, term=2, discipline=DisciplineFactory(code="EXTRA01", credits=7))
    response = client_for("dean_office").get(reverse("curriculum_export_xlsx", args=[c.pk]))
    assert response.status_code == 200
    assert f"curriculum_{c.programme.code}_2025" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert len(wb.sheetnames) == 3
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("Term", "Elective block", "Code", "Discipline")
    by_label = {r[3]: r[6] for r in body if r[3] and str(r[3]).startswith("Total")}
    assert by_label["Total for term 2"] == 37
    assert by_label["Total for year 1"] == 67
    assert by_label["Total for the programme"] == 247
    extra = next(r for r in body if r[2] == "EXTRA01")
    assert extra[0] == 2 and extra[6] == 7 and extra[7:12] == (15, 30, 0, 30, 75)
    block = c.blocks.get()
    heading = next(r for r in body if r[1] == block.code and r[2] is None)
    assert heading[6] == 5  # the block counts once: choose 1 × 5 credits
    blocks_sheet = list(wb.worksheets[1].iter_rows(values_only=True))
    assert blocks_sheet[1][0] == block.code and blocks_sheet[1][4] == 5


def test_xlsx_lists_the_rule_check(client_for):
    c = full_curriculum()
    CurriculumItemFactory(curriculum=c, term=1, discipline=DisciplineFactory(code="SMALL", credits=4))
    response = client_for("registrar").get(reverse("curriculum_export_xlsx", args=[c.pk]))
    check = list(load_workbook(BytesIO(response.content)).worksheets[2].iter_rows(values_only=True))
    assert any(r[2] == "SMALL" and r[0] == "blocks approval" for r in check[1:])
    assert any(r[0] == "warning" and r[1] == 1 for r in check[1:])


def test_pdf_of_a_kazakh_curriculum_shows_kazakh_letters(tmp_path):
    c = full_curriculum(language="kk")
    d = DisciplineFactory(code="KAZ0001", name_kk=KAZAKH_LETTERS, name_ru="Казахские буквы")
    CurriculumItemFactory(curriculum=c, term=1, discipline=d)
    text = " ".join(pdf_text(curriculum_pdf(c), tmp_path).split())
    assert KAZAKH_LETTERS in text
    assert "KAZ0001" in text and c.programme.code in text and "Казахские буквы" not in text


def test_pdf_can_be_printed_in_another_language(tmp_path):
    c = full_curriculum(language="kk")
    CurriculumItemFactory(curriculum=c, term=1, discipline=DisciplineFactory(name_kk="Қазақша атау", name_ru="Русское"))
    text = pdf_text(curriculum_pdf(c, language="ru"), tmp_path)
    assert "Русское" in text and "Қазақша атау" not in text


def test_pdf_has_the_university_header_totals_page_numbers_and_signature(tmp_path, client_for):
    c = full_curriculum()
    response = client_for("teacher").get(reverse("curriculum_export_pdf", args=[c.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content, tmp_path).split())
    from registrar.selectors import university_settings

    assert university_settings().name_ru.upper() in text.upper()  # the document is in the curriculum's language
    assert "240" in text
    assert "1 / " in text  # page counter "Page 1 / N" (translated label)
    assert "head of the registrar's office" in text.lower() or "регистратора" in text.lower()


def test_pdf_helper_reaches_no_network(tmp_path, settings):
    """A template pointing at a network address still renders: the fetcher refuses every URL but file:."""
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "documents/base.html" %}{% block content %}<img src="http://10.255.255.1/x.png">'
        "<p>Ұлттық</p>{% endblock %}"
    )
    name = tmp_path / "t.html"
    name.write_text(template.template.source)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    text = pdf_text(render_pdf("t.html", {}), tmp_path)
    assert "Ұлттық" in text
