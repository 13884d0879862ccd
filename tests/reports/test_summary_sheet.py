"""The summary sheet of a group for a term: students × disciplines with the latest letter of the term,
the term GPA and the unsatisfactory grades, checked against the results read one by one; xlsx and
PDF read back; a dean's office of another faculty is refused."""

import shutil
import subprocess

from django.urls import reverse

from enrollment.models import Result
from reports import exports
from reports.selectors_summary import group_summary

from .xlsx_helpers import assert_clean_sheet, read, sheet_parts


def expected_cells(group_students, term):
    latest = {}
    for r in Result.objects.filter(term=term, student__in=group_students):
        key = (r.student_id, r.discipline_id)
        if key not in latest or r.attempt > latest[key].attempt:
            latest[key] = r
    return {(r.student.last_name, r.discipline.code): r.letter for r in latest.values()}


def test_cells_are_the_latest_letters_of_the_term(sheet_world, users, django_assert_max_num_queries):
    w = sheet_world
    g1, autumn = w.extra["groups"][0], w.extra["autumn"]
    with django_assert_max_num_queries(6):
        sheet = group_summary(users["registrar"], g1, autumn)
    assert [line.student.last_name for line in sheet.lines] == ["Абенов", "Бекова", "Гүлиев", "Жұмаев"]
    got = {
        (line.student.last_name, d.code): r.letter
        for line in sheet.lines
        for d, r in zip(sheet.disciplines, line.cells, strict=True)
        if r is not None
    }
    assert got == expected_cells(w.extra["students"][:4], autumn)
    assert got[("Бекова", "GD1")] == "C+"
    assert [line.failed for line in sheet.lines] == [0, 0, 1, 0]  # Гүлиев's F; a D passes
    codes = [d.code for d in sheet.disciplines]
    assert codes == ["GD1", "GD2", "GD3", "PF1"]  # GD4 is of the spring term
    assert sheet.not_passed == [1, 0, 0, 0] and sheet.graded == [3, 3, 1, 1]
    # GPA of the term from grading's snapshots.
    from grading.models import GpaSnapshot

    gpas = dict(GpaSnapshot.objects.filter(scope="term", term=autumn).values_list("student_id", "gpa"))
    assert [line.gpa for line in sheet.lines] == [gpas.get(line.student.pk) for line in sheet.lines]
    assert sheet.lines[0].gpa is not None


def test_the_group_on_the_terms_last_day(sheet_world, users):
    w = sheet_world
    g2, autumn = w.extra["groups"][1], w.extra["autumn"]
    sheet = group_summary(users["registrar"], g2, autumn)
    assert [line.student.last_name for line in sheet.lines] == ["Иманов"]


def test_xlsx_and_pdf_read_back(sheet_world, users, tmp_path):
    w = sheet_world
    sheet = group_summary(users["registrar"], w.extra["groups"][0], w.extra["autumn"])
    ws = read(exports.summary_xlsx(sheet))["ИС-30-1"]
    assert_clean_sheet(ws, frozen="D3")
    header, data, totals = sheet_parts(ws)
    assert header[:3] == ["№", "student", "student ID number"]
    assert len(data) == 4 and data[1][1].startswith("Бекова")
    n = len(sheet.disciplines)
    for i in range(3, 3 + n):
        assert totals[i] == sum(1 for r in data if r[i] in ("F", "FX", "NP")), header[i]
    assert totals[3 + n + 2] == sum(r[3 + n + 2] for r in data)
    if shutil.which("pdftotext"):
        pdf = tmp_path / "summary.pdf"
        pdf.write_bytes(exports.summary_pdf(sheet))
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Summary sheet of group ИС-30-1" in text and "Гүлиев" in text and "Абенов" in text


def test_pages_and_access(sheet_world, client_for):
    w = sheet_world
    g1, g3 = w.extra["groups"][0], w.extra["groups"][2]
    autumn = w.extra["autumn"]
    office = client_for("registrar")
    page = office.get(reverse("reports_summary"), {"group": g1.pk, "term": autumn.pk})
    assert page.status_code == 200 and 'data-discipline="GD1"' in page.content.decode()
    assert office.get(reverse("reports_summary")).status_code == 200  # the filters only
    xlsx = office.get(reverse("reports_summary"), {"group": g1.pk, "term": autumn.pk, "export": "xlsx"})
    assert xlsx.status_code == 200 and read(xlsx.content).sheetnames[0] == "ИС-30-1"
    pdf = office.get(reverse("reports_summary"), {"group": g1.pk, "term": autumn.pk, "export": "pdf"})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    dean = client_for("dean_office")
    assert dean.get(reverse("reports_summary"), {"group": g1.pk, "term": autumn.pk}).status_code == 200
    assert dean.get(reverse("reports_summary"), {"group": g3.pk, "term": autumn.pk}).status_code == 403
    assert client_for("teacher").get(reverse("reports_summary")).status_code == 403
