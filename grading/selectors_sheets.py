"""Reads of the sheet pages: who sees which sheets, the grid of one sheet with its column windows,
the letter distribution, the correction history and queue, and the dashboard counts.

Every function reads in a number of queries that does not grow with the rows of a sheet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academics.choices import ControlForm
from enrollment.policies import dean_faculty_ids
from registrar.errors import DomainError
from registrar.models import GradeScaleRow
from registrar.policy import may
from registrar.roles import Role
from registrar.selectors import grade_scale

from .final_score import Outcome
from .models import Correction, CorrectionStatus, Sheet, SheetKind, SheetRow, SheetStatus
from .services import sheets as svc

SHEET_RELATED = (
    "term__academic_year",
    "academic_year",
    "discipline__department",
    "section__discipline",
    "teacher__user",
    "parent",
    "created_by",
    "submitted_by",
    "closed_by",
)

# Columns of the grid in their order; `entry` columns are typed in, the others are derived.
SCORE_COLUMNS = ("current1", "midterm1", "r1", "current2", "midterm2", "r2", "admission", "exam")
SINGLE_SCORE_FORMS = (ControlForm.COURSEWORK, ControlForm.PRACTICE, ControlForm.PASS_FAIL)


def sheets_visible_to(user, queryset=None):
    """The sheets `user` may open: the office all; a teacher their own; a dean's office its faculties.
    Mirrors the "sheet.view" rule (a user with several roles sees the union)."""
    qs = Sheet.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_office:
        return qs
    condition = Q(pk__in=[])
    if user.has_role(Role.TEACHER):
        condition |= Q(teacher__user_id=user.pk)
    if user.has_role(Role.DEAN_OFFICE):
        condition |= Q(discipline__department__faculty_id__in=dean_faculty_ids(user) or set())
    return qs.filter(condition)


def sheet_queryset():
    return Sheet.objects.select_related(*SHEET_RELATED)


def sheet_list_queryset(user):
    return sheets_visible_to(
        user, Sheet.objects.select_related("term__academic_year", "discipline", "section__discipline", "teacher__user")
    ).annotate(row_count=Count("rows"))


def entry_fields(sheet: Sheet) -> tuple[str, ...]:
    """The columns typed in on this sheet: one score (and the mark) for coursework, practice and
    pass/fail, and for an FX retake only the exam; the two halves and the exam otherwise."""
    if sheet.kind == SheetKind.FX_RETAKE or sheet.control_form in SINGLE_SCORE_FORMS:
        return ("exam", "mark")
    return svc.ENTRY_FIELDS


def shown_fields(sheet: Sheet) -> tuple[str, ...]:
    """Score columns shown in the grid and the documents."""
    if sheet.control_form in SINGLE_SCORE_FORMS:
        return ("exam",)
    return SCORE_COLUMNS


@dataclass
class Column:
    field: str
    label: str
    short: str
    entry: bool  # typed in (an input when the sheet can be edited)
    editable: bool = False  # for this user now
    closed_reason: str = ""  # why it is read-only for this user (the window)


def column_labels(sheet: Sheet) -> dict[str, tuple[str, str]]:
    """field -> (long label, short header)."""
    single = sheet.control_form in SINGLE_SCORE_FORMS
    return {
        "current1": (_("current control 1"), _("Current 1")),
        "midterm1": (_("midterm control 1"), _("Midterm 1")),
        "r1": (_("rating 1"), _("R1")),
        "current2": (_("current control 2"), _("Current 2")),
        "midterm2": (_("midterm control 2"), _("Midterm 2")),
        "r2": (_("rating 2"), _("R2")),
        "admission": (_("admission rating"), _("Admission")),
        "exam": (_("score"), _("Score")) if single else (_("exam"), _("Exam")),
        "mark": (_("mark"), _("Mark")),
    }


def _window_problems(sheet: Sheet, fields, study_forms) -> dict[tuple[str, str], str]:
    """(field, study form) -> why a teacher cannot type in that column for students of that form
    today ("" when the window is open). One or two queries per window kind and study form of the
    sheet's students, never per row."""
    problems: dict[tuple[str, str], str] = {}
    by_kind: dict[tuple[str, str], str] = {}
    for field_name in fields:
        kind = svc._window_for(sheet, field_name)
        for form in study_forms:
            key = (kind, form)
            if key not in by_kind:
                try:
                    svc._check_entry_window(sheet, field_name, SimpleNamespace(study_form=form or None))
                    by_kind[key] = ""
                except DomainError as exc:
                    by_kind[key] = str(exc.message)
            problems[(field_name, form)] = by_kind[key]
    return problems


def grid(sheet: Sheet, user, rows: list[SheetRow]) -> list[Column]:
    """The grid's columns, and `row.cells` on every row: what each cell shows and whether this user
    may type in it now (the sheet is open, the user enters grades on it, the column's window is open
    for that student). No query per row."""
    can_edit = sheet.status == SheetStatus.OPEN and may(user, "sheet.enter", sheet)
    entries = entry_fields(sheet)
    labels = column_labels(sheet)
    forms = {r.student.study_form for r in rows}
    problems = _window_problems(sheet, entries, forms) if can_edit and not user.is_office else {}
    columns = []
    for name in (*shown_fields(sheet), "mark"):
        entry = name in entries
        label, short = labels[name]
        reasons = {problems.get((name, f), "") for f in forms}
        closed_for_all = bool(reasons) and all(reasons)
        columns.append(
            Column(
                name,
                label,
                short,
                entry=entry,
                editable=can_edit and entry and not closed_for_all,
                closed_reason=next(iter(reasons)) if closed_for_all and len(reasons) == 1 else "",
            )
        )
    for row in rows:
        row.cells = []
        for column in columns:
            reason = problems.get((column.field, row.student.study_form), "") if column.entry else ""
            row.cells.append(
                {
                    "field": column.field,
                    "label": column.label,
                    "value": getattr(row, column.field),
                    "display": row.get_mark_display() if column.field == "mark" and row.mark else "",
                    "entry": column.entry,
                    "editable": can_edit and column.entry and not reason,
                    "reason": reason,
                }
            )
    return columns


