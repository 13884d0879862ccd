"""Sections by the registrar's office: offering before registration (sized to the expected students,
idempotent), one section's validation, and the manual adjustments after formation — each refusal
leaves everything as it was, and seat counts always equal the students in the sections."""

import pytest
from django.core.exceptions import PermissionDenied

from enrollment.choices import PlanStatus, SectionKind, SectionStatus
from enrollment.models import PlanItem, Section
from enrollment.selectors_sections import section_count_mismatches, section_counts_consistent
from enrollment.services import sections as services
from enrollment.services.formation import sections_form
from registrar.errors import DomainError
from registrar.selectors import forget_university_settings, university_settings
from tests.enrollment.factories_students import TeacherFactory
from tests.factories import DisciplineFactory

from .factories_sections import cohort, lab_discipline, practice_only_discipline, teachers
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def consistent(world):
    assert section_counts_consistent(world.term), section_count_mismatches(world.term)
    return True


def seats(*sections):
    return [Section.objects.get(pk=s.pk).seats_taken for s in sections]


# --- offering before registration --------------------------------------------------------------------------


def test_opening_sections_sizes_them_to_the_expected_students_and_is_idempotent(world, users):
    for _ in range(130):
        world.student_like()
    for _ in range(10):
        world.student_like(language="kk")
    preview = services.offering_preview(world.term)
    assert preview.to_create > 0
    report = services.sections_open_for_term(term=world.term, actor=users["registrar"])
    # 130 + the two students of the world study in Russian: 132 → two streams of 66; Kazakh: 10 → one.
    ru = Section.objects.filter(term=world.term, discipline=world.compulsory[0], language="ru")
    assert sorted(ru.values_list("capacity", flat=True)) == [66, 66]
    kk = Section.objects.get(term=world.term, discipline=world.compulsory[0], language="kk")
    assert kk.capacity == 30  # never below the minimum of a stream: room for late registrations
    # Every alternative of the elective block gets sections: any student may choose it.
    assert Section.objects.filter(term=world.term, discipline=world.electives[2]).count() == 3
    assert all(s.kind == SectionKind.LECTURE and s.parent_id is None for s in Section.objects.all())
    assert report.created == Section.objects.count() == 5 * 3
    again = services.sections_open_for_term(term=world.term, actor=users["registrar"])
    assert again.created == 0 and again.skipped == 10
    assert Section.objects.count() == 15


def test_opening_skips_a_discipline_that_already_has_a_section(world, users):
    world.section(world.compulsory[0], capacity=25)
    report = services.sections_open_for_term(term=world.term, actor=users["registrar"])
    assert Section.objects.filter(discipline=world.compulsory[0]).count() == 1
    assert report.skipped == 1


def test_a_discipline_without_lectures_is_offered_as_practice_groups(world, users):
    from academics.models import CurriculumItem

    language = practice_only_discipline(code="KAZ2")
    CurriculumItem.objects.create(curriculum=world.curriculum, discipline=language, term=2)
    for _ in range(40):
        world.student_like()
    services.sections_open_for_term(term=world.term, actor=users["registrar"])
    groups = Section.objects.filter(discipline=language)
    assert {g.kind for g in groups} == {SectionKind.PRACTICE}
    assert sorted(g.capacity for g in groups) == [21, 21]  # 42 students, practice groups of at most 30


def test_only_the_office_opens_sections(world, users):
    with pytest.raises(PermissionDenied):
        services.sections_open_for_term(term=world.term, actor=users["teacher"])


# --- one section ----------------------------------------------------------------------------------------------


def create(world, users, **kw):
    defaults = {
        "actor": users["registrar"],
        "term": world.term,
        "discipline": world.compulsory[0],
        "language": "ru",
        "capacity": 60,
    }
    return services.section_create(**{**defaults, **kw})


def test_a_new_section_is_numbered_after_the_others(world, users):
    first, warnings = create(world, users)
    second, _w = create(world, users, capacity=200)
    assert (first.number, second.number) == (1, 2)
    assert warnings == [] and "above the maximum of 120" in _w[0]


def test_a_section_is_refused_for_a_term_where_its_discipline_is_not_taught(world, users):
    with pytest.raises(DomainError, match="in no approved curriculum for a autumn term"):
        create(world, users, term=world.autumn)
    stray = DisciplineFactory(code="STRAY1")
    with pytest.raises(DomainError, match="STRAY1 is in no approved curriculum"):
        create(world, users, discipline=stray)


def test_a_section_is_refused_in_a_language_nobody_needs(world, users):
    with pytest.raises(DomainError, match="needed in this term in Russian only, not in English"):
        create(world, users, language="en")


def test_an_inactive_teacher_is_refused(world, users):
    gone = TeacherFactory(is_active=False)
    with pytest.raises(DomainError, match="not an active teacher"):
        create(world, users, teacher=gone)
    assert not Section.objects.exists()


