"""Strict-reporting blanks pages (RULES.md §9, order 502): the blanks and their stock, receiving a
batch under an act, writing a blank off as spoiled, and the stock and movement report of a period
(page, xlsx, PDF). The registrar's office only ("documents.manage"). Reads are in
transcripts/selectors_blanks.py, the rules in transcripts/services.py."""

from io import BytesIO

import django_tables2 as tables
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.pdf import pdf_response
from registrar.policy import policy
from registrar.xlsx import XLSX_CONTENT_TYPE, write_sheet

from . import selectors_blanks as sel
from . import services
from .forms_blanks import BlankFilter, BlankReportForm, ReceiveBlanksForm, SpoilForm
from .models import Blank

BATCHES_PER_PAGE = 20
# The report page lists at most this many issued (and spoiled) blanks; the xlsx and PDF list them all.
PAGE_LIST_LIMIT = 300
PDF_LANGUAGES = ("kk", "ru", "en")


class BlankTable(tables.Table):
    label = tables.LinkColumn(
        "blank_detail", args=[tables.A("pk")], verbose_name=gettext_lazy("series and number"),
        order_by=("series", "number"),
    )  # fmt: skip
    kind = tables.Column(verbose_name=gettext_lazy("blank"))
    status = tables.Column(verbose_name=gettext_lazy("status"))
    received_on = tables.DateColumn(
        verbose_name=gettext_lazy("received on"), accessor="batch__received_on", format="d.m.Y"
    )
    act_number = tables.Column(verbose_name=gettext_lazy("act of receipt"), accessor="batch__act_number")
    document = tables.Column(
        verbose_name=gettext_lazy("document"), accessor="document__number", order_by=("document__number",)
    )
    holder = tables.Column(verbose_name=gettext_lazy("holder"), accessor="document__holder_name")
    used_on = tables.DateColumn(verbose_name=gettext_lazy("issued or spoiled on"), format="d.m.Y")
    spoil_reason = tables.Column(verbose_name=gettext_lazy("reason it was spoiled"))
    actions = tables.TemplateColumn(
        template_name="transcripts/blanks/_spoil_action.html", verbose_name="", orderable=False,
        exclude_from_export=True,
    )  # fmt: skip

    class Meta:
        model = Blank
        fields = []
        attrs = {"class": "table table-sm table-hover", "id": "blank-table"}
        row_attrs = {"data-blank": lambda record: record.label, "data-status": lambda record: record.status}


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@policy("documents.manage")
def blank_list(request):
    batches = Paginator(sel.BATCHES.order_by("-received_on", "-id"), BATCHES_PER_PAGE).get_page(
        request.GET.get("batches")
    )
    return list_page(
        request,
        queryset=sel.BLANKS,
        filterset_class=BlankFilter,
        table_class=BlankTable,
        template="transcripts/blanks/list.html",
        export_name="blanks",
        context={"stock": sel.stock_summary(), "batches": batches},
    )


@policy("documents.manage")
def blank_detail(request, pk):
    try:
        blank = sel.blank_detail(pk)
    except Blank.DoesNotExist:
        raise Http404 from None
    return render(request, "transcripts/blanks/detail.html", {"blank": blank, "spoil_form": SpoilForm()})


@policy("documents.manage")
def blank_receive(request):
    form = ReceiveBlanksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.receive_blanks(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            for message in exc.errors:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Received %(n)s blanks: %(batch)s (act %(act)s).")
                % {"n": batch.size, "batch": batch, "act": batch.act_number},
            )
            return redirect("blank_list")
    return render(request, "transcripts/blanks/receive.html", {"form": form})


@policy("documents.manage")
@require_POST
def blank_spoil(request, pk):
    blank = Blank.objects.filter(pk=pk).first()
    if blank is None:
        raise Http404
    back = _next_url(request, default=reverse("blank_detail", args=[blank.pk]))
    form = SpoilForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason the blank is spoiled."))
        return redirect(back)
    try:
        spoiled = services.spoil_blank(actor=request.user, blank=blank, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Blank %(blank)s is written off as spoiled.") % {"blank": spoiled.label})
    return redirect(back)


# --- the report ------------------------------------------------------------------------------------


def _report_header() -> list[str]:
    return [
        _("blank"),
        _("series"),
        _("on hand at the start"),
        pgettext("blank movement", "received"),
        pgettext("blank movement", "issued"),
        pgettext("blank movement", "spoiled"),
        _("on hand at the end"),
    ]


def _document_cells(blank: Blank) -> list[str]:
    document = blank.document
    return [document.number, document.holder_name] if document else ["", ""]


def report_xlsx(report: sel.BlankReport) -> bytes:
    """Three sheets: the movement per kind and series with its totals line (values) below the filtered
    range, the blanks issued and the blanks spoiled in the period."""
    wb = Workbook(write_only=True)
    rows = ([line.kind_label, line.series, *line.figures] for line in report.lines)
    ws = write_sheet(wb, _("Stock and movement"), _report_header(), rows, widths=[26, 10, 14, 12, 12, 12, 14])
    bold = Font(bold=True)
    totals = []
    for value in [_("Total"), "", *report.total.figures]:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = bold
        totals.append(cell)
    ws.append(totals)
    write_sheet(
        wb,
        _("Issued"),
        [_("series and number"), _("blank"), _("document"), _("holder"), _("issued on")],
        ([b.label, b.get_kind_display(), *_document_cells(b), b.used_on] for b in report.issued),
        widths=[18, 24, 18, 40, 12],
    )
    write_sheet(
        wb,
        _("Spoiled"),
        [_("series and number"), _("blank"), _("reason it was spoiled"), _("spoiled on")],
        ([b.label, b.get_kind_display(), b.spoil_reason, b.used_on] for b in report.spoiled),
        widths=[18, 24, 50, 12],
    )
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _report_context(report: sel.BlankReport) -> dict:
    return {"report": report, "printed_on": timezone.localdate()}


@policy("documents.manage")
def blank_report(request):
    form = BlankReportForm(request.GET or None)
    start, end = form.period()
    report = sel.blank_report(start, end)
    name = f"blanks-{start.isoformat()}-{end.isoformat()}"
    export = request.GET.get("export")
    if export == "xlsx":
        response = HttpResponse(report_xlsx(report), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if export == "pdf":
        language = request.GET.get("lang")
        with translation.override(language if language in PDF_LANGUAGES else translation.get_language()):
            return pdf_response("documents/blanks_report.html", _report_context(report), name, request=request)
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("lang", None)
    query["start"], query["end"] = start.isoformat(), end.isoformat()
    return render(
        request,
        "transcripts/blanks/report.html",
        {
            "form": form,
            "report": report,
            "query": query.urlencode(),
            "issued": report.issued[:PAGE_LIST_LIMIT],
            "spoiled": report.spoiled[:PAGE_LIST_LIMIT],
            "limit": PAGE_LIST_LIMIT,
        },
    )
