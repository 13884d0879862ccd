"""Factories for the sections tests: cohorts of students with study plans in a given state, built in
bulk (no registration checks: the plans are as registration left them), disciplines with labs or
without lectures, and teachers of a department.

- `cohort(world, n, ...)`: n students of the world's curriculum in academic groups of `group_size`,
  each with a plan for the world's spring term holding the compulsory disciplines and `elective`.
- `lab_discipline()`, `practice_only_discipline()`: hours that make practice groups and lab subgroups.
- `teachers(department, k)`: k active teachers of a department.
"""

from django.db.models import Max

from enrollment.choices import PlanItemKind, PlanStatus
from enrollment.models import PlanItem, StudyPlan
from registrar.roles import Role
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    TeacherFactory,
    UserFactory,
    factory_actor,
)
from tests.factories import DisciplineFactory

COUNTED = (PlanStatus.APPROVED, PlanStatus.LOCKED)


def cohort(
    world,
    n: int,
    *,
    group_size: int | None = 25,
    language: str = "ru",
    elective=None,
    extra=(),
    status: str = PlanStatus.APPROVED,
    with_users: bool = False,
    term=None,
) -> list[StudyPlan]:
    """`n` first-year students in academic groups of `group_size` (None: no groups), with plans in
    `status` for `term` (the world's spring term) holding the compulsory disciplines, `elective` (in the
    world's block) and the disciplines of `extra` (as compulsory items)."""
    term = term or world.term
    actor = factory_actor()
    last = AcademicGroupFactory._meta.model.objects.aggregate(m=Max("number"))["m"] or 0
    students = []
    group = None
    for i in range(n):
        if group_size and i % group_size == 0:
            last += 1
            group = AcademicGroupFactory(
                programme=world.programme, intake_year=world.curriculum.intake_year, language=language, number=last
            )
        kwargs = {"group": group if group_size else None, "language": language}
        if with_users:
            kwargs["user"] = UserFactory(roles=[Role.STUDENT])
        students.append(world.student_like(**kwargs))
    approved = status in COUNTED
    disciplines = [(d, PlanItemKind.COMPULSORY, None) for d in [*world.compulsory, *extra]]
    if elective is not None:
        disciplines.append((elective, PlanItemKind.ELECTIVE, world.block))
    credits = sum(d.credits for d, _k, _b in disciplines)
    plans = StudyPlan.objects.bulk_create(
        StudyPlan(
            student=s,
            term=term,
            status=status,
            year_of_study=1,
            curriculum_term=2,
            approved_credits=credits if approved else None,
        )
        for s in students
    )
    PlanItem.objects.bulk_create(
        PlanItem(plan=p, discipline=d, kind=kind, block=block, credits=d.credits, added_by=actor)
        for p in plans
        for d, kind, block in disciplines
    )
    return plans


def lab_discipline(**kw):
    """Lectures, practice and labs: 15 + 15 + 15 + 35 + 70 = 150 hours = 5 credits."""
    defaults = {"hours_lecture": 15, "hours_practice": 15, "hours_lab": 15, "hours_self_with_teacher": 35}
    return DisciplineFactory(**{**defaults, **kw})


def practice_only_discipline(**kw):
    """No lectures: students register straight into practice groups (a language course)."""
    defaults = {"hours_lecture": 0, "hours_practice": 45, "hours_lab": 0, "hours_self_with_teacher": 35}
    return DisciplineFactory(**{**defaults, **kw})


def teachers(department, k: int, **kw) -> list:
    return [TeacherFactory(department=department, **kw) for _ in range(k)]
