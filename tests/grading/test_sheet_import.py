"""A sheet filled in offline: the pre-filled template, and the upload checked line by line and applied
all or nothing (grading.imports, grading.services.sheets.sheet_import_apply)."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from grading.models import Sheet, SheetKind, SheetRow
from grading.services import sheets as svc
from registrar.xlsx_import import ImportFailed

from .world import graded_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return graded_world(users)


def make_sheet(world, users) -> Sheet:
    svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    return Sheet.objects.get(section=world.extra["section"])


def download(client, sheet):
    response = client.get(reverse("sheet_import_template", args=[sheet.pk]))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def header_index(ws) -> dict[str, int]:
    return {str(c.value).rstrip(" *"): c.column for c in ws[1]}


def fill_book(wb, values: dict) -> None:
    """values: {student number: {header: value}}"""
    ws = wb.worksheets[0]
    cols = header_index(ws)
    for r in range(2, ws.max_row + 1):
        number = ws.cell(row=r, column=cols["Student ID number"]).value
        for header, value in values.get(number, {}).items():
            ws.cell(row=r, column=cols[header]).value = value


def upload(client, sheet, wb, name="sheet.xlsx"):
    buffer = BytesIO()
    wb.save(buffer)
    file = SimpleUploadedFile(name, buffer.getvalue())
    return client.post(reverse("sheet_import", args=[sheet.pk]), {"file": file})


def scores(c1, m1, c2, m2, exam, mark=None):
    row = {"Current control 1": c1, "Midterm control 1": m1, "Current control 2": c2, "Midterm control 2": m2}
    row["Exam"] = exam
    if mark is not None:
        row["Mark"] = mark
    return row


def test_the_template_lists_the_students_with_their_values_and_a_hidden_version(world, users, client_for):
    sheet = make_sheet(world, users)
    row = sheet.rows.get(student=world.student)
    svc.sheet_cell_update(row=row, field="current1", value="72.5", version=1, actor=users["teacher"])
    wb = download(client_for("teacher"), sheet)
    ws = wb.worksheets[0]
    cols = header_index(ws)
    assert list(cols)[:2] == ["Student ID number", "Full name"]
    assert "Row version (do not change)" in cols
    assert ws.column_dimensions[ws.cell(row=1, column=cols["Row version (do not change)"]).column_letter].hidden
    lines = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert set(lines) == {p.student_number for p in world.extra["people"]}
    line = lines[world.student.student_number]
    assert ws.cell(row=line, column=cols["Full name"]).value == world.student.full_name
    assert ws.cell(row=line, column=cols["Current control 1"]).value == 72.5
    assert ws.cell(row=line, column=cols["Row version (do not change)"]).value == 2
    assert client_for("another_teacher").get(reverse("sheet_import_template", args=[sheet.pk])).status_code == 403


def test_a_filled_template_is_imported(world, users, client_for):
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    client = client_for("teacher")
    wb = download(client, sheet)
    fill_book(
        wb,
        {
            a.student_number: scores(70, 70, 80, 80, 90),
            b.student_number: scores(80, "80,5", 80, 80, 45),
            c.student_number: scores(80, 80, 80, 80, None, "no-show"),
        },
    )
    response = upload(client, sheet, wb)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = {r.student_id: r for r in SheetRow.objects.filter(sheet=sheet)}
    assert (rows[a.pk].score, rows[a.pk].letter, rows[a.pk].version) == (81, "B", 2)
    assert rows[b.pk].midterm1 == Decimal("80.5") and rows[b.pk].letter == "FX"
    assert rows[c.pk].mark == "no_show" and rows[c.pk].letter == "F"
    # The same file again changes nothing... and is refused, since every row's version moved.
    again = upload(client, sheet, wb)
    assert again.status_code == 400 and "someone changed this row" in again.content.decode()


def test_every_bad_row_is_reported_and_nothing_is_applied(world, users, client_for):
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    client = client_for("teacher")
    wb = download(client, sheet)
    fill_book(
        wb,
        {
            a.student_number: scores(70, 70, 80, 80, 90),  # good
            b.student_number: scores(101, 80, 80, 80, "7.555"),
            c.student_number: scores(80, 80, 80, 80, "abc", "sick"),
        },
    )
    ws = wb.worksheets[0]
    ws.append(["S9999999", "Unknown Person", 50, 50, 50, 50, 50, "", 1])
    response = upload(client, sheet, wb)
    assert response.status_code == 400
    html = response.content.decode()
    lines = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    for needle in (
        f"<td>{lines[b.student_number]}</td><td>current control 1</td><td>Enter a number from 0 to 100.</td>",
        f"<td>{lines[b.student_number]}</td><td>exam</td><td>At most two decimals.</td>",
        f"<td>{lines[c.student_number]}</td><td>exam</td><td>Enter a number from 0 to 100.</td>",
        "unknown mark “sick”",
        f"<td>{lines['S9999999']}</td><td></td><td>student S9999999 is not on this sheet</td>",
    ):
        assert needle in html, needle
    assert not SheetRow.objects.filter(sheet=sheet, current1__isnull=False).exists()  # not even the good row


def test_a_row_changed_since_the_download_is_named_and_refused(world, users, client_for):
    sheet = make_sheet(world, users)
    a, b, _c = world.extra["people"]
    client = client_for("teacher")
    wb = download(client, sheet)
    row = sheet.rows.get(student=b)
    svc.sheet_cell_update(row=row, field="current1", value="60", version=1, actor=users["registrar"])
    fill_book(wb, {a.student_number: scores(70, 70, 80, 80, 90), b.student_number: scores(90, 90, 90, 90, 90)})
    response = upload(client, sheet, wb)
    html = response.content.decode()
    assert response.status_code == 400 and b.full_name in html and "someone changed this row" in html
    row.refresh_from_db()
    assert row.current1 == Decimal(60)
    assert not SheetRow.objects.filter(sheet=sheet, student=a, current1__isnull=False).exists()


def test_teachers_follow_the_entry_windows_the_office_does_not(users, client_for):
    world = graded_world(users, windows=(PeriodKind.GRADE_ENTRY_1, PeriodKind.GRADE_ENTRY_2))
    opens = timezone.localdate() + datetime.timedelta(days=3)
    CalendarPeriod.objects.create(academic_year=world.term.academic_year, term=world.term,
                                  kind=PeriodKind.GRADE_ENTRY_EXAM, starts_on=opens,
                                  ends_on=opens + datetime.timedelta(days=3))  # fmt: skip
    sheet = make_sheet(world, users)
    a = world.extra["people"][0]
    teacher = client_for("teacher")
    wb = download(teacher, sheet)
    fill_book(wb, {a.student_number: scores(70, 70, 80, 80, 90)})
    response = upload(teacher, sheet, wb)
    assert response.status_code == 400
    assert "opens on " + opens.strftime("%d.%m.%Y") in response.content.decode()
    fill_book(wb, {a.student_number: scores(70, 70, 80, 80, None)})  # the exam left empty: no change, allowed
    assert upload(teacher, sheet, wb).status_code == 302
    office = client_for("registrar")
    wb = download(office, sheet)
    fill_book(wb, {a.student_number: {"Exam": 90}})
    assert upload(office, sheet, wb).status_code == 302
    assert sheet.rows.get(student=a).letter == "B"


def test_an_fx_retake_template_has_only_the_exam(world, users, client_for):
    sheet = make_sheet(world, users)
    retake = Sheet.objects.create(number="FX-1", academic_year=sheet.academic_year, sequence=50, term=sheet.term,
                                  section=sheet.section, discipline=sheet.discipline, teacher=sheet.teacher,
                                  kind=SheetKind.FX_RETAKE, parent=sheet, control_form="exam",
                                  created_by=users["registrar"])  # fmt: skip
    SheetRow.objects.create(sheet=retake, student=world.student, r1=Decimal(80), r2=Decimal(80))
    ws = download(client_for("teacher"), retake).worksheets[0]
    assert list(header_index(ws)) == ["Student ID number", "Full name", "Exam", "Mark", "Row version (do not change)"]


def test_files_that_are_not_sheets_are_refused_and_closed_sheets_take_no_import(world, users, client_for):
    sheet = make_sheet(world, users)
    client = client_for("teacher")
    page = client.get(reverse("sheet_import", args=[sheet.pk]))
    assert page.status_code == 200 and "Download the template" in page.content.decode()
    bad = SimpleUploadedFile("sheet.xlsx", b"not a spreadsheet")
    response = client.post(reverse("sheet_import", args=[sheet.pk]), {"file": bad})
    assert response.status_code == 400 and "This is not an xlsx file" in response.content.decode()
    assert client_for("dean_office").get(reverse("sheet_import", args=[sheet.pk])).status_code == 403
    Sheet.objects.filter(pk=sheet.pk).update(status="submitted")
    assert client.get(reverse("sheet_import", args=[sheet.pk])).status_code == 302


def test_the_import_service_applies_all_or_nothing(world, users):
    sheet = make_sheet(world, users)
    a, b, _c = world.extra["people"]
    entries = [
        svc.ImportEntry(2, a.student_number, 1, {"current1": "70", "exam": "90"}),
        svc.ImportEntry(3, b.student_number, 1, {"current1": "-1"}),
    ]
    with pytest.raises(ImportFailed) as exc:
        svc.sheet_import_apply(sheet=sheet, entries=entries, actor=users["teacher"])
    assert [e.row for e in exc.value.errors] == [3]
    assert not SheetRow.objects.filter(sheet=sheet, current1__isnull=False).exists()
    applied = svc.sheet_import_apply(sheet=sheet, entries=entries[:1], actor=users["teacher"])
    assert (applied.rows, applied.cells) == (1, 2)
    assert sheet.rows.get(student=a).version == 2
