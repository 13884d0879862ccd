"""Formation of sections after registration, end to end on the database: streams, practice groups and
lab subgroups within the bounds of the settings (counted independently of the service), seats
consistent, a second run changing nothing, electives below the minimum cancelled with notices and
returned plans, compulsory disciplines never cancelled, teachers from the department."""

import math
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enrollment import sections_rules as rules
from enrollment.choices import PlanStatus, SectionKind, SectionStatus
from enrollment.models import PlanItem, Section, StudyPlan
from enrollment.selectors_sections import section_count_mismatches, section_counts_consistent
from enrollment.services import registration as reg
from enrollment.services.formation import formation_preview, sections_form
from registrar.models import Notice
from registrar.selectors import university_settings

from .factories_sections import cohort, lab_discipline, practice_only_discipline, teachers
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def form(world, users, name="registrar"):
    return sections_form(term=world.term, actor=users[name])


def items_of(discipline, term):
    return list(
        PlanItem.objects.filter(
            discipline=discipline, plan__term=term, plan__status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED]
        ).select_related("plan__student", "section", "practice_section", "lab_section")
    )


def open_sections(discipline, term, **kw):
    return list(Section.objects.filter(discipline=discipline, term=term, status=SectionStatus.OPEN, **kw))


def snapshot(term):
    sections = sorted(
        Section.objects.filter(term=term).values_list(
            "pk", "parent_id", "kind", "number", "teacher_id", "capacity", "seats_taken", "status"
        )
    )
    items = sorted(
        PlanItem.objects.filter(plan__term=term).values_list(
            "pk", "section_id", "practice_section_id", "lab_section_id"
        )
    )
    plans = sorted(StudyPlan.objects.filter(term=term).values_list("pk", "status"))
    return sections, items, plans


def test_streams_groups_and_subgroups_hold_the_bounds_and_keep_academic_groups(world, users):
    lab = lab_discipline(code="LAB1")
    cohort(world, 260, group_size=25, elective=world.electives[0], extra=[lab])  # 10 groups of 25 and one of 10
    cohort(world, 7, group_size=None, elective=world.electives[0], extra=[lab])  # students without a group
    assert form(world, users).changed
    for discipline in [*world.compulsory, world.electives[0], lab]:
        items = items_of(discipline, world.term)
        assert len(items) == 267
        streams = open_sections(discipline, world.term, parent__isnull=True)
        assert all(s.kind == SectionKind.LECTURE for s in streams)
        assert len(streams) == math.ceil(267 / 120) == 3
        by_stream = Counter(i.section_id for i in items)
        assert set(by_stream) == {s.pk for s in streams}
        assert all(30 <= n <= 120 for n in by_stream.values())
        assert max(by_stream.values()) - min(by_stream.values()) <= 25  # at most one academic group apart
        # An academic group sits in one stream.
        streams_of_group = defaultdict(set)
        for i in items:
            if i.plan.student.group_id:
                streams_of_group[i.plan.student.group_id].add(i.section_id)
        assert all(len(s) == 1 for s in streams_of_group.values())
        # Practice groups inside each stream, within 10–30, as few as the maximum allows.
        for stream in streams:
            members = [i for i in items if i.section_id == stream.pk]
            groups = Counter(i.practice_section_id for i in members)
            assert None not in groups
            assert all(Section.objects.get(pk=g).parent_id == stream.pk for g in groups)
            assert len(groups) == math.ceil(len(members) / 30)
            assert all(10 <= n <= 30 for n in groups.values())
        if discipline == lab:
            assert all(i.lab_section.parent_id == i.practice_section_id for i in items)
            for group, members in Counter(i.practice_section_id for i in items).items():
                subgroups = Counter(i.lab_section_id for i in items if i.practice_section_id == group)
                assert len(subgroups) == math.ceil(members / 12)
                assert all(n <= 12 for n in subgroups.values())
                if rules.feasible(members, 10, 12):
                    assert all(n >= 10 for n in subgroups.values())
        else:
            assert all(i.lab_section_id is None for i in items)
    assert section_counts_consistent(world.term), section_count_mismatches(world.term)


def test_a_second_run_changes_nothing(world, users):
    cohort(world, 80, elective=world.electives[0], extra=[lab_discipline(code="LAB2")])
    cohort(world, 12, elective=world.electives[1])
    teachers(world.compulsory[0].department, 2)
    first = form(world, users)
    assert first.changed
    before = snapshot(world.term)
    second = form(world, users)
    assert not second.changed
    assert second.created == {"lecture": 0, "practice": 0, "lab": 0}
    assert second.cancelled_electives == [] and second.teachers_assigned == 0
    assert snapshot(world.term) == before
    assert not formation_preview(world.term).changed


