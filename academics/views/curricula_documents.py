"""Curriculum exports (xlsx, PDF), the curriculum import and the elective catalogue (КЭД)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy
from registrar.xlsx import XLSX_CONTENT_TYPE

from .. import exports_curricula as exports
from ..filters_curricula import ElectiveCatalogueFilter
from ..forms_curricula import CurriculumImportForm
from ..imports_curricula import ImportFailed, curriculum_import, template_bytes
from ..models import Curriculum
from ..selectors_curricula import elective_catalogue_blocks
from ..tables_curricula import ElectiveCatalogueTable

VIEW = "academics.view"
MANAGE = "academics.manage"


def _curriculum(request, pk):
    return get_for_user(request.user, VIEW, Curriculum.objects.select_related("programme", "approved_by"), pk=pk)


@policy(VIEW)
@require_GET
def curriculum_export_xlsx(request, pk):
    return exports.curriculum_xlsx_response(_curriculum(request, pk))


@policy(VIEW)
@require_GET
def curriculum_export_pdf(request, pk):
    return exports.curriculum_pdf_response(_curriculum(request, pk), language=request.GET.get("lang"))


@policy(MANAGE)
def curriculum_import_view(request):
    form = CurriculumImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = curriculum_import(
                actor=request.user,
                programme=data["programme"],
                intake_year=data["intake_year"],
                study_form=data["study_form"],
                language=data["language"],
                upload=data["file"],
            )
        except ImportFailed as exc:
            errors = [str(e) for e in exc.errors]
        except DomainError as exc:
            errors = list(exc.errors)
        else:
            messages.success(
                request,
                _("Imported %(items)s disciplines and %(blocks)s elective blocks into the draft.")
                % {"items": result.items, "blocks": result.blocks},
            )
            return redirect("curriculum_detail", pk=result.curriculum.pk)
    return render(
        request,
        "academics/curricula/curriculum_import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


@policy(MANAGE)
@require_GET
def curriculum_import_template(request):
    response = HttpResponse(template_bytes(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="curriculum_template.xlsx"'
    return response


@policy(VIEW)
def elective_catalogue(request):
    """The catalogue of elective disciplines (КЭД) of approved curricula: every block with its alternatives.

    Students are not given this page yet: they will read their own programme's catalogue once
    their study record (enrollment) exists.
    """
    return list_page(
        request,
        queryset=elective_catalogue_blocks(),
        filterset_class=ElectiveCatalogueFilter,
        table_class=ElectiveCatalogueTable,
        template="academics/curricula/elective_catalogue.html",
        export_name="elective_catalogue",
        context={"can_manage": may(request.user, MANAGE)},
    )
