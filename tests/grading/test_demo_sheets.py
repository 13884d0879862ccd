"""The demo's grading (seeder "sheets"): closed sheets with results for the past terms, FX retakes,
GPA snapshots that match a fresh recomputation, the demo teacher's open and handed-in sheets of the
running term, and a rerun that changes nothing."""

import io

import pytest
from django.core.management import call_command

from enrollment.choices import ResultSource
from enrollment.models import PlanItem, Result, RuleOverride
from grading.models import GpaScope, GpaSnapshot, Sheet, SheetKind, SheetRow, SheetStatus
from grading.services.gpa import gpa_recompute

pytestmark = pytest.mark.django_db

STUDENTS = 30


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=out)
    return out.getvalue()


def counts():
    return (
        Sheet.objects.count(),
        SheetRow.objects.count(),
        Result.objects.count(),
        GpaSnapshot.objects.count(),
        RuleOverride.objects.count(),
    )


def test_the_demo_has_closed_sheets_results_gpa_and_the_teachers_open_sheets():
    out = seed()
    assert "sheets:" in out

    closed = Sheet.objects.filter(kind=SheetKind.REGULAR, status=SheetStatus.CLOSED)
    assert closed.exists()
    # Every final row of a closed sheet is a result in the record, pointing back at its row.
    rows = SheetRow.objects.filter(sheet__in=closed)
    written = set(Result.objects.filter(source=ResultSource.SHEET).values_list("source_ref", flat=True))
    assert set(rows.values_list("pk", flat=True)) == written
    assert Result.objects.filter(source=ResultSource.SHEET, passed=True).count() > 0.8 * rows.count()
    # FX rows went to a retake sheet, which was closed with its results.
    if rows.filter(outcome="fx").exists():
        assert Sheet.objects.filter(kind=SheetKind.FX_RETAKE, status=SheetStatus.CLOSED).exists()
        assert Result.objects.filter(source=ResultSource.RETAKE).exists()
    # Past plans' items sit in the streams the sheets were made for (or the record already had them).
    lifted = set(RuleOverride.objects.values_list("student_id", "term_id", "discipline_id"))
    outside = PlanItem.objects.filter(plan__term__in=closed.values("term"), section__isnull=True)
    assert {(i.plan.student_id, i.plan.term_id, i.discipline_id) for i in outside.select_related("plan")} <= lifted

    # GPA: every student with a result has a cumulative GPA, and it is what a recomputation gives.
    with_results = set(Result.objects.values_list("student_id", flat=True))
    assert with_results == set(
        GpaSnapshot.objects.filter(scope=GpaScope.CUMULATIVE).values_list("student_id", flat=True)
    )
    assert gpa_recompute() == 0

    # The demo teacher: an open sheet with grades entered, one handed in and awaiting the office.
    mine = Sheet.objects.filter(teacher__user__username="teacher", kind=SheetKind.REGULAR)
    open_sheet = mine.filter(status=SheetStatus.OPEN).order_by("number").first()
    assert open_sheet is not None
    assert open_sheet.rows.filter(current1__isnull=False).exists()
    assert open_sheet.rows.filter(outcome="incomplete").exists()
    submitted = mine.get(status=SheetStatus.SUBMITTED)
    assert submitted.submitted_by.username == "teacher"
    assert not submitted.rows.filter(outcome="incomplete").exists()

    # A second run changes nothing.
    before = counts()
    out = seed()
    assert "nothing to do" in out
    assert counts() == before
