"""Factories of the timetable tests: rooms, a time grid, sections with students' plans, and a
small hand-made term (`small_term`) and a small generated university (`generated_university`).
"""

import datetime
from dataclasses import dataclass, field

import factory

from enrollment.choices import PlanItemKind, PlanStatus
from enrollment.models import PlanItem, Section, StudyPlan
from scheduling.models import ClassPeriod, Room
from tests.academics.factories_calendar import year_with_terms
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    DepartmentFactory,
    StudentFactory,
    TeacherFactory,
    factory_actor,
)
from tests.factories import DisciplineFactory


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    building = "Бас ғимарат"
    number = factory.Sequence(lambda n: f"{100 + n}")
    capacity = 30
    kind = "classroom"
    features = factory.LazyFunction(list)


def make_grid(days=(1, 2, 3), periods=3, study_form="full_time") -> list[ClassPeriod]:
    """`periods` class periods of 50 minutes from 08:30, every 60 minutes, on `days`."""
    rows = []
    for day in days:
        for n in range(1, periods + 1):
            start = datetime.datetime(2000, 1, 1, 8, 30) + datetime.timedelta(hours=n - 1)
            rows.append(
                ClassPeriod.objects.create(
                    study_form=study_form,
                    day=day,
                    number=n,
                    starts_at=start.time(),
                    ends_at=(start + datetime.timedelta(minutes=50)).time(),
                )
            )
    return rows


def section(term, discipline, *, kind="lecture", number=1, capacity=30, teacher=None, parent=None, seats_taken=0):
    return Section.objects.create(
        term=term,
        discipline=discipline,
        kind=kind,
        language="ru",
        number=number,
        capacity=capacity,
        teacher=teacher,
        parent=parent,
        seats_taken=seats_taken,
    )


def plan_with(student, term, *items) -> StudyPlan:
    """A plan of `student` for `term`; each item (stream, practice group or None, lab subgroup or None)."""
    actor = factory_actor()
    plan = StudyPlan.objects.create(
        student=student, term=term, status=PlanStatus.APPROVED, year_of_study=1, curriculum_term=1, approved_credits=5
    )
    for stream, practice, lab in items:
        main = stream or practice
        PlanItem.objects.create(
            plan=plan,
            discipline=main.discipline,
            kind=PlanItemKind.COMPULSORY,
            credits=main.discipline.credits,
            section=main,
            practice_section=practice if stream else None,
            lab_section=lab,
            added_by=actor,
        )
    return plan


@dataclass
class SmallTerm:
    term: object
    teacher_a: object
    teacher_b: object
    hall: Room
    classroom: Room
    stream: Section  # D1 lectures: 2 a week, teacher A, 50 students
    practice: Section  # D1 practice group inside the stream: 1 a week, teacher B, 25 students
    other: Section  # D2 lectures: 1 a week, teacher A, 40 students
    students: list = field(default_factory=list)


def small_term(start_year=2031, students=2) -> SmallTerm:
    """3 sections, 2 rooms, a grid of 2 days x 3 periods; the students sit in all three sections.

    Teacher A gives 3 lessons, the students have 4: every lesson at its own time; the lectures need the
    hall (50 and 40 students), the practice group fits the classroom (25 <= 30)."""
    term = year_with_terms(start_year).terms.get(kind="autumn")
    department = DepartmentFactory()
    teacher_a, teacher_b = TeacherFactory(department=department), TeacherFactory(department=department)
    d1 = DisciplineFactory(department=department, hours_lecture=30, hours_practice=15, hours_self_with_teacher=35,
                           hours_self=70)  # fmt: skip
    d2 = DisciplineFactory(department=department, hours_lecture=15, hours_practice=0, hours_self_with_teacher=65,
                           hours_self=70)  # fmt: skip
    stream = section(term, d1, capacity=50, teacher=teacher_a)
    practice = section(term, d1, kind="practice", capacity=25, teacher=teacher_b, parent=stream)
    other = section(term, d2, capacity=40, teacher=teacher_a)
    hall = RoomFactory(number="A-1", capacity=60, kind="lecture_hall")
    classroom = RoomFactory(number="A-2", capacity=30, kind="classroom")
    make_grid(days=(1, 2), periods=3)
    group = AcademicGroupFactory()
    people = []
    for _ in range(students):
        student = StudentFactory(group=group, programme=group.programme)
        plan_with(student, term, (stream, practice, None), (other, None, None))
        people.append(student)
    return SmallTerm(term, teacher_a, teacher_b, hall, classroom, stream, practice, other, people)


def generated_university(start_year=2032, n_groups=3, per_group=5, disciplines=4):
    """A small generated university: `n_groups` academic groups of `per_group` students; each group
    takes `disciplines` disciplines, with one lecture stream per discipline for all groups and one
    practice group per academic group; a few teachers; lecture halls, classrooms and a computer lab;
    a grid of 5 days x 4 periods."""
    term = year_with_terms(start_year).terms.get(kind="autumn")
    department = DepartmentFactory()
    teachers = [TeacherFactory(department=department) for _ in range(4)]
    for i in range(2):
        RoomFactory(number=f"H-{i}", capacity=80, kind="lecture_hall")
    for i in range(4):
        RoomFactory(number=f"C-{i}", capacity=25, kind="classroom")
    RoomFactory(number="PC-1", capacity=25, kind="computer_lab")
    make_grid(days=(1, 2, 3, 4, 5), periods=4)
    groups = [AcademicGroupFactory() for _ in range(n_groups)]
    streams, practices = [], {}
    for k in range(disciplines):
        d = DisciplineFactory(department=department, hours_lecture=30, hours_practice=15, hours_self_with_teacher=35,
                              hours_self=70)  # fmt: skip
        stream = section(term, d, capacity=n_groups * per_group, teacher=teachers[k % len(teachers)])
        streams.append(stream)
        for g, group in enumerate(groups):
            practices[(k, group.pk)] = section(
                term, d, kind="practice", number=g + 1, capacity=per_group,
                teacher=teachers[(k + g + 1) % len(teachers)], parent=stream,
            )  # fmt: skip
    students = []
    for group in groups:
        for _ in range(per_group):
            student = StudentFactory(group=group, programme=group.programme)
            plan_with(student, term, *[(s, practices[(k, group.pk)], None) for k, s in enumerate(streams)])
            students.append(student)
    return term, groups, students
