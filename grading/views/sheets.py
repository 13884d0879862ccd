"""Exam-rating sheet pages: the list, creating the sheets of a term, the sheet with its grid, and the
submit / reopen / close buttons. The rules are the services' (grading.services.sheets)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enrollment.models import Student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from .. import selectors_sheets as sel
from ..filters_sheets import SheetFilter
from ..forms import ReopenForm, SheetsCreateForm
from ..models import RowMark, SheetKind, SheetStatus
from ..services import sheets as svc
from ..tables_sheets import SheetTable


def sheet_for(request, pk, action="sheet.view"):
    return get_for_user(request.user, action, sel.sheet_queryset(), pk=pk)


@policy("sheet.list")
def sheet_list(request):
    return list_page(
        request,
        queryset=sel.sheet_list_queryset(request.user),
        filterset_class=SheetFilter,
        table_class=SheetTable,
        template="grading/sheets/list.html",
        export_name="exam-rating-sheets",
        context={"can_manage": may(request.user, "sheet.manage")},
    )


@policy("sheet.manage")
def sheets_create(request):
    """Create the sheets of a term (the office) and show what was done."""
    form = SheetsCreateForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        term = form.cleaned_data["term"]
        try:
            report = svc.sheets_create_for_term(term=term, actor=request.user)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Sheets for %(term)s: %(created)s created, %(rows)s students added, %(existing)s already existed.")
                % {
                    "term": f"{term.academic_year} · {term.get_kind_display()}",
                    "created": report.created,
                    "rows": report.rows,
                    "existing": report.skipped_existing,
                },
            )
    return render(
        request,
        "grading/sheets/create.html",
        {"form": form, "report": report, "term": form.cleaned_data.get("term") if report else None},
    )


def detail_context(request, sheet, rows=None) -> dict:
    user = request.user
    rows = sel.decorate_rows(rows if rows is not None else sel.sheet_rows(sheet))
    columns = sel.grid(sheet, user, rows)
    open_ = sheet.status == SheetStatus.OPEN
    can_enter = may(user, "sheet.enter", sheet)
    manage = may(user, "sheet.manage", sheet)
    return {
        "sheet": sheet,
        "rows": rows,
        "columns": columns,
        "distribution": sel.letter_distribution(rows),
        "groups": sel.sheet_groups(rows),
        "derived": sel.derived_sheets(sheet),
        "corrections": sel.sheet_corrections(sheet),
        "can_edit": open_ and can_enter,
        "can_submit": open_ and can_enter,
        "can_import": open_ and can_enter,
        "can_reopen": sheet.status == SheetStatus.SUBMITTED and manage,
        "can_close": sheet.status == SheetStatus.SUBMITTED and manage,
        "can_correct": sheet.status == SheetStatus.CLOSED and may(user, "sheet.correct", sheet),
        "can_decide": may(user, "correction.decide"),
        "reopen_form": ReopenForm(),
        "is_fx": sheet.kind == SheetKind.FX_RETAKE,
        "marks": RowMark.choices,
    }


@policy("sheet.view")
@require_GET
def sheet_detail(request, pk):
    sheet = sheet_for(request, pk)
    return render(request, "grading/sheets/detail.html", detail_context(request, sheet))


@policy("sheet.view")
@require_POST
def sheet_submit(request, pk):
    sheet = sheet_for(request, pk, "sheet.enter")
    try:
        svc.sheet_submit(sheet=sheet, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sheet %(number)s submitted to the registrar's office.") % {"number": sheet.number})
    return redirect("sheet_detail", pk=sheet.pk)


@policy("sheet.manage")
@require_POST
def sheet_reopen(request, pk):
    sheet = sheet_for(request, pk, "sheet.manage")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for giving the sheet back."))
        return redirect("sheet_detail", pk=sheet.pk)
    try:
        svc.sheet_reopen(sheet=sheet, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Sheet %(number)s is open again for the teacher.") % {"number": sheet.number})
    return redirect("sheet_detail", pk=sheet.pk)


@policy("sheet.manage")
@require_POST
def sheet_close(request, pk):
    sheet = sheet_for(request, pk, "sheet.manage")
    try:
        closed = svc.sheet_close(sheet=sheet, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("sheet_detail", pk=sheet.pk)
    parts = [
        format_html(
            "{} ",
            _("Sheet %(number)s closed: %(n)s results written into the record.")
            % {"number": sheet.number, "n": closed.results},
        )
    ]
    if closed.retake_sheet:
        parts.append(
            format_html(
                '{} <a href="{}" id="retake-link">{}</a>. ',
                _("FX-retake sheet created:"),
                reverse("sheet_detail", args=[closed.retake_sheet.pk]),
                closed.retake_sheet.number,
            )
        )
    messages.success(request, format_html_join("", "{}", ((p,) for p in parts)))
    if closed.flagged:
        students = Student.objects.filter(pk__in=closed.flagged).order_by("last_name", "first_name")
        messages.warning(
            request,
            format_html(
                '<span id="flagged">{} {}</span>',
                _("Third unsatisfactory result (grounds for expulsion; the registrar's office was notified):"),
                ", ".join(f"{s.full_name} ({s.student_number})" for s in students),
            ),
        )
    return redirect("sheet_detail", pk=sheet.pk)
