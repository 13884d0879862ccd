"""A sheet filled in offline: download the template (the sheet's students with their current values and
each row's version in a hidden column), fill it in Excel or LibreOffice, upload it back.

Every line is checked first — the student is on the sheet, numbers 0–100 with at most two decimals,
the grade-entry windows for teachers, the row not changed by someone else since the download — and
every problem is listed with its line; only a file without problems is applied, all of it in one
transaction (grading.services.sheets.sheet_import_apply, the rules of cell-by-cell entry).
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill

from registrar.xlsx_import import Column, ImportFailed, RowError, read_sheet, template_workbook

from . import selectors_sheets as sel
from .models import RowMark, Sheet
from .services import sheets as svc

LANGUAGES = ("kk", "ru", "en")
VERSION_KEY = "version"

HEADERS = {
    "student_number": gettext_lazy("Student ID number"),
    "full_name": gettext_lazy("Full name"),
    "current1": gettext_lazy("Current control 1"),
    "midterm1": gettext_lazy("Midterm control 1"),
    "current2": gettext_lazy("Current control 2"),
    "midterm2": gettext_lazy("Midterm control 2"),
    "exam": gettext_lazy("Exam"),
    "mark": gettext_lazy("Mark"),
    VERSION_KEY: gettext_lazy("Row version (do not change)"),
}
SINGLE_SCORE_HEADER = gettext_lazy("Score")


def _col(key, header, **kwargs) -> Column:
    """A column whose header is accepted in any of the three interface languages."""
    aliases = []
    for lang in LANGUAGES:
        with translation.override(lang):
            aliases.append(str(header))
    return Column(key, header, aliases=tuple(aliases), **kwargs)


def columns(sheet: Sheet) -> list[Column]:
    """Student number and name, the sheet's editable columns, then the hidden row version."""
    single = sheet.control_form in sel.SINGLE_SCORE_FORMS
    cols = [_col("student_number", HEADERS["student_number"]), _col("full_name", HEADERS["full_name"], required=False)]
    for field in sel.entry_fields(sheet):
        header = SINGLE_SCORE_HEADER if single and field == "exam" else HEADERS[field]
        aliases = (str(HEADERS["exam"]),) if single and field == "exam" else ()
        col = _col(field, header, required=False)
        cols.append(Column(col.key, col.header, col.kind, col.required, col.aliases + aliases))
    cols.append(_col(VERSION_KEY, HEADERS[VERSION_KEY], kind="int"))
    return cols


def _mark_spellings() -> dict[str, str]:
    """Every accepted spelling of a mark (its code or its label in any language) -> the code."""
    table = {"": ""}
    for choice in RowMark:
        table[choice.value] = choice.value
        for lang in LANGUAGES:
            with translation.override(lang):
                table[str(choice.label).strip().lower()] = choice.value
    table.pop("—", None)
    table["-"] = ""
    table["—"] = ""
    return table


def template_bytes(sheet: Sheet) -> bytes:
    """The template: one row per student with the current values; the row version in a hidden column."""
    cols = columns(sheet)
    rows = sel.sheet_rows(sheet)
    examples = []
    for row in rows:
        line = []
        for col in cols:
            if col.key == "student_number":
                line.append(row.student.student_number)
            elif col.key == "full_name":
                line.append(row.student.full_name)
            elif col.key == VERSION_KEY:
                line.append(row.version)
            elif col.key == "mark":
                line.append(str(row.get_mark_display()) if row.mark else "")
            else:
                value = getattr(row, col.key)
                line.append(value)
        examples.append(line)
    wb = load_workbook(BytesIO(template_workbook(cols, examples)))
    ws = wb.active
    ws.title = sheet.number
    version_letter = ws.cell(row=1, column=len(cols)).column_letter
    ws.column_dimensions[version_letter].hidden = True
    ws.column_dimensions["B"].width = 36
    grey = PatternFill("solid", fgColor="EEEEEE")
    for r in range(2, len(rows) + 2):
        for c in (1, 2):
            ws.cell(row=r, column=c).fill = grey
    about = wb.create_sheet(_("About"))
    about.append([_("Sheet"), sheet.number])
    about.append([_("Discipline"), f"{sheet.discipline.code} {sheet.discipline.name}"])
    about.append([_("Term"), f"{sheet.term.academic_year} · {sheet.term.get_kind_display()}"])
    about.append([])
    about.append(
        [
            _(
                "Numbers from 0 to 100 with at most two decimals; an empty cell clears the value. Do not add students "
                "or change the hidden row version column."
            )
        ]  # fmt: skip
    )
    about.append([_("Mark"), "; ".join(str(c.label) for c in RowMark if c.value)])
    for cell in about["A"]:
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 60
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _entries(book, cols) -> list[svc.ImportEntry]:
    """Lines of the file as service entries; marks by code or label; unreadable cells become errors."""
    marks = _mark_spellings()
    editable = [c for c in cols if c.key not in ("student_number", "full_name", VERSION_KEY)]
    entries = []
    for line in book.rows:
        values = {}
        for col in editable:
            raw = line.values.get(col.key)
            if col.key == "mark":
                text = "" if raw is None else str(raw).strip().lower()
                if text not in marks:
                    book.error(
                        line,
                        col,
                        _("unknown mark “%(value)s”; accepted: %(accepted)s")
                        % {"value": raw, "accepted": ", ".join(str(c.label) for c in RowMark if c.value)},
                    )
                    continue
                values[col.key] = marks[text]
            else:
                values[col.key] = raw
        entries.append(
            svc.ImportEntry(
                line=line.number,
                student_number=str(line.values.get("student_number") or ""),
                version=line.values.get(VERSION_KEY),
                values=values,
            )
        )
    return entries


def sheet_import(*, sheet: Sheet, upload, actor) -> svc.ImportApplied:
    """Check the whole file, then apply all of it or nothing. Raises ImportFailed with every problem."""
    cols = columns(sheet)
    # Scores are read as text and parsed by the service, so its messages (range, two decimals) apply.
    book = read_sheet(upload, cols)
    entries = _entries(book, cols)
    if book.errors:
        # Report the service's problems of the other cells too; nothing is written in a check.
        problems = list(book.errors)
        readable = [e for e in entries if e.version is not None and e.student_number]
        try:
            svc.sheet_import_apply(sheet=sheet, entries=readable, actor=actor, check_only=True)
        except ImportFailed as exc:
            problems += exc.errors
        raise ImportFailed(_dedupe(problems))
    return svc.sheet_import_apply(sheet=sheet, entries=entries, actor=actor)


def _dedupe(errors: list[RowError]) -> list[RowError]:
    seen, out = set(), []
    for e in sorted(errors, key=lambda e: (e.row or 0, str(e.column or ""))):
        key = (e.row, str(e.column or ""), e.message)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


__all__ = ["ImportFailed", "columns", "sheet_import", "template_bytes"]
