"""Grade entry cell by cell (htmx): each cell is saved as it is typed.

The answer re-renders what the save changed, out of band: the edited cell (marked invalid with the
reason when the service refused it, nothing saved), the derived columns of the row (R1, R2,
admission, final score, letter, points, traditional grade), the row's new version and the letter
distribution. The other inputs of the row are left alone, so typing on in the next cell is never
overwritten. Without htmx the view answers with a message and a redirect back to the sheet.
"""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrar.errors import DomainError
from registrar.policy import policy

from .. import selectors_sheets as sel
from ..forms import CellForm
from ..models import RowMark, SheetRow
from ..services import sheets as svc
from .sheets import sheet_for


@policy("sheet.view")
@require_POST
def sheet_cell(request, pk):
    sheet = sheet_for(request, pk, "sheet.enter")
    form = CellForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Row, column, value and version are required."))
    data = form.cleaned_data
    row = get_object_or_404(SheetRow.objects.select_related("student__group"), pk=data["row"], sheet=sheet)
    field, raw = data["field"], data["value"]
    error = ""
    try:
        saved = svc.sheet_cell_update(row=row, field=field, value=raw, version=data["version"], actor=request.user)
    except DomainError as exc:
        error = str(exc.message)
        row.refresh_from_db()
    else:
        row = saved.row
    if not request.htmx:
        if error:
            messages.error(request, f"{row.student.full_name}: {error}")
        return redirect("sheet_detail", pk=sheet.pk)
    sheet.refresh_from_db(fields=["status"])
    rows = sel.decorate_rows(sel.sheet_rows(sheet))
    this = next(r for r in rows if r.pk == row.pk)
    sel.grid(sheet, request.user, [this])
    cell = next(c for c in this.cells if c["field"] == field)
    if error:
        cell = {**cell, "value": raw, "error": error, "editable": cell["editable"] or cell["entry"]}
    return render(
        request,
        "grading/sheets/_cell_response.html",
        {
            "sheet": sheet,
            "row": this,
            "cell": cell,
            "error": error,
            "distribution": sel.letter_distribution(rows),
            "marks": RowMark.choices,
        },
    )
