"""The adviser's side of registration: the advisees' plans of a term (list, filters, export, approve
the ticked ones), and the review page of one plan (the student, their record so far, the plan with its
problems; approve, or return with a comment). The office sees every student's plans the same way."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from academics.choices import PeriodKind
from academics.models import Term
from academics.services.calendar import period_next
from registrar.dates import academic_year_of
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import may, policy, require

from ..choices import PlanStatus, StudentStatus
from ..forms_registration import AdviseePlanFilter, ApproveForm, BulkApproveForm, ReturnForm
from ..models import PlanItem, Result, Student, StudyPlan
from ..services import registration as reg
from .plans import plan_display

REVIEW_RELATED = (
    "student__programme__faculty",
    "student__group",
    "student__adviser__user",
    "term__academic_year",
    "reviewed_by",
)


# --- the list ----------------------------------------------------------------------------------


def default_term() -> Term | None:
    """The term of a registration (or add/drop) window open today; else the nearest term not yet over
    that has plans; else the term of the next registration window; else the latest term."""
    today = timezone.localdate()
    terms = Term.objects.select_related("academic_year")
    open_now = (
        terms.filter(
            periods__kind__in=(PeriodKind.REGISTRATION, PeriodKind.ADD_DROP),
            periods__starts_on__lte=today,
            periods__ends_on__gte=today,
        )
        .order_by("starts_on")
        .first()
    )
    if open_now is not None:
        return open_now
    with_plans = terms.filter(ends_on__gte=today, plans__isnull=False).order_by("starts_on").first()
    if with_plans is not None:
        return with_plans
    upcoming = period_next(PeriodKind.REGISTRATION)
    if upcoming is not None:
        return upcoming.term
    return terms.order_by("-starts_on").first()


def advisees_with_plans(user, term: Term | None):
    """The students whose plans `user` reviews (the office: everyone), active or with a plan in
    `term`, with that plan's id, status, submission time and credits as columns (subqueries: one query)."""
    students = Student.objects.select_related("programme", "group")
    if not user.is_office:
        students = students.filter(adviser__user=user)
    plans = StudyPlan.objects.filter(student=OuterRef("pk"), term=term)
    credits = (
        PlanItem.objects.filter(plan__student=OuterRef("pk"), plan__term=term)
        .values("plan")
        .annotate(total=Sum("credits"))
        .values("total")
    )
    # In April students register for the next academic year: their year of study there is one more.
    offset = term.academic_year.start_year - academic_year_of(timezone.localdate()) if term is not None else 0
    return students.annotate(
        year_in_term=Greatest(F("year_of_study") + offset, Value(1)),
        plan_id=Subquery(plans.values("pk")[:1]),
        plan_status=Subquery(plans.values("status")[:1]),
        plan_submitted_at=Subquery(plans.values("submitted_at")[:1]),
        plan_credits=Subquery(credits[:1]),
    ).filter(Q(status=StudentStatus.ACTIVE) | Exists(plans))


class SubmittedPlanCheckBox(tables.CheckBoxColumn):
    """A tick box for plans waiting for review only."""

    def render(self, value, bound_column, record):
        if record.plan_status != PlanStatus.SUBMITTED:
            return ""
        return super().render(value, bound_column, record)


def _status_label(value) -> str:
    return str(PlanStatus(value).label) if value else str(_("no plan yet"))


class AdviseePlanTable(tables.Table):
    select = SubmittedPlanCheckBox(
        accessor="plan_id",
        default="",
        exclude_from_export=True,
        attrs={"input": {"name": "plan", "form": "approve-form"}, "th__input": {"id": "select-all"}},
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"))
    full_name = tables.Column(
        verbose_name=gettext_lazy("full name"),
        accessor="full_name",
        order_by=("last_name", "first_name", "patronymic"),
    )
    programme = tables.Column(verbose_name=gettext_lazy("educational programme"), accessor="programme__code")
    group = tables.Column(
        verbose_name=gettext_lazy("academic group"), accessor="group__name", order_by=("group__name",), default="—"
    )
    year_in_term = tables.Column(verbose_name=gettext_lazy("year of study"))
    plan_status = tables.Column(verbose_name=gettext_lazy("plan status"), empty_values=(), order_by=("plan_status",))
    plan_credits = tables.Column(verbose_name=gettext_lazy("credits"), default="—")
    plan_submitted_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("submitted at"), format="d.m.Y H:i", default="—"
    )

    class Meta:
        model = Student
        fields = [
            "select",
            "student_number",
            "full_name",
            "programme",
            "group",
            "year_in_term",
            "plan_status",
            "plan_credits",
            "plan_submitted_at",
        ]
        order_by = ("last_name", "first_name")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "advisee-plans"}
        row_attrs = {"data-plan-status": lambda record: record.plan_status or "none"}

    def render_full_name(self, value, record):
        if record.plan_id:
            return format_html('<a href="{}">{}</a>', reverse("plan_review", args=[record.plan_id]), value)
        return value

    def render_plan_status(self, value):
        css = {
            PlanStatus.SUBMITTED: "text-bg-warning",
            PlanStatus.APPROVED: "text-bg-success",
            PlanStatus.LOCKED: "text-bg-dark",
            PlanStatus.RETURNED: "text-bg-danger",
        }.get(value, "text-bg-secondary")
        return format_html('<span class="badge {}">{}</span>', css, _status_label(value))

    def value_plan_status(self, value):
        return _status_label(value)


