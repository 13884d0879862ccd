"""Summer-term plans and their payments: the office's list (filters, xlsx) and the bulk confirmation."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from academics.choices import TermKind
from enrollment.models import StudyPlan
from registrar.listing import list_page
from registrar.policy import policy

from ..forms_mobility import PaymentBulkForm, SummerPlanFilter
from ..services.summer import summer_payments_confirm_bulk


class SummerPlanTable(tables.Table):
    select = tables.CheckBoxColumn(
        accessor="pk",
        exclude_from_export=True,
        attrs={"input": {"name": "plan", "form": "payment-form"}, "th__input": {"id": "select-all"}},
    )
    student = tables.LinkColumn(
        "plan_review",
        args=[tables.A("pk")],
        verbose_name=gettext_lazy("student"),
        accessor="student",
        order_by=("student__last_name", "student__first_name"),
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"), accessor="student__student_number")
    programme = tables.Column(verbose_name=gettext_lazy("educational programme"), accessor="student__programme__code")
    year_of_study = tables.Column(verbose_name=gettext_lazy("year"))
    term = tables.Column(verbose_name=gettext_lazy("term"), order_by=("term__starts_on",))
    status = tables.Column(verbose_name=gettext_lazy("plan status"))
    credits = tables.Column(verbose_name=gettext_lazy("credits"), default=0)
    payment_confirmed_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("payment confirmed at"), format="d.m.Y H:i", default="—"
    )
    payment_reference = tables.Column(verbose_name=gettext_lazy("payment reference"), default="—")

    class Meta:
        model = StudyPlan
        fields = [
            "select",
            "student",
            "student_number",
            "programme",
            "year_of_study",
            "term",
            "status",
            "credits",
            "payment_confirmed_at",
            "payment_reference",
        ]
        order_by = ("student",)
        attrs = {"class": "table table-sm table-hover", "id": "summer-plan-table"}


@policy("summer.payment")
def summer_plans(request):
    queryset = (
        StudyPlan.objects.filter(term__kind=TermKind.SUMMER)
        .select_related("student__programme", "term__academic_year")
        .annotate(credits=Sum("items__credits"))
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=SummerPlanFilter,
        table_class=SummerPlanTable,
        template="grading/mobility/summer_plans.html",
        export_name="summer-term-plans",
    )


@policy("summer.payment")
@require_POST
def summer_payments_confirm(request):
    back = request.POST.get("next")
    if not (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})):
        back = "summer_plans"
    form = PaymentBulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    plans = list(form.cleaned_data["plan"].select_related("student", "term__academic_year").order_by("pk"))
    confirmed, refused = summer_payments_confirm_bulk(
        plans=plans, reference=form.cleaned_data["reference"], actor=request.user
    )
    if confirmed:
        messages.success(
            request,
            ngettext("%(n)s payment confirmed.", "%(n)s payments confirmed.", len(confirmed)) % {"n": len(confirmed)},
        )
    for plan in plans:
        if plan.pk in refused:
            messages.error(
                request, _("%(student)s: %(reason)s") % {"student": plan.student, "reason": refused[plan.pk]}
            )
    return redirect(back)
