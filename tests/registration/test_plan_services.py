"""Study plans through the services: required items, every check of RULES.md §7 with its message,
the adviser's review, add/drop, locking and overrides."""

import datetime

import pytest
from django.utils import timezone

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from enrollment.choices import PlanItemKind, PlanStatus, RegistrationRule, StudentStatus
from enrollment.models import PlanItem, Result, Section, StudyPlan
from enrollment.services import registration as reg
from registrar.errors import DomainError
from registrar.models import Notice
from registrar.selectors import forget_university_settings, university_settings
from tests.factories import DisciplineFactory

from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def open_plan(world, users):
    return reg.plan_open(student=world.student, term=world.term, actor=users["student"])


def test_opening_a_plan_adds_the_compulsory_disciplines_once(world, users):
    plan = open_plan(world, users)
    assert plan.curriculum_term == 2 and plan.year_of_study == 1
    items = list(plan.items.values_list("discipline__code", "kind"))
    assert sorted(items) == [("CMP1", PlanItemKind.COMPULSORY), ("CMP2", PlanItemKind.COMPULSORY)]
    assert open_plan(world, users).pk == plan.pk
    assert plan.items.count() == 2


def test_failed_discipline_returns_as_a_retake_and_fx_does_not(world, users):
    failed, fx = DisciplineFactory(code="OLD1"), DisciplineFactory(code="OLD2")
    for d, letter in ((failed, "F"), (fx, "FX")):
        Result.objects.create(
            student=world.student,
            discipline=d,
            term=world.autumn,
            credits=5,
            score=20,
            letter=letter,
            points=0,
            passed=False,
            recorded_by=users["registrar"],
        )
    plan = open_plan(world, users)
    kinds = dict(plan.items.values_list("discipline__code", "kind"))
    assert kinds["OLD1"] == PlanItemKind.RETAKE
    assert "OLD2" not in kinds


def test_elective_choice_and_block_over_chosen(world, users):
    plan = open_plan(world, users)
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    assert item.kind == PlanItemKind.ELECTIVE and item.block == world.block
    with pytest.raises(DomainError, match="Block E2 allows 1 discipline"):
        reg.plan_item_add(plan=plan, discipline=world.electives[1], actor=users["student"])


def test_discipline_outside_the_curriculum_is_refused(world, users):
    plan = open_plan(world, users)
    with pytest.raises(DomainError, match="not in your curriculum"):
        reg.plan_item_add(plan=plan, discipline=DisciplineFactory(code="XX9"), actor=users["student"])


def test_credit_maximum_names_the_current_total(world, users):
    s = university_settings()
    s.registration_max_credits = 12
    s.registration_min_credits = 5
    s.save()
    forget_university_settings()
    plan = open_plan(world, users)
    with pytest.raises(DomainError, match="15 credits, above the maximum of 12 .* has 10 now"):
        reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])


def test_prerequisite_not_passed_is_named_and_a_fail_blocks(world, users):
    base = DisciplineFactory(code="BASE1", name_en="Foundations")
    world.electives[0].prerequisites.add(base)
    plan = open_plan(world, users)
    with pytest.raises(DomainError, match="needs BASE1 Foundations first"):
        reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    Result.objects.create(
        student=world.student,
        discipline=base,
        term=world.autumn,
        credits=5,
        score=40,
        letter="FX",
        points=0,
        passed=False,
        recorded_by=users["registrar"],
    )
    with pytest.raises(DomainError, match="which you have not passed"):
        reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    Result.objects.create(
        student=world.student,
        discipline=base,
        term=world.autumn,
        credits=5,
        score=70,
        letter="C+",
        points="2.33",
        passed=True,
        attempt=2,
        recorded_by=users["registrar"],
    )
    assert reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])


def test_window_closed_says_when_it_opens(users):
    world = build_world(users, window_open=False)
    plan = open_plan(world, users)
    opens = world.window.starts_on.strftime("%d.%m.%Y")
    with pytest.raises(DomainError, match=f"window is closed; it opens on {opens}"):
        reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])


def test_status_not_active_is_refused(world, users):
    world.student.status = StudentStatus.ON_LEAVE
    world.student.save()
    plan = open_plan(world, users)
    with pytest.raises(DomainError, match="Only active students register"):
        reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])


def test_section_full_offers_the_sections_with_seats(world, users):
    full = world.section(world.electives[0], capacity=1)
    other = world.section(world.electives[0], capacity=5)
    Section.objects.filter(pk=full.pk).update(seats_taken=1)
    plan = open_plan(world, users)
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    assert item.section is None  # two sections: the student chooses
    with pytest.raises(DomainError, match=rf"Section {full.code} is full. Sections with free seats: {other.code} \(5"):
        reg.plan_item_choose_section(item=item, section=full, actor=users["student"])
    reg.plan_item_choose_section(item=item, section=other, actor=users["student"])
    other.refresh_from_db()
    assert other.seats_taken == 1


def test_single_section_is_taken_and_freed_on_drop(world, users):
    section = world.section(world.electives[0], capacity=3)
    plan = open_plan(world, users)
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    assert item.section == section
    section.refresh_from_db()
    assert section.seats_taken == 1
    reg.plan_item_remove(item=item, actor=users["student"])
    section.refresh_from_db()
    assert section.seats_taken == 0


