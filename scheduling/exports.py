"""The week grids as files: `?export=xlsx` (one sheet: rows are class periods with their clock times,
columns days, each cell its lessons) and `?export=pdf` (A4 landscape, titled with whose timetable, the
term and the version). Built from the grid the page itself shows (selectors.week_grid)."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from registrar.pdf import pdf_response
from registrar.xlsx import workbook_response

FORMATS = ("xlsx", "pdf")


def requested(request) -> str | None:
    """The export format asked for in the query string, or None for the page."""
    value = request.GET.get("export")
    return value if value in FORMATS else None


def lesson_text(lesson) -> str:
    """A lesson in a cell: discipline code and name, section, room, teacher (one per line)."""
    section = lesson.section
    lines = [
        f"{section.discipline.code} {section.discipline.name}",
        f"{section.get_kind_display()} {section.number}",
        str(lesson.room),
    ]
    if section.teacher is not None:
        lines.append(str(section.teacher))
    return "\n".join(lines)


def version_label(version) -> str:
    return f"{version.term} · {version.get_study_form_display()} · #{version.pk} ({version.get_status_display()})"


def filename(*parts) -> str:
    """An ASCII file name (no quotes or spaces for the Content-Disposition header)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(str(p) for p in parts if p not in (None, ""))).strip("-")


def grid_rows(grid):
    for row in grid["rows"]:
        label = f"{row['number']} ({row['times']})" if row["times"] else str(row["number"])
        yield [label] + ["\n\n".join(lesson_text(lesson) for lesson in cell) for cell in row["cells"]]


def grid_xlsx(grid, *, name: str) -> HttpResponse:
    header = [_("class period")] + [str(label) for _day, label in grid["days"]]
    return workbook_response(name, [(_("Timetable"), header, grid_rows(grid))])


def grid_pdf(request, grid, *, title: str, version, name: str) -> HttpResponse:
    context = {"title": title, "subtitle": version_label(version), "grid": grid}
    return pdf_response("scheduling/grid_pdf.html", context, name, request=request)


def grid_export(request, fmt: str, grid, *, title: str, version, name: str) -> HttpResponse:
    if fmt == "xlsx":
        return grid_xlsx(grid, name=name)
    return grid_pdf(request, grid, title=title, version=version, name=name)


def exam_row_cells(row) -> list[str]:
    """An exam row of the schedule: date, time, discipline, groups, students, rooms (seats), invigilators."""
    exam = row["exam"]
    return [
        f"{exam.date:%d.%m.%Y}",
        f"{exam.starts_at:%H:%M}–{exam.ends_at:%H:%M}",
        f"{row['discipline'].code} {row['discipline'].name}",
        ", ".join(row["groups"]),
        str(exam.students),
        "\n".join(f"{r['room']} ({r['seats']})" for r in row["rooms"]),
        "\n".join(", ".join(r["invigilators"]) for r in row["rooms"]),
    ]


def exam_header() -> list[str]:
    labels = [_("time"), _("discipline"), _("groups"), _("students"), _("rooms"), _("invigilators")]
    return [pgettext("exam", "date"), *labels]


def exam_export(request, fmt: str, rows, *, title: str, version, name: str) -> HttpResponse:
    if fmt == "xlsx":
        return workbook_response(name, [(_("Exams"), exam_header(), [exam_row_cells(r) for r in rows])])
    context = {
        "title": title,
        "subtitle": version_label(version),
        "header": exam_header(),
        "rows": [exam_row_cells(r) for r in rows],
    }
    return pdf_response("scheduling/exam_pdf.html", context, name, request=request)