def test_an_elective_below_the_minimum_is_cancelled_and_its_students_asked_to_choose_again(world, users):
    cohort(world, 40, elective=world.electives[0])
    few = cohort(world, 12, elective=world.electives[1], with_users=True)
    locked = cohort(world, 3, elective=world.electives[1], status=PlanStatus.LOCKED, with_users=True)
    draft = cohort(world, 2, elective=world.electives[1], status=PlanStatus.DRAFT)
    # An offered section of the elective with seats already taken by the early choosers.
    offered = world.section(world.electives[1], capacity=40)
    PlanItem.objects.filter(discipline=world.electives[1]).update(section=offered)
    Section.objects.filter(pk=offered.pk).update(seats_taken=17)
    assert university_settings().stream_min_size == 30

    preview = formation_preview(world.term)
    assert [(c.code, c.students) for c in preview.cancelled_electives] == [("ELC2", 15)]  # approved + locked
    report = form(world, users)
    assert [(c.code, c.language, c.students) for c in report.cancelled_electives] == [("ELC2", "ru", 15)]
    assert not PlanItem.objects.filter(discipline=world.electives[1]).exists()
    offered.refresh_from_db()
    assert offered.status == SectionStatus.CANCELLED and offered.seats_taken == 0
    for plan in StudyPlan.objects.filter(pk__in=[p.pk for p in few + locked]):
        assert plan.status == PlanStatus.RETURNED
        assert plan.approved_credits is None and plan.locked_at is None
        assert "ELC2" in plan.adviser_comment
    for plan in StudyPlan.objects.filter(pk__in=[p.pk for p in draft]):
        assert plan.status == PlanStatus.DRAFT  # not counted, but the cancelled elective leaves it too
    assert report.plans_returned == 15 and report.items_removed == 17
    notices = Notice.objects.filter(user__in=[p.student.user for p in few + locked])
    assert notices.count() == 15
    assert all("ELC2" in n.subject and "choose another elective" in n.subject for n in notices)
    # The students keep their compulsory disciplines, placed in this run; the popular elective runs.
    returned_item = PlanItem.objects.get(plan=few[0], discipline=world.compulsory[0])
    assert returned_item.section_id is not None and returned_item.practice_section_id is not None
    assert open_sections(world.electives[0], world.term, parent__isnull=True)
    assert section_counts_consistent(world.term)


def test_compulsory_disciplines_below_the_minimum_are_never_cancelled(world, users):
    cohort(world, 12)
    report = form(world, users)
    assert report.cancelled_electives == []
    for d in world.compulsory:
        streams = open_sections(d, world.term, parent__isnull=True)
        assert [s.seats_taken for s in streams] == [12]
    assert any("fewer than the minimum of 30; it is the only one" in w for w in report.warnings)


def test_an_elective_that_runs_anyway_for_a_compulsory_stream_is_kept(world, users):
    # ELC3 is compulsory for 10 students of another curriculum and elective for 5 here: one stream of 15.
    other = cohort(world, 10, elective=None, extra=[world.electives[2]])
    mine = cohort(world, 5, elective=world.electives[2])
    report = form(world, users)
    assert report.cancelled_electives == []
    stream = open_sections(world.electives[2], world.term)[0]
    assert stream.seats_taken == 15 and len(other) + len(mine) == 15


def test_students_fill_offered_sections_before_new_ones(world, users):
    offered = world.section(world.compulsory[0], capacity=50)
    cohort(world, 100, group_size=20)
    report = form(world, users)
    offered.refresh_from_db()
    assert offered.seats_taken == 40  # two academic groups of 20 fit its 50 seats whole
    streams = open_sections(world.compulsory[0], world.term, parent__isnull=True)
    assert sorted(s.seats_taken for s in streams) == [40, 60]
    assert report.created[SectionKind.LECTURE] >= 1
    assert section_counts_consistent(world.term)


def test_a_small_offered_stream_is_merged_into_another(world, users):
    big = world.section(world.compulsory[0], capacity=60)
    small = world.section(world.compulsory[0], capacity=60)
    plans = cohort(world, 65, group_size=None)
    items = PlanItem.objects.filter(discipline=world.compulsory[0], plan__in=plans).order_by("pk")
    pks = list(items.values_list("pk", flat=True))
    PlanItem.objects.filter(pk__in=pks[:60]).update(section=big)
    PlanItem.objects.filter(pk__in=pks[60:]).update(section=small)
    Section.objects.filter(pk=big.pk).update(seats_taken=60)
    Section.objects.filter(pk=small.pk).update(seats_taken=5)
    report = form(world, users)
    big.refresh_from_db()
    small.refresh_from_db()
    assert small.status == SectionStatus.CANCELLED and small.seats_taken == 0
    assert big.seats_taken == 65 and big.capacity == 65  # raised within the maximum of 120
    assert report.capacities_raised == 1 and report.sections_cancelled >= 1
    assert section_counts_consistent(world.term)