def sheet_rows(sheet: Sheet) -> list[SheetRow]:
    return list(
        SheetRow.objects.filter(sheet=sheet)
        .select_related("student__group", "updated_by")
        .order_by("student__last_name", "student__first_name", "student__patronymic", "pk")
    )


def traditional_labels() -> dict[str, str]:
    return {value: str(label) for value, label in GradeScaleRow.TRADITIONAL_CHOICES}


OUTCOME_LABELS = {
    Outcome.NOT_ADMITTED: gettext_lazy("not admitted"),
    Outcome.NO_SHOW: gettext_lazy("no-show"),
    Outcome.DEFERRED: gettext_lazy("deferred"),
    Outcome.INCOMPLETE: gettext_lazy("—"),
    Outcome.PASSED: gettext_lazy("passed"),
    Outcome.NOT_PASSED: gettext_lazy("not passed"),
}


def outcome_label(row: SheetRow, bands: dict, traditional: dict[str, str]) -> str:
    """The traditional grade (excellent, good, ...) of a graded or FX row; the reason otherwise."""
    if row.outcome in (Outcome.GRADED, Outcome.FX):
        band = bands.get(row.letter)
        return traditional.get(band.traditional, "") if band else ""
    return str(OUTCOME_LABELS.get(row.outcome, row.outcome))


def decorate_rows(rows: list[SheetRow]) -> list[SheetRow]:
    """Attach `outcome_text` to each row (one query for the scale)."""
    bands = {b.letter: b for b in grade_scale()}
    traditional = traditional_labels()
    for row in rows:
        row.outcome_text = outcome_label(row, bands, traditional)
    return rows


BAR, BAR_HEIGHT = 34, 100  # the chart: one bar per letter, the tallest 100 px


@dataclass
class Distribution:
    bars: list[dict] = field(default_factory=list)  # {letter, count, percent, height, x}
    total: int = 0
    pending: int = 0
    others: list[tuple[str, int]] = field(default_factory=list)  # outcomes without a letter: (label, count)
    max_count: int = 0
    width: int = 0
    bar_width: int = 0
    base_y: int = 0


def letter_distribution(rows: list[SheetRow]) -> Distribution:
    """Count per letter of the scale (in the scale's order, zeros included) for the chart and table."""
    scale = [b.letter for b in sorted(grade_scale(), key=lambda b: -b.min_percent)]
    counts = Counter(r.letter for r in rows if r.letter)
    extra = [letter for letter in counts if letter not in scale]  # P / NP of pass/fail disciplines
    letters = scale + sorted(extra)
    graded = sum(counts.values())
    dist = Distribution(
        total=len(rows),
        max_count=max(counts.values(), default=0),
        width=len(letters) * BAR + 8,
        bar_width=BAR - 8,
        base_y=16 + BAR_HEIGHT,
    )
    for i, letter in enumerate(letters):
        n = counts.get(letter, 0)
        height = round(BAR_HEIGHT * n / dist.max_count) if dist.max_count else 0
        dist.bars.append(
            {
                "letter": letter,
                "count": n,
                "percent": round(100 * n / graded) if graded else 0,
                "x": i * BAR + 6,
                "y": 16 + BAR_HEIGHT - height,
                "height": height,
                "label_x": i * BAR + 6 + (BAR - 8) // 2,
                "count_y": 12 + BAR_HEIGHT - height,
            }
        )
    outcomes = Counter(r.outcome for r in rows if not r.letter)
    dist.pending = outcomes.pop(Outcome.INCOMPLETE, 0)
    dist.others = [(str(OUTCOME_LABELS.get(o, o)), n) for o, n in sorted(outcomes.items())]
    return dist


def sheet_groups(rows: list[SheetRow]) -> list[str]:
    """Names of the academic groups of the sheet's students."""
    return sorted({r.student.group.name for r in rows if r.student.group_id})


def sheet_corrections(sheet: Sheet) -> list[Correction]:
    """Every correction of the sheet, newest first, with `field_label` (the column's name)."""
    labels = column_labels(sheet)
    corrections = list(
        Correction.objects.filter(row__sheet=sheet)
        .select_related("row__student", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )
    for c in corrections:
        c.field_label = labels[c.field][0] if c.field in labels else c.field
    return corrections


def correction_queue():
    return Correction.objects.select_related(
        "row__student", "row__sheet__discipline", "row__sheet__term__academic_year", "requested_by", "decided_by"
    )


def derived_sheets(sheet: Sheet) -> list[Sheet]:
    return list(sheet.retakes.select_related("discipline").order_by("sequence"))


# --- dashboard ---------------------------------------------------------------------------------------


def panel_counts(user) -> dict:
    """What the sheet panel shows this user: two queries at most."""
    visible = sheets_visible_to(user)
    counts = visible.aggregate(
        open=Count("pk", filter=Q(status=SheetStatus.OPEN)),
        submitted=Count("pk", filter=Q(status=SheetStatus.SUBMITTED)),
        closed=Count("pk", filter=Q(status=SheetStatus.CLOSED)),
    )
    corrections = None
    if may(user, "correction.decide"):
        corrections = Correction.objects.filter(status=CorrectionStatus.PENDING).count()
    return {"counts": counts, "pending_corrections": corrections}
