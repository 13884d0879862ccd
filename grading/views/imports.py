"""Import of a filled-in sheet from xlsx: the template pre-filled with the sheet's students, and the upload
(checked line by line, then applied all or nothing)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registrar.errors import DomainError
from registrar.policy import policy
from registrar.xlsx import XLSX_CONTENT_TYPE

from .. import imports
from ..forms import SheetImportForm
from ..models import SheetStatus
from .sheets import sheet_for


@policy("sheet.view")
def sheet_import(request, pk):
    sheet = sheet_for(request, pk, "sheet.enter")
    form = SheetImportForm(request.POST or None, request.FILES or None)
    errors = []
    if sheet.status != SheetStatus.OPEN:
        messages.info(request, _("Only an open sheet takes an import."))
        return redirect("sheet_detail", pk=sheet.pk)
    if request.method == "POST" and form.is_valid():
        try:
            applied = imports.sheet_import(sheet=sheet, upload=form.cleaned_data["file"], actor=request.user)
        except imports.ImportFailed as exc:
            errors = exc.errors
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Imported: %(rows)s students changed (%(cells)s cells); unchanged rows were left alone.")
                % {"rows": applied.rows, "cells": applied.cells},
            )
            return redirect("sheet_detail", pk=sheet.pk)
    return render(
        request,
        "grading/sheets/import.html",
        {"sheet": sheet, "form": form, "errors": errors, "columns": imports.columns(sheet)},
        status=400 if request.method == "POST" else 200,
    )


@policy("sheet.view")
@require_GET
def sheet_import_template(request, pk):
    sheet = sheet_for(request, pk, "sheet.enter")
    response = HttpResponse(imports.template_bytes(sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="sheet-{sheet.number}.xlsx"'
    return response
