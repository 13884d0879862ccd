"""Bulk input from xlsx (DESIGN.md): read every row, validate everything first, report every bad
row with its number and reason, and let the caller apply all or nothing.

Usage:
    columns = [Column("code", _("Code")), Column("credits", _("Credits"), kind="int"), ...]
    sheet = read_sheet(uploaded_file, columns)      # raises ImportFailed for unusable files
    for row in sheet.rows: ...  row.values["credits"] is an int, row.number the Excel row number
    sheet.errors  -> [RowError(...)]  (add your own with sheet.error(row, column, message))
    if sheet.errors: raise ImportFailed(sheet.errors)
"""

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # a lazy translation: the header written into the template
    kind: str = "str"  # str | int | decimal | bool
    required: bool = True  # the cell must be filled
    aliases: tuple[str, ...] = ()  # other accepted headers (e.g. the header in another language)

    def headers(self) -> set[str]:
        return {_norm(self.key), _norm(str(self.header)), *(_norm(a) for a in self.aliases)}


@dataclass(frozen=True)
class RowError:
    row: int | None  # Excel row number (1 = header); None for file-level problems
    column: str | None
    message: str

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(str(self.column))
        return f"{', '.join(where)}: {self.message}" if where else str(self.message)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class Row:
    number: int
    values: dict


@dataclass
class Sheet:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def error(self, row: Row | int | None, column: Column | str | None, message) -> None:
        number = row.number if isinstance(row, Row) else row
        name = str(column.header) if isinstance(column, Column) else column
        self.errors.append(RowError(number, name, str(message)))


def _norm(text) -> str:
    return " ".join(str(text or "").strip().lower().replace("*", "").split())


def _convert(kind: str, value):
    """Python value of a cell for `kind`, or raise ValueError with a translated reason."""
    if kind == "str":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError(_("a whole number is expected"))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if text.lstrip("-").isdigit():
            return int(text)
        raise ValueError(_("a whole number is expected, not “%(value)s”") % {"value": value})
    if kind == "decimal":
        try:
            return Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("a number is expected, not “%(value)s”") % {"value": value}) from None
    if kind == "bool":
        text = _norm(value)
        if text in {"1", "true", "yes", "да", "иә", "+", "x"}:
            return True
        if text in {"0", "false", "no", "нет", "жоқ", "-", ""}:
            return False
        raise ValueError(_("yes or no is expected, not “%(value)s”") % {"value": value})
    raise AssertionError(kind)


def read_sheet(upload, columns: list[Column]) -> Sheet:
    """Read the first worksheet of an uploaded xlsx: header row first, then one record per row.

    File-level problems (not an xlsx, too large, empty, missing columns) raise ImportFailed at
    once; cell problems are collected in `Sheet.errors` for every row.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportFailed([RowError(None, None, _("The file is larger than 10 MB."))])
    data = upload.read() if hasattr(upload, "read") else upload
    if not data:
        raise ImportFailed([RowError(None, None, _("The file is empty."))])
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportFailed(
            [RowError(None, None, _("This is not an xlsx file. Save the sheet as .xlsx and try again."))]
        ) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    while header is not None and all(v in (None, "") for v in header):
        header = next(rows, None)
    if header is None:
        raise ImportFailed([RowError(None, None, _("The sheet is empty: no header row."))])
    position: dict[str, int] = {}
    normalized = [_norm(h) for h in header]
    for col in columns:
        for i, h in enumerate(normalized):
            if h and h in col.headers():
                position[col.key] = i
                break
    missing = [c for c in columns if c.key not in position and c.required]
    if missing:
        raise ImportFailed(
            [RowError(1, str(c.header), _("the column is missing from the header row")) for c in missing]
        )
    sheet = Sheet()
    header_row = ws.min_row if hasattr(ws, "min_row") and ws.min_row else 1
    for offset, raw in enumerate(rows, start=header_row + 1):
        if raw is None or all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        row = Row(number=offset, values={})
        for col in columns:
            i = position.get(col.key)
            value = raw[i] if i is not None and i < len(raw) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                if col.required:
                    sheet.error(row, col, _("the cell is empty"))
                row.values[col.key] = None
                continue
            try:
                row.values[col.key] = _convert(col.kind, value)
            except ValueError as exc:
                sheet.error(row, col, str(exc))
                row.values[col.key] = None
        sheet.rows.append(row)
    wb.close()
    if not sheet.rows and not sheet.errors:
        raise ImportFailed([RowError(None, None, _("The sheet has a header but no data rows."))])
    return sheet


def template_workbook(columns: list[Column], examples: list[list] | None = None) -> bytes:
    """An xlsx with the header row (required columns marked *) and example rows to copy."""
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append([f"{c.header}{' *' if c.required else ''}" for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(str(c.header)) + 4)
    for example in examples or []:
        ws.append(example)
    ws.freeze_panes = "A2"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