def test_a_discipline_without_lectures_registers_into_practice_groups(world, users):
    language = practice_only_discipline(code="KAZ1")
    cohort(world, 45, group_size=15, extra=[language])
    form(world, users)
    top = open_sections(language, world.term, parent__isnull=True)
    assert {s.kind for s in top} == {SectionKind.PRACTICE}
    assert sorted(s.seats_taken for s in top) == [15, 30]  # 45 students, groups of 15 kept whole, ≤ 30 each
    items = items_of(language, world.term)
    assert all(i.section.kind == SectionKind.PRACTICE and i.practice_section_id is None for i in items)
    assert section_counts_consistent(world.term)


def test_teachers_come_from_the_department_balanced_and_a_department_without_any_is_reported(world, users):
    department = world.compulsory[0].department
    active = teachers(department, 2)
    teachers(department, 1, is_active=False)
    cohort(world, 100)
    report = form(world, users)
    mine = Section.objects.filter(discipline=world.compulsory[0], term=world.term, status=SectionStatus.OPEN)
    assert {s.teacher_id for s in mine} <= {t.pk for t in active}
    hours = Counter()
    for s in mine.select_related("discipline"):
        hours[s.teacher_id] += {"lecture": 15, "practice": 30, "lab": 0}[s.kind]
    assert max(hours.values()) - min(hours.values()) <= 30
    other = world.compulsory[1].department.code
    assert any(other in w and "No active teacher" in w for w in report.warnings)
    assert not Section.objects.filter(discipline=world.compulsory[1], teacher__isnull=False).exists()


def test_preview_writes_nothing(world, users):
    cohort(world, 50, elective=world.electives[1])
    before = snapshot(world.term)
    preview = formation_preview(world.term)
    assert preview.changed and not preview.applied
    assert preview.created[SectionKind.LECTURE] == 3  # two compulsory disciplines and the elective
    assert snapshot(world.term) == before


def test_only_the_registrars_office_forms_sections(world, users):
    cohort(world, 5)
    for name in ("teacher", "student", "adviser", "dean_office"):
        with pytest.raises(PermissionDenied):
            form(world, users, name)
    assert not Section.objects.exists()


def test_plans_in_draft_keep_their_seats_and_are_not_placed(world, users):
    stream = world.section(world.compulsory[0], capacity=40)
    plan = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    reg.plan_item_choose_section(
        item=plan.items.get(discipline=world.compulsory[0]), section=stream, actor=users["student"]
    )
    cohort(world, 30)
    form(world, users)
    item = plan.items.get(discipline=world.compulsory[0])
    assert item.section_id == stream.pk and item.practice_section_id is None
    assert item.plan.status == PlanStatus.DRAFT
    assert not plan.items.get(discipline=world.compulsory[1]).section_id
    stream.refresh_from_db()
    assert stream.seats_taken == 31
    assert section_counts_consistent(world.term)


@pytest.mark.parametrize("students", [60, 240])
def test_formation_reads_and_writes_in_a_bounded_number_of_queries(world, users, students):
    lab = lab_discipline(code="LABQ")
    cohort(world, students, elective=world.electives[0], extra=[lab])
    cohort(world, 10, elective=world.electives[1], with_users=True)
    teachers(world.compulsory[0].department, 3)
    with CaptureQueriesContext(connection) as ctx:
        report = form(world, users)
    assert report.changed
    # The same bound for 4× the students: bulk statements, no query per student or per section.
    # (History rows of the removed elective items are written one by one: 10 here, at most the
    # students of the cancelled electives, which the stream minimum bounds.)
    assert len(ctx.captured_queries) <= 60, len(ctx.captured_queries)


def test_formation_is_recorded_in_the_history_with_its_author(world, users):
    cohort(world, 35)
    form(world, users)
    item = PlanItem.objects.filter(discipline=world.compulsory[0]).first()
    last = item.history.order_by("-history_id").first()
    assert last.history_user == users["registrar"] and last.history_type == "~"
    assert last.section_id == item.section_id and last.practice_section_id == item.practice_section_id
    stream = item.section
    assert stream.history.first().history_user == users["registrar"]
