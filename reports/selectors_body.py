"""The student body on a date (контингент на дату), by faculty, programme and year of study, with
columns by study form, funding, language, sex and citizenship, subtotals and totals.

The state on the date comes from the status history (`enrollment.selectors.body_rows_as_of`: each
student's latest change in force on the date), so a past date gives the same figures whatever
orders were signed later. The counting is one GROUP BY in SQL over those rows (a "cube" of a few
hundred lines at most); the pivoting into the table is done here. Sex and citizenship are read
from the student's file: no order changes them, so they are not in the history.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from academics.choices import Language, StudyForm
from academics.models import Programme
from enrollment.choices import Funding, Sex, StudentStatus
from enrollment.models import StatusChange
from enrollment.selectors import IN_BODY, body_rows_as_of

HOME_COUNTRY = "KZ"


def body_cube(on: datetime.date, *, status=IN_BODY, faculty_ids=None, **filters) -> list[dict]:
    """The body on `on` counted by every dimension at once, one query:
    [{programme_id, year, study_form, language, funding, status, sex, citizenship, n}]."""
    rows = body_rows_as_of(on, status=status, faculty_ids=faculty_ids, **filters)
    return list(
        StatusChange.objects.filter(pk__in=rows.values("pk"))
        .values(
            programme_id=Cast(KT("after__programme_id"), IntegerField()),
            year=Cast(KT("after__year_of_study"), IntegerField()),
            study_form=KT("after__study_form"),
            language=KT("after__language"),
            funding=KT("after__funding"),
            status=KT("after__status"),
            sex=F("student__sex"),
            citizenship=F("student__citizenship"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str = ""


def body_columns() -> list[Column]:
    """The columns of the body table; `key`s are what `cell_keys` gives a cube line."""
    columns = [Column("total", _("total")), Column("on_leave", _("of them on academic leave"))]
    columns += [Column(f"form:{v}", label, _("study form")) for v, label in StudyForm.choices]
    columns += [Column(f"funding:{v}", label, _("funding")) for v, label in Funding.choices]
    columns += [Column(f"language:{v}", label, _("language of instruction")) for v, label in Language.choices]
    columns += [Column(f"sex:{v}", label, _("sex")) for v, label in Sex.choices]
    columns += [
        Column("citizen:home", _("citizens of Kazakhstan"), _("citizenship")),
        Column("citizen:foreign", _("foreign citizens"), _("citizenship")),
    ]
    return columns


def cell_keys(line: dict) -> list[str]:
    keys = [
        "total",
        f"form:{line['study_form']}",
        f"funding:{line['funding']}",
        f"language:{line['language']}",
        f"sex:{line['sex']}",
        "citizen:home" if (line["citizenship"] or HOME_COUNTRY) == HOME_COUNTRY else "citizen:foreign",
    ]
    if line["status"] == StudentStatus.ON_LEAVE:
        keys.append("on_leave")
    return keys


@dataclass
class Line:
    """A line of a report table: kind "row" (a programme's year of study), "programme" / "faculty"
    (subtotals) or "total"; `values` by column key."""

    kind: str
    label: str
    values: Counter = field(default_factory=Counter)
    faculty: object = None
    programme: object = None
    year: int | None = None

    def add(self, values: Counter) -> None:
        self.values.update(values)

    def cells(self, columns) -> list[int]:
        return [self.values.get(c.key, 0) for c in columns]


@dataclass
class BodyReport:
    on: datetime.date
    columns: list[Column]
    lines: list[Line]
    total: Line
    citizenship: list[tuple[str, int]]
    cube: list[dict]

    @property
    def rows(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "row"]


def _programmes(ids) -> dict[int, Programme]:
    return Programme.objects.select_related("faculty").in_bulk([i for i in ids if i is not None])


def group_lines(counts: dict[tuple[int, int | None], Counter], programmes: dict) -> tuple[list[Line], Line]:
    """Lines by faculty → programme → year with a subtotal after each programme and faculty, and the
    total. `counts`: {(programme_id, year): Counter by column key}."""
    by_programme: dict[int, dict] = defaultdict(dict)
    for (pid, year), values in counts.items():
        by_programme[pid][year] = values

    def faculty_of(pid):
        p = programmes.get(pid)
        return p.faculty if p is not None else None

    def sort_key(pid):
        p = programmes.get(pid)
        return (p.faculty.code, p.code) if p is not None else ("~", str(pid))

    lines: list[Line] = []
    total = Line("total", str(_("Total")))
    faculty_line: Line | None = None
    for pid in sorted(by_programme, key=sort_key):
        programme, faculty = programmes.get(pid), faculty_of(pid)
        if faculty_line is None or faculty_line.faculty != faculty:
            if faculty_line is not None:
                lines.append(faculty_line)
            faculty_line = Line("faculty", str(faculty) if faculty else "—", faculty=faculty)
        subtotal = Line("programme", str(programme) if programme else f"#{pid}", faculty=faculty, programme=programme)
        for year in sorted(by_programme[pid], key=lambda y: y or 0):
            values = by_programme[pid][year]
            lines.append(
                Line("row", str(programme) if programme else f"#{pid}", Counter(values), faculty, programme, year)
            )
            subtotal.add(values)
        lines.append(subtotal)
        faculty_line.add(subtotal.values)
        total.add(subtotal.values)
    if faculty_line is not None:
        lines.append(faculty_line)
    return lines, total


def body_report(on: datetime.date, *, status=IN_BODY, faculty_ids=None, **filters) -> BodyReport:
    """The body table on `on` (three queries: the allowed programmes, the cube, the programmes' names)."""
    cube = body_cube(on, status=status, faculty_ids=faculty_ids, **filters)
    counts: dict[tuple[int, int | None], Counter] = defaultdict(Counter)
    countries: Counter = Counter()
    for line in cube:
        cell = counts[(line["programme_id"], line["year"])]
        for key in cell_keys(line):
            cell[key] += line["n"]
        countries[line["citizenship"] or HOME_COUNTRY] += line["n"]
    programmes = _programmes({pid for pid, _year in counts})
    lines, total = group_lines(counts, programmes)
    citizenship = sorted(countries.items(), key=lambda item: (item[0] != HOME_COUNTRY, -item[1], item[0]))
    return BodyReport(on, body_columns(), lines, total, citizenship, cube)


def chart_data(report: BodyReport) -> dict:
    """Chart.js data: the body by faculty (by programme when one faculty), stacked by funding."""
    faculties = [line for line in report.lines if line.kind == "faculty"]
    bars = faculties if len(faculties) > 1 else [line for line in report.lines if line.kind == "programme"]
    labels = [line.programme.code if line.kind == "programme" and line.programme else line.label for line in bars]
    datasets = [
        {"label": str(label), "data": [line.values.get(f"funding:{value}", 0) for line in bars]}
        for value, label in Funding.choices
    ]
    return {"labels": labels, "datasets": datasets}
