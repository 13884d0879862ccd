"""Corrections of closed sheets: the teacher or the office asks (old value shown, new value, reason),
the head of the registrar's office approves or rejects with a note. Nothing is deleted: the sheet shows
every request with its decision."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, policy

from .. import selectors_sheets as sel
from ..filters_sheets import CorrectionFilter
from ..forms import CorrectionDecideForm, CorrectionRequestForm
from ..models import Correction, CorrectionStatus, SheetRow, SheetStatus
from ..services import sheets as svc
from ..tables_sheets import CorrectionTable
from .sheets import sheet_for


@policy("sheet.view")
def correction_request(request, pk, row_pk):
    """The form for one row of a closed sheet: its current values, the cell, the new value and the reason."""
    sheet = sheet_for(request, pk, "sheet.correct")
    row = get_object_or_404(SheetRow.objects.select_related("student"), pk=row_pk, sheet=sheet)
    fields = sel.entry_fields(sheet)
    labels = sel.column_labels(sheet)
    initial = {"field": request.GET.get("field")} if request.GET.get("field") in fields else None
    form = CorrectionRequestForm(request.POST or None, row=row, fields=fields, labels=labels, initial=initial)
    if sheet.status != SheetStatus.CLOSED:
        messages.info(request, _("Only closed sheets are corrected this way; an open sheet is edited directly."))
        return redirect("sheet_detail", pk=sheet.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correction = svc.correction_request(
                row=row, field=data["field"], new_value=data["new_value"], reason=data["reason"], actor=request.user
            )
        except DomainError as exc:
            form.add_error("new_value" if exc.field == data["field"] else None, exc.message)
        else:
            messages.success(
                request,
                _("Correction requested: %(field)s of %(student)s, %(old)s → %(new)s. The head of the office decides.")
                % {
                    "field": labels[correction.field][0],
                    "student": row.student.full_name,
                    "old": correction.old_value or "—",
                    "new": correction.new_value or "—",
                },
            )
            return redirect("sheet_detail", pk=sheet.pk)
    return render(
        request,
        "grading/sheets/correction_request.html",
        {
            "sheet": sheet,
            "row": row,
            "form": form,
            "current": [(labels[f][0], row.get_mark_display() if f == "mark" else getattr(row, f)) for f in fields],
            "history": [c for c in sel.sheet_corrections(sheet) if c.row_id == row.pk],
        },
        status=400 if request.method == "POST" else 200,
    )


@policy("correction.decide")
def correction_list(request):
    """The head's queue: corrections awaiting approval first (the default filter)."""
    if not request.GET:
        return redirect(f"{request.path}?status={CorrectionStatus.PENDING}")
    return list_page(
        request,
        queryset=sel.correction_queue(),
        filterset_class=CorrectionFilter,
        table_class=CorrectionTable,
        template="grading/sheets/correction_list.html",
        export_name="sheet-corrections",
    )


@policy("correction.decide")
@require_POST
def correction_decide(request, pk):
    correction = get_for_user(request.user, "correction.decide", Correction.objects.select_related("row"), pk=pk)
    form = CorrectionDecideForm(request.POST)
    back = request.POST.get("next") or ""
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = None
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect(back or "correction_list")
    approve = form.cleaned_data["decision"] == CorrectionStatus.APPROVED
    try:
        svc.correction_decide(
            correction=correction, approve=approve, actor=request.user, note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Correction approved: the sheet and the record changed.") if approve else _(
            "Correction rejected."))  # fmt: skip
    return redirect(back or "correction_list")
