"""Reading an exported xlsx back with openpyxl: the header, the frozen pane, the autofilter and the
totals line (which must equal the sum of the table's lines)."""

from io import BytesIO

from openpyxl import load_workbook


def read(content: bytes):
    return load_workbook(BytesIO(content))


def sheet_parts(ws, *, header_line: int = 2):
    """(header, data lines, totals line) of a sheet written by reports.exports.write_table."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = rows[header_line - 1]
    filtered_to = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    data = rows[header_line:filtered_to]
    totals = rows[filtered_to] if len(rows) > filtered_to else None
    return header, data, totals


def assert_clean_sheet(ws, *, header_line: int = 2, frozen: str | None = None):
    """Bold frozen header, autofilter starting at the header line, column widths set."""
    assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(header_line + 1))
    if frozen:
        assert ws.freeze_panes == frozen
    assert ws.auto_filter.ref.startswith("A") and ws.auto_filter.ref.split(":")[0] == f"A{header_line}"
    assert all(c.font.bold for c in ws[header_line] if c.value is not None)
    assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width >= 4
