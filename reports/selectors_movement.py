"""Movement of the student body between two dates (движение контингента, RULES.md §8) per programme,
with faculty subtotals and the total, and balances that reconcile on every line:
opening + came in − went out = closing.

A line counts the *active* students of its programme who also pass the filters (year of study,
form, language, funding), as `enrollment.selectors.movement_between` does for the whole university.
Each status change in the period (`effective_on` in [start, end]) moves a student into a line when
the state after it belongs to the line and the state before it did not, and out of a line in the
opposite case; a change of programme is out of one line and into another. Summed over a student's
changes this telescopes, so the identity holds on every line whatever the orders were. The flows are
split by the change's movement (enrolled, transferred, returned, leave, expelled, graduated...);
promotions and repeat years that keep a student in the line are counted beside the balance.

Queries: the allowed programmes, the opening and closing counts (one each), the flows (in and out),
the expulsions by ground, the programme names: seven, whatever the size.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, F, IntegerField, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from academics.models import Programme
from enrollment.choices import Movement, StudentStatus
from enrollment.models import StatusChange
from enrollment.selectors import body_rows_as_of, ground_label

from .selectors_body import Column, Line, group_lines

# Which movements are shown as their own column of the flows in and out; the rest add to "other".
IN_MOVEMENTS = (
    Movement.ENROLLED,
    Movement.TRANSFERRED_IN,
    Movement.TRANSFERRED,
    Movement.REINSTATED,
    Movement.RETURNED,
)
OUT_MOVEMENTS = (
    Movement.LEAVE,
    Movement.EXPELLED,
    Movement.TRANSFERRED_OUT,
    Movement.TRANSFERRED,
    Movement.GRADUATED,
)
# Changes counted beside the balance: the student stays in the line (or moves between its years).
KEPT_MOVEMENTS = (Movement.PROMOTED, Movement.REPEAT_YEAR)

_TEXT_KEYS = {"study_form": "study_form", "language": "language", "funding": "funding"}


def movement_columns() -> list[Column]:
    labels = dict(Movement.choices)
    inflow, outflow = _("came in"), _("went out")
    columns = [Column("opening", _("at the start"))]
    columns += [
        Column(f"in:{m}", _("from another programme") if m == Movement.TRANSFERRED else labels[m], inflow)
        for m in IN_MOVEMENTS
    ]
    columns += [Column("in:other", _("other"), inflow), Column("in", _("came in, total"), inflow)]
    columns += [
        Column(f"out:{m}", _("to another programme") if m == Movement.TRANSFERRED else labels[m], outflow)
        for m in OUT_MOVEMENTS
    ]
    columns += [Column("out:other", _("other"), outflow), Column("out", _("went out, total"), outflow)]
    columns += [Column("closing", _("at the end"))]
    columns += [Column(f"kept:{m}", labels[m], _("within the line")) for m in KEPT_MOVEMENTS]
    return columns


def _side(side: str, filters: dict) -> tuple[dict, Q]:
    """Annotations and the condition "the state `side` (before/after) is in the report": active and
    passing the filters. Missing keys (the empty `before` of an enrolment) become "" / 0, never NULL,
    so the negated condition is plain true or false."""
    annotations = {
        f"{side}_status": Coalesce(KT(f"{side}__status"), Value(""), output_field=CharField()),
        f"{side}_programme": Coalesce(
            Cast(KT(f"{side}__programme_id"), IntegerField()), Value(0), output_field=IntegerField()
        ),
    }
    condition = Q(**{f"{side}_status": StudentStatus.ACTIVE.value})
    if filters.get("programme_ids") is not None:
        condition &= Q(**{f"{side}_programme__in": filters["programme_ids"]})
    if filters.get("year_of_study") is not None:
        annotations[f"{side}_year"] = Coalesce(
            Cast(KT(f"{side}__year_of_study"), IntegerField()), Value(0), output_field=IntegerField()
        )
        condition &= Q(**{f"{side}_year": int(filters["year_of_study"])})
    for name, key in _TEXT_KEYS.items():
        if filters.get(name):
            annotations[f"{side}_{name}"] = Coalesce(KT(f"{side}__{key}"), Value(""), output_field=CharField())
            condition &= Q(**{f"{side}_{name}": str(filters[name])})
    return annotations, condition


@dataclass
class MovementReport:
    start: datetime.date
    end: datetime.date
    columns: list[Column]
    lines: list[Line]
    total: Line
    grounds: list[tuple[str, str, int]]  # (ground, label, count)

    @property
    def opening_on(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)

    @property
    def unreconciled(self) -> list[Line]:
        return [line for line in [*self.lines, self.total] if not reconciles(line)]

    @property
    def reconciles(self) -> bool:
        return not self.unreconciled


def reconciles(line: Line) -> bool:
    v = line.values
    return v["opening"] + v["in"] - v["out"] == v["closing"]


def _programme_ids(faculty_ids, programme) -> list[int] | None:
    if faculty_ids is None and programme is None:
        return None
    qs = Programme.objects.all()
    if faculty_ids is not None:
        qs = qs.filter(faculty_id__in=faculty_ids)
    if programme is not None:
        qs = qs.filter(pk=getattr(programme, "pk", programme))
    return list(qs.values_list("pk", flat=True))


def _active_by_programme(day: datetime.date, programme_ids, filters: dict) -> Counter:
    if programme_ids is not None and not programme_ids:
        return Counter()
    rows = body_rows_as_of(day, status=StudentStatus.ACTIVE, programme=programme_ids, **filters)
    counted = (
        StatusChange.objects.filter(pk__in=rows.values("pk"))
        .values_list(Cast(KT("after__programme_id"), IntegerField()))
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter(dict(counted))


def _grouped(changes, programme_alias: str):
    """(programme id, movement, count) of `changes`, grouped in SQL."""
    rows = changes.values(pid=F(programme_alias), mv=F("movement")).annotate(n=Count("id")).order_by()
    return [(r["pid"], r["mv"], r["n"]) for r in rows]


def movement_report(
    start: datetime.date, end: datetime.date, *, faculty_ids=None, programme=None, **filters
) -> MovementReport:
    """The movement table for [start, end]; filters: year_of_study, study_form, language, funding."""
    if end < start:
        raise ValueError("end before start")
    programme_ids = _programme_ids(faculty_ids, programme)
    state_filters = {k: v for k, v in filters.items() if v not in (None, "")}
    side_filters = {**state_filters, "programme_ids": programme_ids}
    before_annotations, was_in = _side("before", side_filters)
    after_annotations, now_in = _side("after", side_filters)
    changes = StatusChange.objects.filter(effective_on__gte=start, effective_on__lte=end).alias(
        **before_annotations, **after_annotations
    )
    same_programme = Q(before_programme=F("after_programme"))
    came_in = changes.filter(now_in & ~(was_in & same_programme))
    went_out = changes.filter(was_in & ~(now_in & same_programme))
    kept = changes.filter(was_in & now_in & same_programme & Q(movement__in=KEPT_MOVEMENTS))

    counts: dict[tuple[int, None], Counter] = defaultdict(Counter)
    for pid, n in _active_by_programme(start - datetime.timedelta(days=1), programme_ids, state_filters).items():
        counts[(pid, None)]["opening"] += n
    for pid, n in _active_by_programme(end, programme_ids, state_filters).items():
        counts[(pid, None)]["closing"] += n
    for pid, movement, n in _grouped(came_in, "after_programme"):
        key = f"in:{movement}" if movement in IN_MOVEMENTS else "in:other"
        counts[(pid, None)][key] += n
        counts[(pid, None)]["in"] += n
    for pid, movement, n in _grouped(went_out, "before_programme"):
        key = f"out:{movement}" if movement in OUT_MOVEMENTS else "out:other"
        counts[(pid, None)][key] += n
        counts[(pid, None)]["out"] += n
    for pid, movement, n in _grouped(kept, "after_programme"):
        counts[(pid, None)][f"kept:{movement}"] += n
    grounds = Counter(
        dict(went_out.filter(movement=Movement.EXPELLED).values_list("ground").annotate(n=Count("id")).order_by())
    )
    programmes = Programme.objects.select_related("faculty").in_bulk([pid for pid, _ in counts])
    lines, total = group_lines(counts, programmes)
    lines = [line for line in lines if line.kind != "row"]  # one line per programme: the subtotal is it
    for line in lines:
        line.kind = "row" if line.kind == "programme" else line.kind
    return MovementReport(
        start=start,
        end=end,
        columns=movement_columns(),
        lines=lines,
        total=total,
        grounds=[(g, ground_label(g) or "—", n) for g, n in sorted(grounds.items(), key=lambda i: (-i[1], i[0]))],
    )


def chart_data(report: MovementReport) -> dict:
    """Chart.js data: came in and went out by movement, for the total."""
    columns = [c for c in report.columns if c.key.startswith(("in:", "out:"))]
    return {
        "labels": [f"{c.group}: {c.label}" for c in columns],
        "datasets": [
            {
                "label": str(_("students")),
                "data": [report.total.values.get(c.key, 0) for c in columns],
            }
        ],
    }
