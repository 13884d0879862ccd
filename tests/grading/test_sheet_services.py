"""Sheets through the services: creation, entry by the own teacher in open windows, version conflicts,
submission, closing into the record, FX retake sheets, third failure, corrections."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from academics.choices import PeriodKind
from enrollment.models import Result
from grading.models import CorrectionStatus, Sheet, SheetKind, SheetStatus
from grading.services import sheets as svc
from registrar.errors import DomainError

from .world import graded_world, open_windows

pytestmark = pytest.mark.django_db


def fill(sheet, actor, values):
    """values: {student: (c1, m1, c2, m2, exam)}"""
    for row in sheet.rows.all():
        for field, value in zip(svc.SCORE_FIELDS, values[row.student_id], strict=True):
            row.refresh_from_db()
            svc.sheet_cell_update(row=row, field=field, value=value, version=row.version, actor=actor)


@pytest.fixture
def world(users):
    return graded_world(users)


def make_sheet(world, users):
    report = svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    assert report.created == 1 and report.rows == 3
    return Sheet.objects.get(section=world.extra["section"])


def test_sheet_per_section_is_numbered_and_idempotent(world, users):
    sheet = make_sheet(world, users)
    assert sheet.number == f"{world.term.academic_year.start_year}-00001"
    assert sheet.teacher == world.extra["teacher"]
    again = svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    assert again.created == 0 and again.rows == 0


def test_only_the_own_teacher_enters_grades(world, users):
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    with pytest.raises(PermissionDenied):
        svc.sheet_cell_update(row=row, field="current1", value="80", version=1, actor=users["another_teacher"])
    saved = svc.sheet_cell_update(row=row, field="current1", value="80,5", version=1, actor=users["teacher"])
    assert saved.row.current1 == Decimal("80.5") and saved.row.version == 2


def test_invalid_values_are_refused_with_a_reason(world, users):
    row = make_sheet(world, users).rows.first()
    for value, message in (("101", "from 0 to 100"), ("abc", "from 0 to 100"), ("50.555", "two decimals")):
        with pytest.raises(DomainError, match=message):
            svc.sheet_cell_update(row=row, field="exam", value=value, version=1, actor=users["teacher"])


def test_a_stale_version_never_overwrites(world, users):
    row = make_sheet(world, users).rows.first()
    svc.sheet_cell_update(row=row, field="current1", value="70", version=1, actor=users["teacher"])
    with pytest.raises(DomainError, match="the cell now holds 70"):
        svc.sheet_cell_update(row=row, field="current1", value="90", version=1, actor=users["registrar"])
    row.refresh_from_db()
    assert row.current1 == Decimal("70")


def test_closed_window_names_its_dates(users):
    world = graded_world(users, windows=(PeriodKind.GRADE_ENTRY_1,))
    row = make_sheet(world, users).rows.first()
    with pytest.raises(DomainError, match="Grade entry for this column is closed"):
        svc.sheet_cell_update(row=row, field="exam", value="70", version=1, actor=users["teacher"])


def test_submit_close_writes_results_and_opens_an_fx_retake(world, users):
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    fill(sheet, users["teacher"], {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 45), c.pk: (40, 40, 50, 50, 0)})
    sheet = svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    with pytest.raises(PermissionDenied):
        svc.sheet_close(sheet=sheet, actor=users["teacher"])
    closed = svc.sheet_close(sheet=sheet, actor=users["registrar"])
    assert closed.results == 3
    results = {r.student_id: r for r in Result.objects.all()}
    assert (results[a.pk].score, results[a.pk].letter, results[a.pk].passed) == (Decimal(81), "B", True)
    assert (results[b.pk].letter, results[b.pk].score) == ("FX", Decimal(49))
    assert (results[c.pk].letter, results[c.pk].score) == ("F", Decimal(27))
    retake = closed.retake_sheet
    assert retake.kind == SheetKind.FX_RETAKE and list(retake.rows.values_list("student_id", flat=True)) == [b.pk]
    with pytest.raises(DomainError, match="cannot be changed"):
        row = sheet.rows.get(student=a)
        svc.sheet_cell_update(row=row, field="exam", value="95", version=row.version, actor=users["registrar"])
    # The retake keeps the admission rating; only the exam is entered, in the FX-retake days.
    retake_row = retake.rows.get()
    assert retake_row.admission == Decimal("80.00")
    with pytest.raises(DomainError):
        svc.sheet_cell_update(row=retake_row, field="exam", value="70", version=1, actor=users["teacher"])
    open_windows(world.term, PeriodKind.FX_RETAKE)
    with pytest.raises(DomainError, match="only the exam is entered"):
        svc.sheet_cell_update(row=retake_row, field="current1", value="70", version=1, actor=users["teacher"])
    svc.sheet_cell_update(row=retake_row, field="exam", value="70", version=1, actor=users["teacher"])
    svc.sheet_submit(sheet=retake, actor=users["teacher"])
    svc.sheet_close(sheet=retake, actor=users["registrar"])
    latest = Result.objects.filter(student=b).order_by("-attempt").first()
    assert (latest.attempt, latest.letter, latest.score, latest.source) == (2, "B-", Decimal(76), "retake")


def test_submit_needs_every_row_final(world, users):
    sheet = make_sheet(world, users)
    with pytest.raises(DomainError, match="no final grade yet"):
        svc.sheet_submit(sheet=sheet, actor=users["teacher"])


def test_third_failure_is_flagged(world, users):
    a = world.extra["people"][0]
    for attempt in (1, 2):
        Result.objects.create(student=a, discipline=world.extra["discipline"], term=world.autumn, attempt=attempt,
                              credits=5, score=20, letter="F", points=0, passed=False,
                              recorded_by=users["registrar"])  # fmt: skip
    sheet = make_sheet(world, users)
    values = {p.pk: (80, 80, 80, 80, 80) for p in world.extra["people"]}
    values[a.pk] = (40, 40, 40, 40, 0)
    fill(sheet, users["teacher"], values)
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    assert svc.sheet_close(sheet=sheet, actor=users["registrar"]).flagged == [a.pk]


def test_correction_needs_the_head_and_changes_the_result(world, users):
    sheet = make_sheet(world, users)
    fill(sheet, users["teacher"], {p.pk: (70, 70, 80, 80, 90) for p in world.extra["people"]})
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    row = sheet.rows.get(student=world.student)
    with pytest.raises(DomainError, match="reason"):
        svc.correction_request(row=row, field="exam", new_value="100", reason="", actor=users["teacher"])
    correction = svc.correction_request(
        row=row, field="exam", new_value="100", reason="Arithmetic error on the paper", actor=users["teacher"]
    )
    assert correction.old_value == "90.00"
    with pytest.raises(PermissionDenied):
        svc.correction_decide(correction=correction, approve=True, actor=users["registrar"])
    svc.correction_decide(correction=correction, approve=True, actor=users["registrar_head"])
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    result = Result.objects.get(student=world.student)
    assert (result.score, result.letter) == (Decimal(85), "B+")  # 45 + 40
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.CLOSED