def test_wrong_language_is_refused_unless_overridden(world, users):
    kk = world.section(world.electives[0], language="kk")
    plan = open_plan(world, users)
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    with pytest.raises(DomainError, match="taught in Kazakh; your language of instruction is Russian"):
        reg.plan_item_choose_section(item=item, section=kk, actor=users["student"])
    reg.override_grant(
        student=world.student,
        term=world.term,
        rule=RegistrationRule.LANGUAGE,
        reason="Kazakh-track pilot",
        actor=users["registrar"],
    )
    reg.plan_item_choose_section(item=item, section=kk, actor=users["student"])


def test_required_item_cannot_be_dropped_by_the_student(world, users):
    plan = open_plan(world, users)
    item = plan.items.get(discipline=world.compulsory[0])
    with pytest.raises(DomainError, match="only the registrar's office can remove it"):
        reg.plan_item_remove(item=item, actor=users["student"])
    reg.plan_item_remove(item=item, actor=users["registrar"])


def test_submit_return_resubmit_approve(world, users):
    plan = open_plan(world, users)
    with pytest.raises(DomainError) as refused:
        reg.plan_submit(plan=plan, actor=users["student"])
    assert "Choose 1 more discipline in block E2." in refused.value.errors
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    plan = reg.plan_submit(plan=plan, actor=users["student"])
    assert plan.status == PlanStatus.SUBMITTED
    assert Notice.objects.filter(user=users["adviser"]).count() == 1
    with pytest.raises(DomainError, match="Withdraw the submission"):
        reg.plan_item_add(plan=plan, discipline=world.electives[1], actor=users["student"])
    with pytest.raises(DomainError, match="comment is required"):
        reg.plan_return(plan=plan, actor=users["adviser"], comment=" ")
    plan = reg.plan_return(plan=plan, actor=users["adviser"], comment="Take ELC2 instead")
    assert plan.status == PlanStatus.RETURNED
    notice = Notice.objects.get(user=users["student"])
    assert "returned" in notice.subject and notice.body == "Take ELC2 instead"
    reg.plan_item_remove(item=plan.items.get(discipline=world.electives[0]), actor=users["student"])
    reg.plan_item_add(plan=plan, discipline=world.electives[1], actor=users["student"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    reg.plan_submit(plan=plan, actor=users["student"])
    plan = reg.plan_approve(plan=plan, actor=users["adviser"])
    assert plan.status == PlanStatus.APPROVED and plan.approved_credits == 15


def test_another_adviser_cannot_review(world, users):
    from django.core.exceptions import PermissionDenied

    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    reg.plan_submit(plan=plan, actor=users["student"])
    with pytest.raises(PermissionDenied):
        reg.plan_approve(plan=plan, actor=users["another_adviser"])
    with pytest.raises(PermissionDenied):
        reg.plan_open(student=world.student, term=world.term, actor=users["another_student"])


def test_add_drop_share_after_approval(world, users):
    s = university_settings()
    s.add_drop_max_percent = 40  # 40% of 15 = 6 credits: one 5-credit change
    s.save()
    forget_university_settings()
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    reg.plan_submit(plan=plan, actor=users["student"])
    reg.plan_approve(plan=plan, actor=users["adviser"])
    today = timezone.localdate()
    CalendarPeriod.objects.filter(pk=world.window.pk).update(ends_on=today - datetime.timedelta(days=1))
    CalendarPeriod.objects.create(
        academic_year=world.term.academic_year,
        term=world.term,
        kind=PeriodKind.ADD_DROP,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    plan.refresh_from_db()
    reg.plan_item_remove(item=plan.items.get(discipline=world.electives[0]), actor=users["student"])
    with pytest.raises(DomainError, match="Add/drop allows changing 6 credits"):
        reg.plan_item_add(plan=plan, discipline=world.electives[1], actor=users["student"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.add_drop_credits == 5


def test_lock_after_the_window(world, users):
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    reg.plan_submit(plan=plan, actor=users["student"])
    reg.plan_approve(plan=plan, actor=users["adviser"])
    other = world.student_like()
    reg.plan_open(student=other, term=world.term, actor=users["registrar"])
    counts = reg.plans_lock(term=world.term, actor=users["registrar"], lock_anyway=True)
    assert counts == {"locked": 1, "draft": 1}
    plan.refresh_from_db()
    assert plan.status == PlanStatus.LOCKED
    with pytest.raises(DomainError, match="locked"):
        reg.plan_item_remove(item=plan.items.get(discipline=world.electives[0]), actor=users["registrar"])


def test_summer_term_is_not_for_final_year_students(world, users):
    world.student.year_of_study = 4
    world.student.save()
    plan = reg.plan_open(student=world.student, term=world.summer, actor=users["student"])
    assert plan.curriculum_term is None and not plan.items.exists()
    problems = reg.plan_problems(plan)
    assert any(p.rule == RegistrationRule.SUMMER for p in problems)


def test_problems_of_a_plan_take_a_bounded_number_of_queries(world, users, django_assert_max_num_queries):
    plan = open_plan(world, users)
    for i in range(6):
        d = DisciplineFactory(code=f"RT{i}")
        d.prerequisites.add(world.compulsory[0])
        PlanItem.objects.create(plan=plan, discipline=d, kind=PlanItemKind.RETAKE, credits=5, added_by=users["student"])
        world.section(d)
    plan = StudyPlan.objects.select_related("student__programme", "term__academic_year").get(pk=plan.pk)
    university_settings()
    with django_assert_max_num_queries(10):
        reg.plan_problems(plan)
