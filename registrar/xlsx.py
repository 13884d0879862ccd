"""xlsx exports that open cleanly in LibreOffice and Excel: bold frozen header, column widths,
autofilter, real numbers and dates. Written in openpyxl's write-only mode, so large exports
stream row by row instead of building the whole workbook in memory."""

import datetime
import re
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal | datetime.date):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return _ILLEGAL.sub("", str(value))


def write_sheet(wb: Workbook, title: str, header: list[str], rows, widths: list[int] | None = None):
    ws = wb.create_sheet(title=title[:31])
    n = len(header)
    widths = widths or [max(10, min(50, len(str(h)) + 4)) for h in header]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    count = 0
    bold = Font(bold=True)
    head_cells = []
    for h in header:
        c = WriteOnlyCell(ws, value=str(h))
        c.font = bold
        c.alignment = Alignment(wrap_text=True, vertical="top")
        head_cells.append(c)
    ws.append(head_cells)
    for row in rows:
        cells = []
        for value in row:
            c = WriteOnlyCell(ws, value=_cell_value(value))
            if isinstance(c.value, datetime.datetime):
                c.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(c.value, datetime.date):
                c.number_format = "DD.MM.YYYY"
            elif isinstance(c.value, Decimal):
                c.number_format = "0.00"
            cells.append(c)
        ws.append(cells)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(n, 1))}{count + 1}"
    return ws


def workbook_response(filename: str, sheets: list[tuple[str, list[str], object]]) -> HttpResponse:
    """sheets: (title, header, rows iterable) each; returns the .xlsx as a download."""
    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        write_sheet(wb, title, header, rows)
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(table, filename: str) -> HttpResponse:
    """Export a django-tables2 table (all rows of its filtered queryset, no pagination)."""
    values = table.as_values()
    header = next(values)
    return workbook_response(filename, [(filename, header, values)])
