"""A term with approved plans, a section taught by the `teacher` fixture user, and grade-entry
windows open today: ready for sheets."""

import datetime

from django.utils import timezone

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from enrollment.choices import PlanStatus
from enrollment.models import PlanItem, Section, StudyPlan
from tests.enrollment.factories_students import teacher_for
from tests.registration.world import build_world


def open_windows(term, *kinds):
    today = timezone.localdate()
    for kind in kinds:
        CalendarPeriod.objects.create(
            academic_year=term.academic_year,
            term=term,
            kind=kind,
            starts_on=today - datetime.timedelta(days=2),
            ends_on=today + datetime.timedelta(days=2),
        )


def graded_world(users, *, students=3, windows=(PeriodKind.GRADE_ENTRY_1, PeriodKind.GRADE_ENTRY_2,
                                                 PeriodKind.GRADE_ENTRY_EXAM)):  # fmt: skip
    world = build_world(users)
    teacher = teacher_for(users["teacher"])
    discipline = world.compulsory[0]
    section = Section.objects.create(
        term=world.term, discipline=discipline, language="ru", number=1, capacity=50, teacher=teacher
    )
    people = [world.student] + [world.student_like() for _ in range(students - 1)]
    for student in people:
        plan = StudyPlan.objects.create(
            student=student,
            term=world.term,
            year_of_study=1,
            curriculum_term=2,
            status=PlanStatus.APPROVED,
            approved_credits=5,
        )
        PlanItem.objects.create(
            plan=plan,
            discipline=discipline,
            kind="compulsory",
            credits=discipline.credits,
            section=section,
            added_by=users["registrar"],
        )
    Section.objects.filter(pk=section.pk).update(seats_taken=len(people))
    open_windows(world.term, *windows)
    world.extra.update(section=section, discipline=discipline, people=people, teacher=teacher)
    return world
