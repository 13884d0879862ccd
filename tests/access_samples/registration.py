"""Samples for the registration URLs with arguments (study plans, their items, the review).

The sample plan belongs to the `student` fixture user's record, advised by the `adviser` fixture user
and in a faculty the `dean_office` fixture user reads. It is locked, so an allowed role's empty POST
changes nothing (the service refuses and the page answers with a redirect or the form again), while
the matrix proves that another student cannot post to it, another adviser cannot review it, and
teachers reach none of it.
"""

import datetime

OFFICE = {"registrar", "registrar_head", "administrator"}
SAMPLE_CODE = "ACCESS-PLAN"


def _plan(users):
    from academics.models import Discipline
    from enrollment.choices import PlanItemKind, PlanStatus
    from enrollment.models import PlanItem, StudyPlan
    from tests.academics.factories_calendar import year_with_terms
    from tests.enrollment.factories_students import dean_office_of
    from tests.factories import DisciplineFactory

    from .enrollment import _student

    student = _student(users)
    dean_office_of(users["dean_office"], student.programme.faculty)
    plan = StudyPlan.objects.filter(student=student, status=PlanStatus.LOCKED).first()
    if plan is None:
        term = year_with_terms(2031).terms.get(kind="spring")
        plan = StudyPlan.objects.create(
            student=student,
            term=term,
            year_of_study=1,
            curriculum_term=2,
            status=PlanStatus.LOCKED,
            approved_credits=5,
            submitted_at=datetime.datetime(2032, 1, 5, tzinfo=datetime.UTC),
        )
        discipline = Discipline.objects.filter(code=SAMPLE_CODE).first() or DisciplineFactory(code=SAMPLE_CODE)
        PlanItem.objects.create(
            plan=plan, discipline=discipline, kind=PlanItemKind.ELECTIVE, credits=5, added_by=users["registrar"]
        )
    return plan


def _plan_id(users):
    return {"plan_id": _plan(users).pk}


def _item_id(users):
    return {"item_id": _plan(users).items.first().pk}


STUDENT_AND_OFFICE = OFFICE | {"student"}
REVIEWERS = OFFICE | {"adviser"}

SAMPLES = {
    # POST-only: an allowed role gets 405 on GET, then its empty POST is refused (400 or a redirect).
    "plan_item_add": (_plan_id, STUDENT_AND_OFFICE),
    "plan_item_section": (_item_id, STUDENT_AND_OFFICE),
    "plan_item_remove": (_item_id, STUDENT_AND_OFFICE),
    "plan_submit": (_plan_id, STUDENT_AND_OFFICE),
    "plan_withdraw": (_plan_id, STUDENT_AND_OFFICE),
    "plan_review": (_plan_id, OFFICE | {"student", "adviser", "dean_office"}),
    "plan_approve": (_plan_id, REVIEWERS),
    "plan_return": (_plan_id, REVIEWERS),
}
