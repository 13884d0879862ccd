"""Registers the student's and the adviser's registration pages: menu entries and dashboard panels
(called from EnrollmentConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation

REGISTRATION = _("Course registration")


def _my_plan_panel(request):
    """The student's latest plan and its status. Two queries at most."""
    from .models import StudyPlan
    from .policies import own_student

    student = own_student(request.user)
    plan = (
        StudyPlan.objects.filter(student=student).select_related("term__academic_year").order_by("-term__starts_on")
    ).first()
    return {"title": _("My study plan"), "plan": plan}


def _to_review_panel(request):
    """Submitted plans waiting for this adviser (the office: for anyone), and the term most of them are
    for, to link the list to. One query."""
    from django.db.models import Count

    from .choices import PlanStatus
    from .models import StudyPlan

    plans = StudyPlan.objects.filter(status=PlanStatus.SUBMITTED)
    if not request.user.is_office:
        plans = plans.filter(student__adviser__user=request.user)
    by_term = list(plans.values("term_id").annotate(n=Count("id")).order_by("-n", "-term_id"))
    return {
        "title": _("Study plans to review"),
        "term_id": by_term[0]["term_id"] if by_term else None,
        "submitted": sum(row["n"] for row in by_term),
    }


def setup():
    navigation.add(
        navigation.NavItem(_("My study plan"), "my_plan", "plan.own", section="", order=115),
        navigation.NavItem(_("Advisees' study plans"), "advisee_plans", "plan.review", section=REGISTRATION, order=400),
    )
    dashboard.add(
        dashboard.Panel(
            "my_plan", "enrollment/plans/panel_student.html", "plan.own", _my_plan_panel, order=15, width=4
        ),
        dashboard.Panel(
            "plans_to_review", "enrollment/plans/panel_adviser.html", "plan.review", _to_review_panel, order=26, width=4
        ),
    )