def test_inner_groups_follow_the_hours_of_the_discipline(world, users):
    stream, _w = create(world, users)
    with pytest.raises(DomainError, match="belongs inside a section"):
        create(world, users, kind=SectionKind.PRACTICE)
    group, _w = create(world, users, kind=SectionKind.PRACTICE, parent=stream, capacity=30)
    assert group.parent_id == stream.pk and group.number == 1
    with pytest.raises(DomainError, match="cannot be part of"):
        create(world, users, kind=SectionKind.LAB, parent=group, capacity=12)  # CMP1 has no labs


def test_capacity_never_below_the_students_and_above_the_bound_only_warned(world, users):
    cohort(world, 40)
    sections_form(term=world.term, actor=users["registrar"])
    stream = Section.objects.get(discipline=world.compulsory[0], kind=SectionKind.LECTURE)
    with pytest.raises(DomainError, match="has 40 students: the capacity cannot be below that"):
        services.section_set_capacity(actor=users["registrar"], section=stream, capacity=39)
    assert Section.objects.get(pk=stream.pk).capacity == 120
    _s, warnings = services.section_update(
        actor=users["registrar"], section=stream, capacity=150, teacher=None, note="big hall"
    )
    assert "above the maximum of 120" in warnings[0]
    assert Section.objects.get(pk=stream.pk).capacity == 150


def test_changing_the_teacher_needs_an_active_one(world, users):
    stream, _w = create(world, users)
    teacher = TeacherFactory()
    services.section_set_teacher(actor=users["registrar"], section=stream, teacher=teacher)
    assert Section.objects.get(pk=stream.pk).teacher_id == teacher.pk
    teacher.is_active = False
    teacher.save()
    with pytest.raises(DomainError, match="not an active teacher"):
        services.section_set_teacher(actor=users["registrar"], section=stream, teacher=teacher)


def test_a_section_with_students_is_not_cancelled(world, users):
    cohort(world, 35)
    sections_form(term=world.term, actor=users["registrar"])
    stream = Section.objects.get(discipline=world.compulsory[0], kind=SectionKind.LECTURE)
    with pytest.raises(DomainError, match="has students \\(35\\). Move them"):
        services.section_cancel(actor=users["registrar"], section=stream)
    empty, _w = create(world, users, discipline=world.compulsory[1])
    services.section_cancel(actor=users["registrar"], section=empty)
    assert Section.objects.get(pk=empty.pk).status == SectionStatus.CANCELLED


# --- adjustments after formation --------------------------------------------------------------------------------


@pytest.fixture
def formed(world, users):
    """50 students of a lab discipline in academic groups of 10: one stream, practice groups of 30 and
    20 (groups kept whole), lab subgroups of 10."""
    lab = lab_discipline(code="LABM")
    cohort(world, 50, group_size=10, extra=[lab])
    teachers(lab.department, 2)
    sections_form(term=world.term, actor=users["registrar"])
    world.extra["lab"] = lab
    return world


def practice_groups(world):
    return list(Section.objects.filter(discipline=world.extra["lab"], kind=SectionKind.PRACTICE).order_by("number"))


def labs_of(group):
    return list(Section.objects.filter(parent=group, kind=SectionKind.LAB).order_by("number"))


def test_the_formed_structure(formed):
    p1, p2 = practice_groups(formed)
    assert seats(p1, p2) == [30, 20]
    assert seats(*labs_of(p1)) == [10, 10, 10] and seats(*labs_of(p2)) == [10, 10]


def test_a_student_moves_between_practice_groups_of_the_stream_with_their_lab(formed, users):
    p1, p2 = practice_groups(formed)
    item = PlanItem.objects.filter(practice_section=p1).first()
    services.item_move(actor=users["registrar"], item=item, target=p2)
    item.refresh_from_db()
    assert item.practice_section_id == p2.pk
    assert item.lab_section.parent_id == p2.pk  # the lab subgroup moved along
    assert seats(p1, p2) == [29, 21]
    assert sorted(seats(*labs_of(p2))) == [10, 11]
    assert consistent(formed)


def test_a_move_into_a_full_group_is_refused_and_nothing_changes(formed, users):
    p1, p2 = practice_groups(formed)
    item = PlanItem.objects.filter(practice_section=p2).first()
    before = (item.practice_section_id, item.lab_section_id)
    with pytest.raises(DomainError, match="is full \\(30 of 30 seats\\)"):
        services.item_move(actor=users["registrar"], item=item, target=p1)
    item.refresh_from_db()
    assert (item.practice_section_id, item.lab_section_id) == before
    assert seats(p1, p2) == [30, 20]
    assert consistent(formed)


def test_a_move_whose_lab_subgroups_are_full_is_refused_and_nothing_changes(formed, users):
    p1, p2 = practice_groups(formed)
    for lab in labs_of(p2):
        Section.objects.filter(pk=lab.pk).update(capacity=lab.seats_taken)
    item = PlanItem.objects.filter(practice_section=p1).first()
    with pytest.raises(DomainError, match="No lab subgroup of .* has a free seat"):
        services.item_move(actor=users["registrar"], item=item, target=p2)
    assert seats(p1, p2) == [30, 20]
    assert consistent(formed)


