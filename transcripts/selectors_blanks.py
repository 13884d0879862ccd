"""Reads of the strict-reporting blanks pages (RULES.md §9): the blanks list, the stock per kind and
series, the batches, and the stock and movement report of a period.

The report counts in SQL, one aggregate query for every kind and series, plus one query for each of
the two lists (issued, spoiled): three queries whatever the number of blanks. A blank is in stock from
the day its batch was received until the day it was issued or spoiled; the day it left counts as no
earlier than the day it came in, so on every line

    on hand at the start + received − issued − spoiled = on hand at the end

holds by construction (each blank contributes to exactly the terms its dates put it in).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, DateField, F, Q, When

from .models import Blank, BlankBatch, BlankKind, BlankStatus

BLANKS = Blank.objects.select_related("batch", "document", "used_by")
BATCHES = BlankBatch.objects.select_related("received_by")

# The report's figures, in the order of its columns.
FIGURES = ("opening", "received", "issued", "spoiled", "closing")


def blank_detail(pk: int) -> Blank:
    return Blank.objects.select_related("batch__received_by", "document__student", "used_by").get(pk=pk)


@dataclass
class StockLine:
    kind: str
    series: str
    free: int
    issued: int
    spoiled: int

    @property
    def kind_label(self) -> str:
        return BlankKind(self.kind).label

    @property
    def total(self) -> int:
        return self.free + self.issued + self.spoiled


def stock_summary() -> list[StockLine]:
    """Blanks in stock, issued and spoiled per kind and series (one query)."""
    rows = (
        Blank.objects.order_by()
        .values("kind", "series")
        .annotate(
            free=Count("pk", filter=Q(status=BlankStatus.FREE)),
            issued=Count("pk", filter=Q(status=BlankStatus.ISSUED)),
            spoiled=Count("pk", filter=Q(status=BlankStatus.SPOILED)),
        )
        .order_by("kind", "series")
    )
    return [StockLine(**row) for row in rows]


def series_choices() -> list[tuple[str, str]]:
    series = Blank.objects.order_by("series").values_list("series", flat=True).distinct()
    return [(s, s) for s in series]


# --- the report ------------------------------------------------------------------------------------


@dataclass
class ReportLine:
    kind: str
    series: str
    opening: int = 0
    received: int = 0
    issued: int = 0
    spoiled: int = 0
    closing: int = 0

    @property
    def kind_label(self) -> str:
        return BlankKind(self.kind).label if self.kind else ""

    @property
    def figures(self) -> list[int]:
        return [getattr(self, name) for name in FIGURES]

    @property
    def reconciles(self) -> bool:
        return self.opening + self.received - self.issued - self.spoiled == self.closing


@dataclass
class BlankReport:
    start: datetime.date
    end: datetime.date
    lines: list[ReportLine]
    total: ReportLine
    issued: list[Blank] = field(default_factory=list)
    spoiled: list[Blank] = field(default_factory=list)

    @property
    def reconciles(self) -> bool:
        return self.total.reconciles and all(line.reconciles for line in self.lines)


def _left_on():
    """The day a blank left the stock, never before the day it came in (a date typed wrong cannot
    make a blank leave before it arrived and break the balance)."""
    return Case(
        When(used_on__isnull=True, then=None),
        When(used_on__lt=F("batch__received_on"), then=F("batch__received_on")),
        default=F("used_on"),
        output_field=DateField(),
    )


def _used_in(start: datetime.date, end: datetime.date, status: str):
    return (
        Blank.objects.alias(left_on=_left_on())
        .filter(status=status, left_on__gte=start, left_on__lte=end)
        .select_related("document")
        .order_by("used_on", "kind", "series", "number")
    )


def blank_report(start: datetime.date, end: datetime.date) -> BlankReport:
    """Stock and movement of blanks per kind and series between `start` and `end` inclusive."""
    still_there = Q(used_on__isnull=True)
    rows = (
        Blank.objects.order_by()
        .alias(left_on=_left_on())
        .filter(batch__received_on__lte=end)
        .values("kind", "series")
        .annotate(
            opening=Count("pk", filter=Q(batch__received_on__lt=start) & (still_there | Q(left_on__gte=start))),
            received=Count("pk", filter=Q(batch__received_on__gte=start)),
            issued=Count("pk", filter=Q(status=BlankStatus.ISSUED, left_on__gte=start, left_on__lte=end)),
            spoiled=Count("pk", filter=Q(status=BlankStatus.SPOILED, left_on__gte=start, left_on__lte=end)),
            closing=Count("pk", filter=still_there | Q(left_on__gt=end)),
        )
        .order_by("kind", "series")
    )
    lines = [ReportLine(**row) for row in rows]
    lines = [line for line in lines if any(line.figures)]
    total = ReportLine(kind="", series="")
    for line in lines:
        for name in FIGURES:
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return BlankReport(
        start=start,
        end=end,
        lines=lines,
        total=total,
        issued=list(_used_in(start, end, BlankStatus.ISSUED)),
        spoiled=list(_used_in(start, end, BlankStatus.SPOILED)),
    )
