"""xlsx and PDF files of the reports.

The xlsx files are written in openpyxl's write-only mode (rows streamed, never a whole workbook
in memory) with what opens cleanly in LibreOffice and Excel: a title line, a bold header row that
stays frozen together with the label columns, column widths, number and date formats, an
autofilter over the header and the data, subtotal lines in bold, and the totals line below the
filtered range written as values (the numbers the page shows, not formulas, so a reader without
recalculation sees them too; the tests add the table up and compare).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from registrar.pdf import render_pdf
from registrar.xlsx import XLSX_CONTENT_TYPE

from . import selectors_form as form3

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=12)


@dataclass
class Row:
    values: list
    bold: bool = False


def _cell(ws, value, *, bold=False):
    if value is not None and not isinstance(value, bool | int | float | Decimal | datetime.date):
        value = str(value)  # lazy translations, model instances
    if isinstance(value, str):
        value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, Decimal | float):
        cell.number_format = "0.00"
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = "0"
    if bold:
        cell.font = BOLD
    return cell


def write_table(
    wb: Workbook,
    title: str,
    header: list[str],
    rows,
    *,
    heading: str = "",
    totals: list | None = None,
    widths: list[int] | None = None,
    frozen_columns: int = 0,
):
    """One sheet: `heading` on line 1 (when given), the header, `rows` (lists or `Row`s) under an
    autofilter, then `totals` in bold below the filtered range. Returns the sheet."""
    ws = wb.create_sheet(title=title[:31])
    widths = widths or [max(8, min(45, len(str(h)) + 2)) for h in header]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_line = 2 if heading else 1
    ws.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_line + 1}"
    if heading:
        cell = WriteOnlyCell(ws, value=heading)
        cell.font = TITLE
        ws.append([cell])
    head = []
    for h in header:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        head.append(cell)
    ws.append(head)
    count = 0
    for row in rows:
        values, bold = (row.values, row.bold) if isinstance(row, Row) else (row, False)
        ws.append([_cell(ws, v, bold=bold) for v in values])
        count += 1
    last_column = get_column_letter(max(len(header), 1))
    ws.auto_filter.ref = f"A{header_line}:{last_column}{header_line + count}"
    if totals is not None:
        ws.append([_cell(ws, v, bold=True) for v in totals])
    return ws


def workbook_bytes(build) -> bytes:
    """`build(wb)` writes the sheets of a write-only workbook; returns the file's bytes."""
    wb = Workbook(write_only=True)
    build(wb)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def file_response(content: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _d(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def _column_label(column) -> str:
    return f"{column.group}: {column.label}" if column.group else str(column.label)


# --- student body -----------------------------------------------------------------------------


def body_xlsx(report) -> bytes:
    header = [_("faculty"), _("code"), _("educational programme"), _("year of study")]
    header += [_column_label(c) for c in report.columns]

    def lines():
        for line in report.lines:
            cells = line.cells(report.columns)
            if line.kind == "row":
                yield Row([line.faculty.code if line.faculty else "", line.programme.code if line.programme else "",
                           line.programme.name if line.programme else line.label, line.year, *cells])  # fmt: skip
            elif line.kind == "programme":
                code = line.programme.code if line.programme else ""
                yield Row(["", code, _("Total for the programme"), None, *cells], bold=True)
            else:
                code = line.faculty.code if line.faculty else ""
                yield Row([code, "", _("Total for the faculty %(faculty)s") % {"faculty": line.label}, None, *cells],
                          bold=True)  # fmt: skip

    def build(wb):
        heading = _("Student body on %(date)s") % {"date": _d(report.on)}
        totals = ["", "", _("Total"), None, *report.total.cells(report.columns)]
        widths = [10, 10, 40, 8] + [12] * len(report.columns)
        write_table(wb, _("Student body"), header, lines(), heading=heading, totals=totals, widths=widths,
                    frozen_columns=4)  # fmt: skip
        write_table(
            wb,
            _("Citizenship"),
            [_("citizenship"), _("students")],
            ([code, n] for code, n in report.citizenship),
            heading=heading,
            totals=[_("Total"), sum(n for _code, n in report.citizenship)],
            widths=[16, 12],
        )

    return workbook_bytes(build)


# --- movement -----------------------------------------------------------------------------------


def movement_xlsx(report) -> bytes:
    header = [_("faculty"), _("code"), _("educational programme")]
    header += [_column_label(c) for c in report.columns]
    header.append(_("balance reconciles"))
    from .selectors_movement import reconciles

    def lines():
        for line in report.lines:
            cells = line.cells(report.columns)
            check = _("yes") if reconciles(line) else _("NO")
            if line.kind == "row":
                yield Row([line.faculty.code if line.faculty else "", line.programme.code if line.programme else "",
                           line.programme.name if line.programme else line.label, *cells, check])  # fmt: skip
            else:
                code = line.faculty.code if line.faculty else ""
                label = _("Total for the faculty %(faculty)s") % {"faculty": line.label}
                yield Row([code, "", label, *cells, check], bold=True)

    def build(wb):
        heading = _("Movement of the student body from %(start)s to %(end)s") % {
            "start": _d(report.start),
            "end": _d(report.end),
        }
        check = _("yes") if reconciles(report.total) else _("NO")
        totals = ["", "", _("Total"), *report.total.cells(report.columns), check]
        widths = [10, 10, 40] + [12] * len(report.columns) + [12]
        write_table(wb, _("Movement"), header, lines(), heading=heading, totals=totals, widths=widths,
                    frozen_columns=3)  # fmt: skip
        write_table(
            wb,
            _("Expelled, by ground"),
            [_("ground"), _("students")],
            ([label, n] for _g, label, n in report.grounds),
            heading=heading,
            totals=[_("Total"), sum(n for _g, _label, n in report.grounds)],
            widths=[50, 12],
        )

    return workbook_bytes(build)


# --- the statistical form 3-НК ------------------------------------------------------------------


def form_header() -> list[str]:
    return [form3.bilingual(text) for _key, text in form3.ROW_HEAD] + [
        form3.bilingual(text) for _key, text in form3.COLUMNS
    ]


def _form_label(line) -> str:
    return line.label["ru"] if line.kind == "row" else form3.bilingual(line.label)


def form_xlsx(form) -> bytes:
    def lines():
        for line in form.lines:
            if line.kind == "row":
                yield Row([f"{line.code} ({_form_label(line)})", line.year, *line.cells()])
            else:
                yield Row([_form_label(line), None, *line.cells()], bold=True)

    def build(wb):
        heading = f"{form3.bilingual(form3.TITLE)} — {form3.AS_OF['kk']} / {form3.AS_OF['ru']} {_d(form.on)}"
        totals = [form3.bilingual(form3.TOTAL), None, *form.total.cells()]
        widths = [44, 8] + [14] * len(form3.COLUMNS)
        write_table(wb, form3.FORM_CODE, form_header(), lines(), heading=heading, totals=totals, widths=widths,
                    frozen_columns=2)  # fmt: skip

    return workbook_bytes(build)


def form_head() -> tuple[list[dict], list[dict]]:
    """The two header rows of the printed form: grouped columns get a spanning cell above them,
    the others one cell over both rows."""
    first, second = [{"text": text, "colspan": 1, "rowspan": 2} for _key, text in form3.ROW_HEAD], []
    columns = [text for _key, text in form3.COLUMNS]
    i = 0
    for group, span in form3.COLUMN_GROUPS:
        if group:
            first.append({"text": group, "colspan": span, "rowspan": 1})
            second.extend(columns[i : i + span])
        else:
            first.extend({"text": text, "colspan": 1, "rowspan": 2} for text in columns[i : i + span])
        i += span
    return first, second


def form_pdf(form) -> bytes:
    head_first, head_second = form_head()
    context = {
        "head_first": head_first,
        "head_second": head_second,
        "form": form,
        "title": form3.TITLE,
        "as_of": form3.AS_OF,
        "row_head": [text for _key, text in form3.ROW_HEAD],
        "columns": [text for _key, text in form3.COLUMNS],
        "column_groups": form3.COLUMN_GROUPS,
        "total_label": form3.TOTAL,
        "form_code": form3.FORM_CODE,
        "signatures": [{"role": form3.bilingual(s)} for s in form3.SIGNATURES],
    }
    return render_pdf("reports/documents/form_3nk.html", context)


# --- summary sheet of a group ------------------------------------------------------------------------


def summary_title(sheet) -> str:
    return _("Summary sheet of group %(group)s, %(term)s") % {"group": sheet.group.name, "term": sheet.term}


def summary_xlsx(sheet) -> bytes:
    header = ["№", _("student"), _("student ID number")]
    header += [f"{d.code} {d.name} ({d.credits})" for d in sheet.disciplines]
    header += [_("GPA of the term"), _("credits earned"), _("unsatisfactory grades")]

    def lines():
        for i, line in enumerate(sheet.lines, start=1):
            letters = [r.letter if r is not None else None for r in line.cells]
            yield [i, line.student.full_name, line.student.student_number, *letters, line.gpa, line.credits,
                   line.failed]  # fmt: skip

    def build(wb):
        widths = [5, 34, 14] + [12] * len(sheet.disciplines) + [10, 10, 12]
        totals = ["", _("Not passed"), "", *sheet.not_passed, sheet.average_gpa, None,
                  sum(line.failed for line in sheet.lines)]  # fmt: skip
        write_table(wb, sheet.group.name, header, lines(), heading=summary_title(sheet), totals=totals,
                    widths=widths, frozen_columns=3)  # fmt: skip
        write_table(
            wb,
            _("Grade distribution"),
            [_("letter grade"), _("results")],
            sorted(sheet.letters.items()),
            heading=summary_title(sheet),
            totals=[_("Total"), sum(sheet.letters.values())],
            widths=[14, 10],
        )

    return workbook_bytes(build)


def summary_pdf(sheet) -> bytes:
    signatures = [{"role": _("Dean of the faculty")}, {"role": _("Registrar")}]
    return render_pdf(
        "reports/documents/summary.html", {"sheet": sheet, "title": summary_title(sheet), "signatures": signatures}
    )


# --- session results -------------------------------------------------------------------------------


def session_xlsx(results, by_label: str) -> bytes:
    a = results.analysis
    heading = _("Session results, %(term)s") % {"term": results.term}

    def build(wb):
        header = [by_label, _("students"), _("without unsatisfactory grades"), _("absolute progress, %"),
                  _("with A and B grades only"), _("quality, %")]  # fmt: skip
        rows = ([t.label, t.total, t.without_failures, t.progress_percent, t.quality, t.quality_percent]
                for t in a.lines)  # fmt: skip
        t = a.total
        write_table(wb, _("Progress and quality"), header, rows, heading=heading,
                    totals=[t.label, t.total, t.without_failures, t.progress_percent, t.quality, t.quality_percent],
                    widths=[40, 12, 14, 12, 14, 12], frozen_columns=1)  # fmt: skip
        debt_header = [_("code"), _("discipline"), *results.debt_letters, _("Total")]
        debt_rows = ([d["discipline"].code, d["discipline"].name, *d["cells"], d["total"]] for d in results.debts)
        debt_totals = ["", _("Total"), *[sum(d["letters"].get(x, 0) for d in results.debts)
                                          for x in results.debt_letters], results.debts_total]  # fmt: skip
        write_table(wb, _("Debtors by discipline"), debt_header, debt_rows, heading=heading, totals=debt_totals,
                    widths=[12, 40] + [8] * len(results.debt_letters) + [10], frozen_columns=2)  # fmt: skip
        write_table(wb, _("Grade distribution"), [_("letter grade"), _("results")],
                    ([d["letter"], d["count"]] for d in results.distribution), heading=heading,
                    totals=[_("Total"), sum(d["count"] for d in results.distribution)], widths=[14, 10])  # fmt: skip

    return workbook_bytes(build)


# --- register of orders -------------------------------------------------------------------------------


def orders_xlsx(register) -> bytes:
    heading = _("Register of orders from %(start)s to %(end)s") % {"start": _d(register.start), "end": _d(register.end)}

    def build(wb):
        header = [_("number"), _("order date"), _("in force from"), _("order type"), _("students"), _("basis"),
                  _("signed by"), _("cancels order")]  # fmt: skip
        rows = (
            [o.number, o.order_date, o.effective_on, o.get_order_type_display(), o.items_n, o.basis,
             (o.signed_by.get_full_name() or o.signed_by.username) if o.signed_by else "",
             o.cancels.number if o.cancels else ""]
            for o in register.orders
        )  # fmt: skip
        totals = [_("Total"), None, None, len(register.orders), register.items_total, None, None, None]
        write_table(wb, _("Register of orders"), header, rows, heading=heading, totals=totals,
                    widths=[18, 12, 12, 30, 10, 40, 24, 18], frozen_columns=1)  # fmt: skip
        write_table(
            wb,
            _("By order type"),
            [_("order type"), _("orders"), _("students")],
            ([line["label"], line["orders"], line["items"]] for line in register.by_type),
            heading=heading,
            totals=[_("Total"), len(register.orders), register.items_total],
            widths=[34, 10, 10],
        )

    return workbook_bytes(build)


# --- teacher load -------------------------------------------------------------------------------------


def load_xlsx(report) -> bytes:
    heading = _("Teacher load, %(term)s") % {"term": report.term}
    header = [_("department"), _("teacher"), _("position"), _("rate")] + [_column_label(c) for c in report.columns]

    def lines():
        for line in report.lines:
            cells = line.cells(report.columns)
            if line.kind == "row":
                t = line.teacher
                yield Row([line.department.code if line.department else "", line.label, t.get_position_display(),
                           t.rate, *cells])  # fmt: skip
            else:
                code = line.department.code if line.department else ""
                yield Row([code, _("Total for the department"), None, None, *cells], bold=True)

    def build(wb):
        totals = ["", _("Total"), None, None, *report.total.cells(report.columns)]
        write_table(wb, _("Teacher load"), header, lines(), heading=heading, totals=totals,
                    widths=[12, 32, 20, 8] + [11] * len(report.columns), frozen_columns=2)  # fmt: skip

    return workbook_bytes(build)


# --- dashboard trend ----------------------------------------------------------------------------------


def trend_xlsx(figures) -> bytes:
    def build(wb):
        header = [_("academic year"), _("on date"), _("active"), _("on academic leave"), _("student body"),
                  _("enrolled"), _("expelled"), _("graduated")]  # fmt: skip
        rows = ([f.label, f.on, f.active, f.on_leave, f.body, f.enrolled, f.expelled, f.graduated] for f in figures)
        write_table(wb, _("Student body over the years"), header, rows,
                    heading=_("Student body over the years"), widths=[14, 12, 10, 12, 12, 10, 10, 10],
                    frozen_columns=1)  # fmt: skip

    return workbook_bytes(build)
