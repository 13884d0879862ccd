"""Pages of the discipline catalogue: list, detail, create, edit, delete and the xlsx import.
Viewing needs "academics.view", changing "academics.manage"; every rule is in the services."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from registrar.policy import get_for_user, may, policy
from registrar.xlsx import XLSX_CONTENT_TYPE

from .. import imports
from ..filters_structure import DisciplineFilter
from ..forms_structure import CatalogueImportForm, DisciplineForm
from ..models import CurriculumItem, Discipline
from ..services import structure as services
from ..structure_rules import HOURS_FIELDS, credits_warning, hours_error
from ..tables_structure import DisciplineTable
from .structure import MANAGE, VIEW, delete_view, edit_view, list_view


@policy(VIEW)
def discipline_list(request):
    return list_view(
        request,
        queryset=Discipline.objects.select_related("department").prefetch_related(
            Prefetch("prerequisites", queryset=Discipline.objects.only("pk", "code"))
        ),
        filterset_class=DisciplineFilter,
        table_class=DisciplineTable,
        export_name="disciplines",
        title=gettext_lazy("Discipline catalogue"),
        create_url="discipline_create",
        extra={"import_url": reverse("discipline_import") if may(request.user, MANAGE) else None},
    )


@policy(VIEW)
def discipline_detail(request, pk):
    discipline = get_for_user(request.user, VIEW, Discipline.objects.select_related("department__faculty"), pk=pk)
    limits = services.settings_limits()
    hours = {name: getattr(discipline, name) for name in HOURS_FIELDS}
    usage = (
        CurriculumItem.objects.filter(discipline=discipline)
        .select_related("curriculum__programme", "block")
        .order_by("curriculum__programme__code", "-curriculum__intake_year", "-curriculum__version")
    )
    return render(
        request,
        "academics/structure/discipline_detail.html",
        {
            "discipline": discipline,
            "prerequisites": discipline.prerequisites.order_by("code"),
            "postrequisites": discipline.postrequisites.order_by("code"),
            "usage": usage,
            "expected_hours": discipline.credits * limits["hours_per_credit"],
            "problems": [
                p
                for p in (
                    hours_error(discipline.credits, hours, limits["hours_per_credit"]),
                    credits_warning(discipline.credits, limits["discipline_min_credits"]),
                )
                if p
            ],
            "can_manage": may(request.user, MANAGE),
        },
    )


# The running sum under the hours fields (filled in by the page's script).
_HOURS_SUM = {"hours_sum_template": gettext_lazy("Hours in total: %(total)s of %(expected)s.")}


def _discipline_form(request, instance=None):
    return DisciplineForm(
        request.POST or None,
        instance=instance,
        hours_per_credit=services.settings_limits()["hours_per_credit"],
    )


def _discipline_save(request, form, discipline=None):
    return services.discipline_save(
        actor=request.user,
        data=form.service_data(),
        prerequisites=list(form.cleaned_data["prerequisites"]),
        discipline=discipline,
    )


@policy(MANAGE)
def discipline_create(request):
    return edit_view(
        request,
        form=_discipline_form(request),
        save=lambda f: _discipline_save(request, f),
        title=_("New discipline"),
        done_url=lambda obj: reverse("discipline_detail", args=[obj.pk]),
        cancel_url=reverse("discipline_list"),
        template="academics/structure/discipline_form.html",
        extra=_HOURS_SUM,
    )


@policy(MANAGE)
def discipline_edit(request, pk):
    obj = get_for_user(request.user, MANAGE, Discipline.objects.all(), pk=pk)
    return edit_view(
        request,
        form=_discipline_form(request, obj),
        save=lambda f: _discipline_save(request, f, obj),
        title=_("Discipline %(code)s") % {"code": obj.code},
        done_url=lambda o: reverse("discipline_detail", args=[o.pk]),
        delete_url=reverse("discipline_delete", args=[obj.pk]),
        cancel_url=reverse("discipline_detail", args=[obj.pk]),
        template="academics/structure/discipline_form.html",
        extra=_HOURS_SUM,
    )


@policy(MANAGE)
@require_POST
def discipline_delete(request, pk):
    obj = get_for_user(request.user, MANAGE, Discipline.objects.all(), pk=pk)
    return delete_view(request, obj, reverse("discipline_list"))


@policy(MANAGE)
def discipline_import(request):
    """Upload the catalogue: every row is checked first; all errors are listed, or everything is applied."""
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.catalogue_import(actor=request.user, upload=form.cleaned_data["file"])
        except imports.ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Catalogue imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
    return render(
        request,
        "academics/structure/discipline_import.html",
        {"form": form, "errors": errors, "result": result, "columns": imports.catalogue_columns()},
    )


@policy(MANAGE)
def discipline_import_template(request):
    response = HttpResponse(imports.catalogue_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="discipline-catalogue-template.xlsx"'
    return response
