"""The registrar's dashboard of the reports: the headline figures of the student body today (active,
on academic leave, and this academic year's enrolled, expelled, graduated) and their trend over the
last academic years (the body on 1 October of each, and each year's flows), everything from the
status history, narrowed to a dean's office's faculties.

Queries: one per year for the body on its 1 October (a count grouped by status over the history's
latest rows) and one for the flows of every year together.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from academics.models import Programme
from enrollment.choices import Movement, StudentStatus
from enrollment.models import StatusChange
from enrollment.selectors import IN_BODY, body_rows_as_of
from registrar.dates import ACADEMIC_YEAR_FIRST_MONTH, academic_year_label

from .selectors_form import form_date

FLOWS = {
    "enrolled": (Movement.ENROLLED, Movement.TRANSFERRED_IN),
    "expelled": (Movement.EXPELLED,),
    "graduated": (Movement.GRADUATED,),
}


@dataclass
class YearFigures:
    start_year: int
    on: datetime.date
    active: int
    on_leave: int
    enrolled: int = 0
    expelled: int = 0
    graduated: int = 0

    @property
    def label(self) -> str:
        return academic_year_label(self.start_year)

    @property
    def body(self) -> int:
        return self.active + self.on_leave


def body_by_status(on: datetime.date, *, faculty_ids=None) -> dict[str, int]:
    rows = body_rows_as_of(on, status=IN_BODY, faculty_ids=faculty_ids)
    counted = (
        StatusChange.objects.filter(pk__in=rows.values("pk"))
        .values_list(KT("after__status"))
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(counted)
    return {s: counts.get(s, 0) for s in IN_BODY}


def flows_by_year(first_year: int, last_day: datetime.date, *, faculty_ids=None) -> dict[int, dict[str, int]]:
    """{academic start year: {enrolled, expelled, graduated}} of the changes from 1 September of
    `first_year` to `last_day`, one query."""
    movements = [m for group in FLOWS.values() for m in group]
    changes = StatusChange.objects.filter(
        effective_on__gte=datetime.date(first_year, ACADEMIC_YEAR_FIRST_MONTH, 1),
        effective_on__lte=last_day,
        movement__in=movements,
    )
    if faculty_ids is not None:
        programmes = list(Programme.objects.filter(faculty_id__in=faculty_ids).values_list("pk", flat=True))
        changes = changes.alias(programme=Cast(KT("after__programme_id"), IntegerField())).filter(
            programme__in=programmes
        )
    academic_year = Case(
        When(month__gte=ACADEMIC_YEAR_FIRST_MONTH, then=ExtractYear("effective_on")),
        default=ExtractYear("effective_on") - Value(1),
        output_field=IntegerField(),
    )
    rows = (
        changes.alias(month=ExtractMonth("effective_on"))
        .values_list(academic_year, "movement")
        .annotate(n=Count("id"))
        .order_by()
    )
    out: dict[int, dict[str, int]] = {}
    for year, movement, n in rows:
        line = out.setdefault(year, dict.fromkeys(FLOWS, 0))
        for key, group in FLOWS.items():
            if movement in group:
                line[key] += n
    return out


def trend(today: datetime.date, *, years: int = 6, faculty_ids=None) -> list[YearFigures]:
    """The body on 1 October of each of the last `years` academic years (today for the current one
    when 1 October has not come yet) and each year's flows, oldest first."""
    from registrar.dates import academic_year_of

    last = academic_year_of(today)
    first = last - years + 1
    flows = flows_by_year(first, today, faculty_ids=faculty_ids)
    figures = []
    for start_year in range(first, last + 1):
        on = min(form_date(start_year), today)
        status = body_by_status(on, faculty_ids=faculty_ids)
        line = YearFigures(start_year, on, status[StudentStatus.ACTIVE], status[StudentStatus.ON_LEAVE])
        for key, n in flows.get(start_year, {}).items():
            setattr(line, key, n)
        figures.append(line)
    return figures


@dataclass
class Headline:
    today: datetime.date
    active: int
    on_leave: int
    year: YearFigures  # the current academic year's flows so far

    @property
    def body(self) -> int:
        return self.active + self.on_leave


def headline(today: datetime.date, *, faculty_ids=None) -> Headline:
    """Today's body by status and the current academic year's flows so far: two queries (and one for
    the faculty's programmes with each, for a dean's office)."""
    from registrar.dates import academic_year_of

    year = academic_year_of(today)
    status = body_by_status(today, faculty_ids=faculty_ids)
    active, on_leave = status[StudentStatus.ACTIVE], status[StudentStatus.ON_LEAVE]
    current = YearFigures(
        year, today, active, on_leave, **flows_by_year(year, today, faculty_ids=faculty_ids).get(year, {})
    )
    return Headline(today, active, on_leave, current)


def chart_data(figures: list[YearFigures]) -> dict:
    from django.utils.translation import gettext as _

    return {
        "type": "line",
        "labels": [f.label for f in figures],
        "datasets": [
            {"label": _("student body on 1 October"), "data": [f.body for f in figures]},
            {"label": _("enrolled"), "data": [f.enrolled for f in figures]},
            {"label": _("expelled"), "data": [f.expelled for f in figures]},
            {"label": _("graduated"), "data": [f.graduated for f in figures]},
        ],
    }