def test_a_move_outside_the_stream_or_the_group_is_refused(formed, users):
    p1, p2 = practice_groups(formed)
    item = PlanItem.objects.filter(practice_section=p1).first()
    with pytest.raises(DomainError, match="is part of .*and the student is not in it"):
        services.item_move(actor=users["registrar"], item=item, target=labs_of(p2)[0])
    with pytest.raises(DomainError, match="through their study plan"):
        services.item_move(actor=users["registrar"], item=item, target=p1.parent)
    with pytest.raises(DomainError, match="already in"):
        services.item_move(actor=users["registrar"], item=item, target=p1)
    other = Section.objects.filter(discipline=formed.compulsory[0], kind=SectionKind.PRACTICE).first()
    with pytest.raises(DomainError, match="is not a section of LABM"):
        services.item_move(actor=users["registrar"], item=item, target=other)
    assert consistent(formed)


def test_two_practice_groups_merge_within_the_maximum_only(formed, users):
    p1, p2 = practice_groups(formed)
    with pytest.raises(DomainError, match="together have 50 students, more than the maximum of 30"):
        services.sections_merge(actor=users["registrar"], target=p1, other=p2)
    assert seats(p1, p2) == [30, 20]
    settings = university_settings()
    settings.practice_group_max_size = 60
    settings.save()
    forget_university_settings()
    merged = services.sections_merge(actor=users["registrar"], target=p1, other=p2)
    assert merged.seats_taken == 50 and merged.capacity == 50
    assert Section.objects.get(pk=p2.pk).status == SectionStatus.CANCELLED
    # The lab subgroups of p2 now sit inside p1, with their students.
    assert seats(*labs_of(p1)) == [10, 10, 10, 10, 10]
    assert consistent(formed)
    with pytest.raises(DomainError, match="not groups of the same kind in the same stream"):
        services.sections_merge(actor=users["registrar"], target=p1, other=p1.parent)


def test_splitting_a_group_keeps_its_lab_subgroups_whole(formed, users):
    p1, _p2 = practice_groups(formed)
    parts = services.section_split(actor=users["registrar"], section=p1, parts=2)
    assert [p.seats_taken for p in parts] == [20, 10]
    assert parts[0].pk == p1.pk and parts[1].number == 3 and parts[1].parent_id == p1.parent_id
    for part in parts:
        labs = labs_of(part)
        assert all(lab.seats_taken == 10 for lab in labs) and len(labs) == part.seats_taken // 10
        lab_ids = set(PlanItem.objects.filter(practice_section=part).values_list("lab_section_id", flat=True))
        assert lab_ids == {lab.pk for lab in labs}
    assert consistent(formed)


def test_a_split_below_the_minimum_is_refused(formed, users):
    p1, _p2 = practice_groups(formed)
    with pytest.raises(DomainError, match="a part would have fewer than the minimum of 10"):
        services.section_split(actor=users["registrar"], section=p1, parts=4)
    assert len(practice_groups(formed)) == 2
    assert consistent(formed)


def test_a_stream_splits_into_two_with_its_practice_groups(world, users):
    cohort(world, 90, group_size=30)
    sections_form(term=world.term, actor=users["registrar"])
    stream = Section.objects.get(discipline=world.compulsory[0], kind=SectionKind.LECTURE)
    parts = services.section_split(actor=users["registrar"], section=stream, parts=2)
    assert sorted(p.seats_taken for p in parts) == [30, 60]  # three practice groups of 30 stay whole
    for part in parts:
        for group in Section.objects.filter(parent=part):
            assert set(PlanItem.objects.filter(practice_section=group).values_list("section_id", flat=True)) == {
                part.pk
            }
    assert consistent(world)


def test_a_discipline_without_lectures_moves_students_between_its_groups(world, users):
    language = practice_only_discipline(code="KAZ3")
    cohort(world, 40, group_size=20, extra=[language])
    sections_form(term=world.term, actor=users["registrar"])
    g1, g2 = Section.objects.filter(discipline=language).order_by("number")
    item = PlanItem.objects.filter(section=g1).first()
    services.item_move(actor=users["registrar"], item=item, target=g2)
    assert seats(g1, g2) == [19, 21]
    assert consistent(world)


def test_teachers_and_students_cannot_adjust(formed, users):
    p1, p2 = practice_groups(formed)
    item = PlanItem.objects.filter(practice_section=p1).first()
    for name in ("teacher", "student", "adviser", "dean_office"):
        with pytest.raises(PermissionDenied):
            services.item_move(actor=users[name], item=item, target=p2)
        with pytest.raises(PermissionDenied):
            services.sections_merge(actor=users[name], target=p1, other=p2)
        with pytest.raises(PermissionDenied):
            services.section_split(actor=users[name], section=p1)
        with pytest.raises(PermissionDenied):
            services.section_set_capacity(actor=users[name], section=p1, capacity=25)
    assert seats(p1, p2) == [30, 20]


def test_a_move_leaves_the_plan_as_it_is(formed, users):
    p1, p2 = practice_groups(formed)
    item = PlanItem.objects.filter(practice_section=p1).select_related("plan").first()
    services.item_move(actor=users["registrar"], item=item, target=p2)
    item.plan.refresh_from_db()
    assert item.plan.status == PlanStatus.APPROVED
