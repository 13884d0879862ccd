"""Registration refuses a section that clashes with the student's other sections in the published
timetable (issue 9 → issue 5): on adding a discipline, on moving to another section; the plan page
lists clashes among the sections already chosen; a draft timetable refuses nothing; an override
lifts the check."""

import pytest

from enrollment.choices import RegistrationRule
from enrollment.models import PlanItem
from enrollment.services import registration as reg
from registrar.errors import DomainError
from scheduling.models import ScheduledLesson, TimetableVersion
from tests.registration.world import build_world
from tests.scheduling.factories_timetable import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def timetable(world, users, placements, status="published"):
    """A version of the world's term with one lesson per (section, day, period)."""
    version = TimetableVersion.objects.create(
        term=world.term, study_form="full_time", status=status, created_by=users["registrar"], time_limit=10,
        solve_status="done",
    )  # fmt: skip
    for index, (section, day, period) in enumerate(placements):
        room = RoomFactory(capacity=100, kind="lecture_hall")  # one each: a clash is of students, not rooms
        ScheduledLesson.objects.create(version=version, section=section, index=index, day=day, period=period, room=room)
    return version


def chosen(world, users):
    """A plan whose first compulsory discipline sits in a section taught on Monday, period 1."""
    compulsory = world.section(world.compulsory[0], capacity=10)
    plan = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    item = PlanItem.objects.get(plan=plan, discipline=world.compulsory[0])
    if item.section_id is None:
        reg.plan_item_choose_section(item=item, section=compulsory, actor=users["student"])
    return plan, compulsory


def test_adding_a_clashing_section_is_refused_naming_both_and_the_time(world, users):
    plan, compulsory = chosen(world, users)
    clashing = world.section(world.electives[0], capacity=10)
    free = world.section(world.electives[0], capacity=10)
    timetable(world, users, [(compulsory, 1, 1), (clashing, 1, 1), (free, 2, 3)])
    with pytest.raises(DomainError) as refused:
        reg.plan_item_add(plan=plan, discipline=world.electives[0], section=clashing, actor=users["student"])
    message = refused.value.message
    assert clashing.code in message and compulsory.code in message and "Monday" in message and "period 1" in message
    clashing.refresh_from_db()
    assert clashing.seats_taken == 0 and not PlanItem.objects.filter(plan=plan, discipline=world.electives[0])
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], section=free, actor=users["student"])
    assert item.section == free
    # Moving into the clashing section is refused too; the seat stays where it was.
    with pytest.raises(DomainError, match="clashes with"):
        reg.plan_item_choose_section(item=item, section=clashing, actor=users["student"])
    free.refresh_from_db()
    assert free.seats_taken == 1 and PlanItem.objects.get(pk=item.pk).section_id == free.pk


def test_a_draft_timetable_refuses_nothing(world, users):
    plan, compulsory = chosen(world, users)
    clashing = world.section(world.electives[0], capacity=10)
    timetable(world, users, [(compulsory, 1, 1), (clashing, 1, 1)], status="draft")
    assert reg.plan_item_add(plan=plan, discipline=world.electives[0], section=clashing, actor=users["student"])


def test_an_override_lifts_the_clash(world, users):
    plan, compulsory = chosen(world, users)
    clashing = world.section(world.electives[0], capacity=10)
    timetable(world, users, [(compulsory, 1, 1), (clashing, 1, 1)])
    reg.override_grant(student=world.student, term=world.term, rule=RegistrationRule.CLASH,
                       reason="Лекции читаются в разные недели", actor=users["registrar"])  # fmt: skip
    assert reg.plan_item_add(plan=plan, discipline=world.electives[0], section=clashing, actor=users["student"])


def test_the_plan_lists_clashes_published_after_registration(world, users):
    plan, compulsory = chosen(world, users)
    other = world.section(world.electives[0], capacity=10)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], section=other, actor=users["student"])
    assert not [p for p in reg.plan_problems(plan) if p.rule == RegistrationRule.CLASH]
    timetable(world, users, [(compulsory, 3, 2), (other, 3, 2)])
    clashes = [p for p in reg.plan_problems(plan) if p.rule == RegistrationRule.CLASH]
    assert len(clashes) == 1 and "Wednesday" in clashes[0].message
