"""The summer term: registration through the study-plan services (final-year refusal, the summer cap,
only retakes / academic difference / re-study), the office confirming payments, summer sheets listing
only paid students, and a summer re-study being a new attempt that GPA counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from enrollment.choices import PlanItemKind, PlanStatus, ResultSource
from enrollment.models import PlanItem, Result, Section, Student, StudyPlan
from enrollment.services import registration as reg
from enrollment.services.record import NewResult, results_record
from grading.gpa_rules import GpaRow, gpa
from grading.models import Sheet, SheetKind
from grading.services import sheets
from grading.services.summer import summer_payment_confirm, summer_payments_confirm_bulk
from registrar.errors import DomainError
from tests.enrollment.factories_students import teacher_for
from tests.factories import DisciplineFactory
from tests.registration.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    world = build_world(users)
    today = timezone.localdate()
    CalendarPeriod.objects.create(
        academic_year=world.summer.academic_year,
        term=world.summer,
        kind=PeriodKind.REGISTRATION,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=3),
    )
    return world


def passed(users, student, discipline, score=60, letter="C-", points="1.67", term=None, ok=True):
    new = NewResult(
        student_id=student.pk,
        discipline_id=discipline.pk,
        term_id=term.pk if term else None,
        credits=discipline.credits,
        score=Decimal(score),
        letter=letter,
        points=Decimal(points),
        passed=ok,
    )
    return results_record(actor=users["registrar"], results=[new])[0]


def summer_plan(world, users):
    return reg.plan_open(student=world.student, term=world.summer, actor=users["student"])


def test_the_summer_term_is_not_for_final_year_students(world, users):
    d = DisciplineFactory(code="RS1")
    passed(users, world.student, d, term=world.autumn)
    Student.objects.filter(pk=world.student.pk).update(year_of_study=4)
    world.student.refresh_from_db()
    plan = summer_plan(world, users)
    with pytest.raises(DomainError, match="not open to final-year students"):
        reg.plan_item_add(plan=plan, discipline=d, actor=users["student"])


def test_only_retakes_difference_and_re_study(world, users):
    plan = summer_plan(world, users)
    restudy, retake, new = DisciplineFactory(code="RS1"), DisciplineFactory(code="RT1"), DisciplineFactory(code="NW1")
    passed(users, world.student, restudy, term=world.autumn)
    passed(users, world.student, retake, score=20, letter="F", points="0", term=world.autumn, ok=False)
    assert reg.plan_item_add(plan=plan, discipline=restudy, actor=users["student"]).kind == PlanItemKind.RESTUDY
    assert reg.plan_item_add(plan=plan, discipline=retake, actor=users["student"]).kind == PlanItemKind.RETAKE
    with pytest.raises(DomainError, match="academic debts, academic difference and re-study"):
        reg.plan_item_add(plan=plan, discipline=new, actor=users["student"])


def test_the_summer_credit_cap(world, users):
    plan = summer_plan(world, users)
    disciplines = [DisciplineFactory(code=f"RS{i}") for i in range(5)]
    for d in disciplines:
        passed(users, world.student, d, term=world.autumn)
    for d in disciplines[:4]:
        reg.plan_item_add(plan=plan, discipline=d, actor=users["student"])
    with pytest.raises(DomainError, match="above the maximum of 20"):
        reg.plan_item_add(plan=plan, discipline=disciplines[4], actor=users["student"])


# --- payment --------------------------------------------------------------------------------------------


def approved_summer_plan(world, users, student, discipline, section=None, status=PlanStatus.APPROVED):
    plan = StudyPlan.objects.create(
        student=student, term=world.summer, year_of_study=1, curriculum_term=None, status=status,
        approved_credits=discipline.credits if status in (PlanStatus.APPROVED, PlanStatus.LOCKED) else None,
    )  # fmt: skip
    PlanItem.objects.create(plan=plan, discipline=discipline, kind=PlanItemKind.RESTUDY, credits=discipline.credits,
                            section=section, added_by=users["registrar"])  # fmt: skip
    return plan


def test_the_office_confirms_a_payment_with_its_reference(world, users):
    plan = approved_summer_plan(world, users, world.student, DisciplineFactory())
    with pytest.raises(PermissionDenied):
        summer_payment_confirm(plan=plan, reference="KASPI-1", actor=users["adviser"])
    with pytest.raises(DomainError, match="payment reference"):
        summer_payment_confirm(plan=plan, reference="  ", actor=users["registrar"])
    confirmed = summer_payment_confirm(plan=plan, reference=" KASPI-1 ", actor=users["registrar"])
    assert confirmed.payment_reference == "KASPI-1" and confirmed.payment_confirmed_at is not None
    with pytest.raises(DomainError, match="already confirmed"):
        summer_payment_confirm(plan=plan, reference="KASPI-2", actor=users["registrar"])


def test_payment_is_for_summer_plans_that_are_submitted_or_approved(world, users):
    draft = approved_summer_plan(world, users, world.student, DisciplineFactory(), status=PlanStatus.DRAFT)
    with pytest.raises(DomainError, match="must be submitted or approved first"):
        summer_payment_confirm(plan=draft, reference="R1", actor=users["registrar"])
    spring = StudyPlan.objects.create(student=world.student, term=world.term, year_of_study=1, curriculum_term=2)
    with pytest.raises(DomainError, match="Only a summer-term plan"):
        summer_payment_confirm(plan=spring, reference="R1", actor=users["registrar"])


def test_bulk_confirmation_reports_each_refusal(world, users):
    a = approved_summer_plan(world, users, world.student, DisciplineFactory())
    b = approved_summer_plan(world, users, world.student_like(), DisciplineFactory(), status=PlanStatus.DRAFT)
    c = approved_summer_plan(world, users, world.student_like(), DisciplineFactory(), status=PlanStatus.SUBMITTED)
    confirmed, refused = summer_payments_confirm_bulk(
        plans=[a, b, c], reference="STATEMENT-7", actor=users["registrar"]
    )
    assert [p.pk for p in confirmed] == [a.pk, c.pk] and list(refused) == [b.pk]


def make_summer_section(world, users, discipline):
    return Section.objects.create(
        term=world.summer, discipline=discipline, language="ru", number=1, capacity=30,
        teacher=teacher_for(users["teacher"]),
    )  # fmt: skip


def test_summer_sheets_list_only_students_whose_payment_is_confirmed(world, users):
    d = DisciplineFactory(code="SUM1")
    section = make_summer_section(world, users, d)
    paid = approved_summer_plan(world, users, world.student, d, section)
    unpaid_student = world.student_like()
    unpaid = approved_summer_plan(world, users, unpaid_student, d, section)
    summer_payment_confirm(plan=paid, reference="R-1", actor=users["registrar"])
    report = sheets.sheets_create_for_term(term=world.summer, actor=users["registrar"])
    sheet = Sheet.objects.get(section=section)
    assert (report.created, report.rows, sheet.kind) == (1, 1, SheetKind.SUMMER)
    assert list(sheet.rows.values_list("student_id", flat=True)) == [world.student.pk]
    summer_payment_confirm(plan=unpaid, reference="R-2", actor=users["registrar"])
    again = sheets.sheets_create_for_term(term=world.summer, actor=users["registrar"])
    assert (again.created, again.rows) == (0, 1)
    assert set(sheet.rows.values_list("student_id", flat=True)) == {world.student.pk, unpaid_student.pk}


def test_regular_sheets_do_not_depend_on_payment(world, users):
    d = world.compulsory[0]
    section = world.section(d)
    plan = StudyPlan.objects.create(student=world.student, term=world.term, year_of_study=1, curriculum_term=2,
                                    status=PlanStatus.APPROVED, approved_credits=5)  # fmt: skip
    PlanItem.objects.create(plan=plan, discipline=d, kind=PlanItemKind.COMPULSORY, credits=5, section=section,
                            added_by=users["registrar"])  # fmt: skip
    assert sheets.sheets_create_for_term(term=world.term, actor=users["registrar"]).rows == 1


def test_a_summer_re_study_is_a_new_attempt_and_gpa_counts_the_latest(world, users):
    d = DisciplineFactory(code="SUM2")
    first = passed(users, world.student, d, score=60, letter="C-", points="1.67", term=world.autumn)
    section = make_summer_section(world, users, d)
    plan = approved_summer_plan(world, users, world.student, d, section)
    summer_payment_confirm(plan=plan, reference="R-9", actor=users["registrar"])
    sheets.sheets_create_for_term(term=world.summer, actor=users["registrar"])
    sheet = Sheet.objects.get(section=section)
    row = sheet.rows.get()
    for field, value in zip(sheets.SCORE_FIELDS, (90, 90, 90, 90, 95), strict=True):
        row.refresh_from_db()
        sheets.sheet_cell_update(row=row, field=field, value=value, version=row.version, actor=users["registrar"])
    sheets.sheet_submit(sheet=sheet, actor=users["registrar"])
    sheets.sheet_close(sheet=sheet, actor=users["registrar"])
    results = list(Result.objects.filter(student=world.student, discipline=d).order_by("attempt"))
    assert [(r.attempt, r.source, r.letter) for r in results] == [
        (1, ResultSource.SHEET, "C-"), (2, ResultSource.SUMMER, "A-")]  # fmt: skip
    assert results[0].pk == first.pk and results[1].term == world.summer
    rows = [GpaRow(r.discipline_id, r.attempt, r.credits, r.points, r.letter) for r in results]
    assert gpa(rows) == Decimal("3.67")