@policy("plan.review")
def advisee_plans(request):
    """Every advisee with their plan of a term (default: the term of the open registration window)."""
    term = None
    term_id = request.GET.get("term", "")
    if term_id.isdigit():
        term = Term.objects.select_related("academic_year").filter(pk=term_id).first()
    term = term or default_term()

    def filterset(*args, **kwargs):
        return AdviseePlanFilter(*args, default_term=term, **kwargs)

    return list_page(
        request,
        queryset=advisees_with_plans(request.user, term),
        filterset_class=filterset,
        table_class=AdviseePlanTable,
        template="enrollment/plans/advisee_plans.html",
        export_name="study-plans",
        context={"term": term},
    )


def _back(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return reverse("advisee_plans")


@policy("plan.review")
@require_POST
def plans_bulk_approve(request):
    """Approve the ticked plans that pass their checks; report each refused one with its reason."""
    form = BulkApproveForm(request.POST)
    back = _back(request, request.POST.get("next"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    plans = list(form.cleaned_data["plan"].select_related("student__adviser", "term__academic_year"))
    mine = [p for p in plans if may(request.user, "plan.review", p.student)]
    for plan in plans:
        if plan not in mine:
            messages.error(
                request, _("%(student)s: not your advisee; the plan is left as it is.") % {"student": plan.student}
            )
    approved, refused = reg.plans_approve_bulk(plans=mine, actor=request.user)
    if approved:
        messages.success(
            request,
            ngettext("%(n)s plan is approved.", "%(n)s plans are approved.", len(approved)) % {"n": len(approved)},
        )
    for plan in mine:
        if plan.pk in refused:
            messages.error(
                request,
                _("%(student)s: not approved. %(reason)s") % {"student": plan.student, "reason": refused[plan.pk]},
            )
    return redirect(back)


# --- the review page ----------------------------------------------------------------------------


def record_by_term(student) -> list[dict]:
    """The student's results so far, grouped by term (results recognised from elsewhere first). One query.
    GPA stays empty until grading computes it."""
    results = (
        Result.objects.filter(student=student)
        .select_related("discipline", "term__academic_year")
        .order_by(F("term__starts_on").asc(nulls_first=True), "discipline__code", "attempt")
    )
    groups: list[dict] = []
    for result in results:
        if not groups or groups[-1]["term_id"] != result.term_id:
            groups.append({"term_id": result.term_id, "term": result.term, "rows": [], "credits": 0})
        groups[-1]["rows"].append(result)
        groups[-1]["credits"] += result.credits if result.passed else 0
    return groups


def _plan_for(request, plan_id, action: str) -> StudyPlan:
    plan = get_object_or_404(StudyPlan.objects.select_related(*REVIEW_RELATED), pk=plan_id)
    require(request.user, action, plan.student)
    return plan


def _review_page(request, plan: StudyPlan, *, return_form=None, approve_form=None, status: int = 200):
    reviewer = may(request.user, "plan.review", plan.student)
    context = plan_display(request, plan)
    context.update(
        {
            "record": record_by_term(plan.student),
            "reviewer": reviewer,
            "can_approve": reviewer and plan.status == PlanStatus.SUBMITTED,
            "can_return": reviewer and plan.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED),
            "approve_form": approve_form or ApproveForm(),
            "return_form": return_form or ReturnForm(),
            "show_card": may(request.user, "student.view", plan.student),
        }
    )
    return render(request, "enrollment/plans/review.html", context, status=status)


@policy("plan.view")
def plan_review(request, plan_id):
    """The plan as its adviser (or the office) reviews it; an adviser opening another's advisee gets 403."""
    plan = _plan_for(request, plan_id, "plan.view")
    return _review_page(request, plan)


@policy("plan.review")
@require_POST
def plan_approve(request, plan_id):
    plan = _plan_for(request, plan_id, "plan.review")
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _review_page(request, plan, approve_form=form)
    try:
        reg.plan_approve(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
    except DomainError as exc:
        for error in exc.errors:
            messages.error(request, error)
    else:
        messages.success(request, _("The plan of %(student)s is approved.") % {"student": plan.student})
    return redirect("plan_review", plan_id=plan.pk)


@policy("plan.review")
@require_POST
def plan_return(request, plan_id):
    plan = _plan_for(request, plan_id, "plan.review")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            reg.plan_return(plan=plan, actor=request.user, comment=form.cleaned_data["comment"])
        except DomainError as exc:
            if exc.field != "comment":
                for error in exc.errors:
                    messages.error(request, error)
                return redirect("plan_review", plan_id=plan.pk)
            form.add_error("comment", exc.message)
        else:
            messages.success(
                request, _("The plan is returned to %(student)s with your comment.") % {"student": plan.student}
            )
            return redirect("plan_review", plan_id=plan.pk)
    return _review_page(request, plan, return_form=form)
