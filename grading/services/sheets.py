"""Exam-rating sheets: creation per section, grade entry cell by cell, submission, closing (which writes
the final results into the record and opens FX-retake sheets), and corrections of closed sheets.

RULES.md §2 (formula, via grading.final_score), §3 (FX retake keeps the admission rating; F goes
back into the next plan, which registration already does from the record; a third failure is flagged).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from academics.calendar_rules import PeriodScope
from academics.choices import ControlForm, PeriodKind, TermKind
from academics.models import AcademicYear, Discipline, Term
from academics.services.calendar import period_next, period_open
from enrollment.choices import PlanStatus, ResultSource, SectionStatus
from enrollment.models import PlanItem, Result, Section
from enrollment.registration_rules import fmt
from enrollment.services.record import NewResult, result_correct, results_record
from registrar.errors import DomainError
from registrar.notices import notify
from registrar.policy import require
from registrar.selectors import grade_scale, university_settings

from ..final_score import Grade, Mark, Outcome, Rules, final_grade, pass_fail_grade, single_score_grade
from ..models import Correction, CorrectionStatus, RowMark, Sheet, SheetKind, SheetRow, SheetStatus
from .gpa import gpa_recompute

SCORE_FIELDS = ("current1", "midterm1", "current2", "midterm2", "exam")
ENTRY_FIELDS = (*SCORE_FIELDS, "mark")
# Which calendar window lets a teacher enter which column (RULES.md §6).
FIELD_WINDOW = {
    "current1": PeriodKind.GRADE_ENTRY_1,
    "midterm1": PeriodKind.GRADE_ENTRY_1,
    "current2": PeriodKind.GRADE_ENTRY_2,
    "midterm2": PeriodKind.GRADE_ENTRY_2,
    "exam": PeriodKind.GRADE_ENTRY_EXAM,
    "mark": PeriodKind.GRADE_ENTRY_EXAM,
}
PLAN_STATUSES = (PlanStatus.APPROVED, PlanStatus.LOCKED)


def rules() -> Rules:
    return Rules.from_settings(university_settings(), grade_scale())


# --- computing a row ---------------------------------------------------------------------------------


def row_grade(row: SheetRow, control_form: str, rule_set: Rules | None = None) -> Grade:
    rule_set = rule_set or rules()
    if control_form == ControlForm.PASS_FAIL:
        passed = None if row.exam is None else row.exam >= rule_set.exam_threshold
        return pass_fail_grade(passed, row.mark)
    if control_form in (ControlForm.COURSEWORK, ControlForm.PRACTICE):
        return single_score_grade(row.exam, rule_set, row.mark)
    return final_grade(
        current1=row.current1,
        midterm1=row.midterm1,
        current2=row.current2,
        midterm2=row.midterm2,
        r1=row.r1 if row.current1 is None and row.r1 is not None else None,
        r2=row.r2 if row.current2 is None and row.r2 is not None else None,
        exam=row.exam,
        mark=row.mark,
        prerequisites_passed=row.prerequisites_passed,
        rules=rule_set,
    )


def apply_grade(row: SheetRow, grade: Grade) -> None:
    if grade.r1 is not None or row.current1 is not None:
        row.r1 = grade.r1
    if grade.r2 is not None or row.current2 is not None:
        row.r2 = grade.r2
    row.admission = grade.admission
    row.outcome = grade.outcome
    row.score = grade.score
    row.letter = grade.letter
    row.points = grade.points


DERIVED = ("r1", "r2", "admission", "outcome", "score", "letter", "points")


# --- creating sheets ---------------------------------------------------------------------------------


def _next_sequence(academic_year: AcademicYear) -> int:
    AcademicYear.objects.select_for_update().filter(pk=academic_year.pk).exists()
    last = Sheet.objects.filter(academic_year=academic_year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


def _number(academic_year: AcademicYear, sequence: int) -> str:
    return f"{academic_year.start_year}-{sequence:05d}"


@dataclass
class CreatedSheets:
    created: int = 0
    rows: int = 0
    skipped_existing: int = 0


def _passed_before(student_ids, term: Term) -> dict[int, set[int]]:
    """{student id: disciplines passed before `term`} by the latest attempt of each discipline (as
    `record_state(student, before_term=term)` gives for one student), in one query."""
    if not student_ids:
        return {}
    latest: dict[tuple[int, int], tuple[int, bool]] = {}
    for student_id, discipline_id, attempt, ok in (
        Result.objects.filter(student_id__in=student_ids)
        .exclude(term__starts_on__gte=term.starts_on)
        .values_list("student_id", "discipline_id", "attempt", "passed")
    ):
        key = (student_id, discipline_id)
        if key not in latest or attempt > latest[key][0]:
            latest[key] = (attempt, ok)
    passed: dict[int, set[int]] = {}
    for (student_id, discipline_id), (_attempt, ok) in latest.items():
        if ok:
            passed.setdefault(student_id, set()).add(discipline_id)
    return passed


def sheets_create_for_term(*, term: Term, actor) -> CreatedSheets:
    """One regular sheet per open section of the term that students sit in (the stream, or the
    practice group of a discipline without lectures), listing the students of approved plans.
    Idempotent: an existing sheet gains the students it lacks while it is open. The rules, the
    prerequisites and the students' records are read once for the term; the new sheets (with their
    history) and rows are written in bulk."""
    require(actor, "sheet.manage")
    report = CreatedSheets()
    with transaction.atomic():
        Term.objects.select_for_update().filter(pk=term.pk).exists()
        items = (
            PlanItem.objects.filter(plan__term=term, plan__status__in=PLAN_STATUSES, section__isnull=False)
            .exclude(section__status=SectionStatus.CANCELLED)
            .select_related("section__discipline", "section__teacher", "plan")
            .order_by("section_id")
        )
        if term.kind == TermKind.SUMMER:
            # The summer term is paid: its sheets list only students whose payment is confirmed.
            items = items.filter(plan__payment_confirmed_at__isnull=False)
        by_section: dict[int, list[PlanItem]] = {}
        sections: dict[int, Section] = {}
        for item in items:
            by_section.setdefault(item.section_id, []).append(item)
            sections[item.section_id] = item.section
        kind = SheetKind.SUMMER if term.kind == TermKind.SUMMER else SheetKind.REGULAR
        existing = {s.section_id: s for s in Sheet.objects.filter(section_id__in=sections, kind=kind)}
        prerequisites: dict[int, list[int]] = {}
        through = Discipline.prerequisites.through
        for discipline_id, prerequisite_id in through.objects.filter(
            from_discipline_id__in={s.discipline_id for s in sections.values()}
        ).values_list("from_discipline_id", "to_discipline_id"):
            prerequisites.setdefault(discipline_id, []).append(prerequisite_id)
        rule_set = rules()
        # Whose prerequisites must be looked up: the record before the term, one query for all of them.
        need = {
            item.plan.student_id
            for section_id, section_items in by_section.items()
            if prerequisites.get(sections[section_id].discipline_id)
            for item in section_items
        }
        passed = _passed_before(need, term)
        sequence = None
        fresh: list[Sheet] = []
        for section_id in by_section:
            if section_id in existing:
                continue
            section = sections[section_id]
            sequence = _next_sequence(term.academic_year) if sequence is None else sequence + 1
            fresh.append(
                Sheet(
                    number=_number(term.academic_year, sequence),
                    academic_year=term.academic_year,
                    sequence=sequence,
                    term=term,
                    section=section,
                    discipline=section.discipline,
                    teacher=section.teacher,
                    control_form=section.discipline.control_form,
                    kind=kind,
                    created_by=actor,
                )
            )
        created = {s.section_id: s for s in bulk_create_with_history(fresh, Sheet, batch_size=500, default_user=actor)}
        report.created = len(created)
        new_rows = []
        for section_id, section_items in by_section.items():
            section = sections[section_id]
            sheet = created.get(section_id)
            if sheet is not None:
                have = set()
            else:
                sheet = existing[section_id]
                report.skipped_existing += 1
                if sheet.status != SheetStatus.OPEN:
                    continue
                have = set(sheet.rows.values_list("student_id", flat=True))
            prereqs = prerequisites.get(section.discipline_id, [])
            for item in section_items:
                student_id = item.plan.student_id
                if student_id in have:
                    continue
                ok = all(p in passed.get(student_id, ()) for p in prereqs)
                row = SheetRow(sheet=sheet, student_id=student_id, plan_item=item, prerequisites_passed=ok)
                apply_grade(row, row_grade(row, sheet.control_form, rule_set))
                new_rows.append(row)
        SheetRow.objects.bulk_create(new_rows, batch_size=1000)
        report.rows = len(new_rows)
    return report


# --- grade entry -----------------------------------------------------------------------------------


def _parse(field: str, raw) -> Decimal | str | None:
    if field == "mark":
        value = (raw or "").strip()
        if value not in RowMark.values:
            raise DomainError(_("Unknown mark."), field=field)
        return value
    text = ("" if raw is None else str(raw)).strip().replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError(_("Enter a number from 0 to 100."), field=field) from None
    if not value.is_finite() or not (Decimal(0) <= value <= Decimal(100)):
        raise DomainError(_("Enter a number from 0 to 100."), field=field)
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(_("At most two decimals."), field=field)
    return value


def _window_for(sheet: Sheet, field: str) -> str:
    if sheet.kind == SheetKind.FX_RETAKE and field in ("exam", "mark"):
        return PeriodKind.FX_RETAKE
    return FIELD_WINDOW[field]


def _check_entry_window(sheet: Sheet, field: str, student) -> None:
    kind = _window_for(sheet, field)
    scope = PeriodScope(study_form=student.study_form, term=sheet.term_id)
    if period_open(kind, scope) is not None:
        return
    label = PeriodKind(kind).label
    upcoming = period_next(kind, scope)
    if upcoming:
        raise DomainError(
            _("Grade entry for this column is closed (%(window)s); it opens on %(start)s and closes on %(end)s.")
            % {"window": label, "start": fmt(upcoming.starts_on), "end": fmt(upcoming.ends_on)},
            field=field,
        )
    raise DomainError(
        _("Grade entry for this column is closed (%(window)s) and no window is set in the academic calendar.")
        % {"window": label},
        field=field,
    )


@dataclass(frozen=True)
class CellSaved:
    row: SheetRow
    value: object


def sheet_cell_update(*, row: SheetRow, field: str, value, version: int, actor) -> CellSaved:
    """Save one cell as typed. Refused when the sheet is not open, the column's grade-entry window
    is closed, the value is invalid, or the row changed since `version` was read (someone else saved
    it: the message shows their value, nothing is overwritten)."""
    if field not in ENTRY_FIELDS:
        raise DomainError(_("This column cannot be edited."), field=field)
    parsed = _parse(field, value)
    with transaction.atomic():
        row = SheetRow.objects.select_for_update().select_related("sheet", "student").get(pk=row.pk)
        sheet = row.sheet
        require(actor, "sheet.enter", sheet)
        if sheet.status != SheetStatus.OPEN:
            raise DomainError(_("Sheet %(number)s is %(status)s; it cannot be changed.") % {
                "number": sheet.number, "status": sheet.get_status_display()})  # fmt: skip
        if row.version != version:
            current = getattr(row, field)
            raise DomainError(
                _("Someone else changed this row a moment ago (the cell now holds %(value)s). Reload and try again.")
                % {"value": "—" if current in (None, "") else current},
                field=field,
            )
        if not actor.is_office:
            _check_entry_window(sheet, field, row.student)
        if sheet.kind == SheetKind.FX_RETAKE and field not in ("exam", "mark"):
            raise DomainError(_("An FX retake keeps the admission rating; only the exam is entered."), field=field)
        setattr(row, field, parsed if parsed is not None or field != "mark" else "")
        apply_grade(row, row_grade(row, sheet.control_form))
        row.version += 1
        row.updated_by = actor
        row.save(update_fields=[field, *DERIVED, "version", "updated_by", "updated_at"])
        return CellSaved(row, parsed)


# --- import of a filled-in sheet (xlsx) ----------------------------------------------------------------


@dataclass(frozen=True)
class ImportEntry:
    """One line of an imported sheet: whose row, the version of the row when the file was made,
    and the cells as written (field -> raw text or number; empty clears the cell)."""

    line: int
    student_number: str
    version: int | None
    values: dict


@dataclass
class ImportApplied:
    rows: int = 0
    cells: int = 0


def _field_label(field: str) -> str:
    return str(SheetRow._meta.get_field(field).verbose_name)


def sheet_import_apply(*, sheet: Sheet, entries: list[ImportEntry], actor, check_only: bool = False) -> ImportApplied:
    """Apply an imported sheet: every line is checked first with the rules of `sheet_cell_update`
    (the student is on the sheet, values 0–100 with at most two decimals, the grade-entry windows for
    teachers, only the exam on an FX retake) and against the row's version written into the file, so
    a row someone changed since the file was downloaded is named, never overwritten. Any problem
    refuses the whole file (ImportFailed lists every one with its line); otherwise every changed row
    is saved in one transaction. `check_only` runs the checks and writes nothing."""
    from registrar.xlsx_import import ImportFailed, RowError

    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
        require(actor, "sheet.enter", sheet)
        if sheet.status != SheetStatus.OPEN:
            raise DomainError(_("Sheet %(number)s is %(status)s; it cannot be changed.") % {
                "number": sheet.number, "status": sheet.get_status_display()})  # fmt: skip
        rows = {
            r.student.student_number: r
            for r in SheetRow.objects.select_for_update(of=("self",)).filter(sheet=sheet).select_related("student")
        }
        errors: list[RowError] = []
        windows: dict[tuple[str, str], str | None] = {}
        seen: dict[str, int] = {}
        changes: list[tuple[SheetRow, dict]] = []
        for entry in entries:
            number = (entry.student_number or "").strip()
            row = rows.get(number)
            if row is None:
                errors.append(
                    RowError(entry.line, None, _("student %(number)s is not on this sheet") % {"number": number})
                )
                continue
            if number in seen:
                errors.append(
                    RowError(
                        entry.line,
                        None,
                        _("student %(number)s is already in row %(n)s") % {"number": number, "n": seen[number]},
                    )  # fmt: skip
                )
                continue
            seen[number] = entry.line
            if entry.version is None:
                errors.append(RowError(entry.line, None, _("the row version is missing: download a fresh template")))
                continue
            if entry.version != row.version:
                errors.append(
                    RowError(
                        entry.line,
                        None,
                        _(
                            "%(name)s: someone changed this row after the file was downloaded; download a fresh "
                            "template and enter the changes again"
                        )
                        % {"name": row.student.full_name},
                    )  # fmt: skip
                )
                continue
            changed = {}
            for field, raw in entry.values.items():
                if field not in ENTRY_FIELDS:
                    continue
                try:
                    value = _parse(field, raw)
                except DomainError as exc:
                    errors.append(RowError(entry.line, _field_label(field), str(exc.message)))
                    continue
                if field == "mark":
                    value = value or ""
                current = getattr(row, field)
                if value == current or (value is None and current in (None, "")):
                    continue
                if sheet.kind == SheetKind.FX_RETAKE and field not in ("exam", "mark"):
                    errors.append(
                        RowError(
                            entry.line,
                            _field_label(field),
                            _("An FX retake keeps the admission rating; only the exam is entered."),
                        )
                    )
                    continue
                if not actor.is_office:
                    key = (field, row.student.study_form)
                    if key not in windows:
                        try:
                            _check_entry_window(sheet, field, row.student)
                            windows[key] = None
                        except DomainError as exc:
                            windows[key] = str(exc.message)
                    if windows[key]:
                        errors.append(RowError(entry.line, _field_label(field), windows[key]))
                        continue
                changed[field] = value
            if changed:
                changes.append((row, changed))
        if errors:
            raise ImportFailed(sorted(errors, key=lambda e: e.row or 0))
        applied = ImportApplied()
        if check_only:
            return applied
        rule_set = rules()
        for row, changed in changes:
            for field, value in changed.items():
                setattr(row, field, value)
            apply_grade(row, row_grade(row, sheet.control_form, rule_set))
            row.version += 1
            row.updated_by = actor
            row.save(update_fields=[*changed, *DERIVED, "version", "updated_by", "updated_at"])
            applied.rows += 1
            applied.cells += len(changed)
        return applied


# --- submission and closing ---------------------------------------------------------------------------


def sheet_submit(*, sheet: Sheet, actor) -> Sheet:
    """The teacher hands the sheet in: every row must be final or deferred."""
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
        require(actor, "sheet.enter", sheet)
        if sheet.status != SheetStatus.OPEN:
            raise DomainError(_("Only an open sheet can be submitted."))
        missing = list(
            sheet.rows.filter(outcome=Outcome.INCOMPLETE).select_related("student").order_by("student__last_name")[:5]
        )
        if missing:
            names = ", ".join(str(r.student) for r in missing)
            raise DomainError(
                _("Some students have no final grade yet: %(names)s. Enter their scores or mark them.")
                % {"names": names}
            )
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.submitted_by = actor
        sheet.save(update_fields=["status", "submitted_at", "submitted_by"])
        return sheet


def sheet_reopen(*, sheet: Sheet, actor, reason: str) -> Sheet:
    """The registrar gives a submitted sheet back to the teacher."""
    require(actor, "sheet.manage")
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != SheetStatus.SUBMITTED:
            raise DomainError(_("Only a submitted sheet can be reopened."))
        sheet.status = SheetStatus.OPEN
        sheet.save(update_fields=["status"])
        if sheet.teacher_id and sheet.teacher.user_id:
            notify(
                [sheet.teacher.user],
                lambda: _("Sheet %(number)s was given back to you") % {"number": sheet.number},
                lambda: reason,
                url=f"/grading/sheets/{sheet.pk}/",
            )
        return sheet


SOURCE_BY_KIND = {
    SheetKind.REGULAR: ResultSource.SHEET,
    SheetKind.DEFERRED: ResultSource.SHEET,
    SheetKind.FX_RETAKE: ResultSource.RETAKE,
    SheetKind.SUMMER: ResultSource.SUMMER,
}


@dataclass
class ClosedSheet:
    sheet: Sheet
    results: int
    retake_sheet: Sheet | None
    flagged: list[int]


def sheet_close(*, sheet: Sheet, actor) -> ClosedSheet:
    """Close a submitted sheet: write each final row as a result (next attempt), open an FX-retake
    sheet for the FX rows (admission kept), and flag students whose failures of this discipline reach
    three (grounds for expulsion; a person decides by order). Deferred rows stay open on a
    deferred-exam sheet. One transaction, a bounded number of queries."""
    require(actor, "sheet.manage")
    with transaction.atomic():
        sheet = Sheet.objects.select_for_update().select_related("academic_year", "discipline", "term").get(pk=sheet.pk)
        if sheet.status != SheetStatus.SUBMITTED:
            raise DomainError(_("Only a submitted sheet can be closed; this one is %(status)s.") % {
                "status": sheet.get_status_display()})  # fmt: skip
        rows = list(sheet.rows.all())
        final = [r for r in rows if r.outcome not in (Outcome.INCOMPLETE, Outcome.DEFERRED)]
        credits = sheet.discipline.credits
        created = results_record(
            actor=actor,
            results=[
                NewResult(
                    student_id=r.student_id,
                    discipline_id=sheet.discipline_id,
                    term_id=sheet.term_id,
                    credits=credits,
                    national_credits=sheet.discipline.national_credits,
                    score=r.score,
                    letter=r.letter,
                    points=r.points,
                    passed=r.outcome in (Outcome.GRADED, Outcome.PASSED),
                    source=SOURCE_BY_KIND[sheet.kind],
                    source_ref=r.pk,
                )
                for r in final
            ],
        )
        retake = None
        fx_rows = [r for r in final if r.outcome == Outcome.FX]
        if fx_rows and sheet.kind in (SheetKind.REGULAR, SheetKind.DEFERRED, SheetKind.SUMMER):
            retake = _derived_sheet(sheet, SheetKind.FX_RETAKE, fx_rows, actor)
        deferred = [r for r in rows if r.outcome == Outcome.DEFERRED]
        if deferred:
            _derived_sheet(sheet, SheetKind.DEFERRED, deferred, actor)
        failed_ids = [r.student_id for r in final if r.outcome not in (Outcome.GRADED, Outcome.PASSED)]
        flagged = []
        if failed_ids:
            counts = {}
            for student_id in Result.objects.filter(
                student_id__in=failed_ids, discipline_id=sheet.discipline_id, passed=False
            ).values_list("student_id", flat=True):
                counts[student_id] = counts.get(student_id, 0) + 1
            # RULES.md §3: at most `max_exam_retakes` retakes; the failure after them is grounds for expulsion.
            limit = university_settings().max_exam_retakes + 1
            flagged = sorted(s for s, n in counts.items() if n >= limit)
            if flagged:
                _notify_flagged(sheet, flagged)
        gpa_recompute(student_ids=[r.student_id for r in final])
        sheet.status = SheetStatus.CLOSED
        sheet.closed_at = timezone.now()
        sheet.closed_by = actor
        sheet.save(update_fields=["status", "closed_at", "closed_by"])
        return ClosedSheet(sheet, len(created), retake, flagged)


def _notify_flagged(sheet: Sheet, student_ids: list[int]) -> None:
    """Tell the registrar's office whose failures of the discipline reached three (a person decides)."""
    from enrollment.models import Student
    from registrar.models import User
    from registrar.roles import Role

    students = Student.objects.filter(pk__in=student_ids).order_by("last_name", "first_name", "patronymic")
    names = ", ".join(f"{s.full_name} ({s.student_number})" for s in students)
    office = User.objects.filter(is_active=True, groups__name__in=[Role.REGISTRAR, Role.REGISTRAR_HEAD]).distinct()
    notify(
        list(office),
        lambda: _("Third failure in %(code)s: grounds for expulsion") % {"code": sheet.discipline.code},
        lambda: (
            _(
                "Closing sheet %(number)s (%(discipline)s) gave these students their third unsatisfactory result "
                "of the discipline: %(names)s. A person decides by order."
            )
            % {"number": sheet.number, "discipline": sheet.discipline.name, "names": names}
        ),
        url=reverse("sheet_detail", args=[sheet.pk]),
    )


def _derived_sheet(parent: Sheet, kind: str, rows: list[SheetRow], actor) -> Sheet:
    sequence = _next_sequence(parent.academic_year)
    child = Sheet.objects.create(
        number=_number(parent.academic_year, sequence),
        academic_year=parent.academic_year,
        sequence=sequence,
        term=parent.term,
        section=parent.section,
        discipline=parent.discipline,
        teacher=parent.teacher,
        kind=kind,
        parent=parent,
        control_form=parent.control_form,
        created_by=actor,
    )
    rule_set = rules()
    SheetRow.objects.bulk_create([retake_row(child, r, rule_set) for r in rows])
    return child


def retake_row(child: Sheet, r: SheetRow, rule_set) -> SheetRow:
    """The row of `r`'s student on the retake sheet `child`: the admission rating (current control
    and midterms) kept, the exam to be sat again, derived columns computed (not saved)."""
    row = SheetRow(
        sheet=child,
        student_id=r.student_id,
        plan_item_id=r.plan_item_id,
        current1=r.current1,
        midterm1=r.midterm1,
        current2=r.current2,
        midterm2=r.midterm2,
        r1=r.r1,
        r2=r.r2,
        prerequisites_passed=r.prerequisites_passed,
        mark=Mark.NONE,
    )
    apply_grade(row, row_grade(row, child.control_form, rule_set))
    return row


# --- corrections of closed sheets ----------------------------------------------------------------------


def correction_request(*, row: SheetRow, field: str, new_value, reason: str, actor) -> Correction:
    """Ask to change one cell of a closed sheet; the registrar head decides."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the correction."), field="reason")
    if field not in ENTRY_FIELDS:
        raise DomainError(_("This column cannot be corrected."), field="field")
    parsed = _parse(field, new_value)
    row = SheetRow.objects.select_related("sheet").get(pk=row.pk)
    require(actor, "sheet.correct", row.sheet)
    if row.sheet.status != SheetStatus.CLOSED:
        raise DomainError(_("Only closed sheets are corrected this way; an open sheet is edited directly."))
    if Correction.objects.filter(row=row, field=field, status=CorrectionStatus.PENDING).exists():
        raise DomainError(_("A correction of this cell is already awaiting approval."))
    old = getattr(row, field)
    return Correction.objects.create(
        row=row,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if parsed is None else str(parsed),
        reason=reason,
        requested_by=actor,
    )


def correction_decide(*, correction: Correction, approve: bool, actor, note: str = "") -> Correction:
    """The registrar head approves (the row and the result it produced change) or rejects it."""
    require(actor, "correction.decide")
    with transaction.atomic():
        correction = Correction.objects.select_for_update().select_related("row__sheet").get(pk=correction.pk)
        if correction.status != CorrectionStatus.PENDING:
            raise DomainError(_("This correction is already decided."))
        if correction.requested_by_id == actor.pk:
            raise DomainError(_("A correction is approved by someone other than the person who asked for it."))
        correction.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
        correction.decided_by = actor
        correction.decided_at = timezone.now()
        correction.decision_note = note.strip()
        correction.save()
        if approve:
            row = SheetRow.objects.select_for_update().get(pk=correction.row_id)
            current = getattr(row, correction.field)
            if ("" if current is None else str(current)) != correction.old_value:
                raise DomainError(_("The cell changed after the correction was requested; ask again."))
            setattr(row, correction.field, _parse(correction.field, correction.new_value))
            apply_grade(row, row_grade(row, correction.row.sheet.control_form))
            row.version += 1
            row.updated_by = actor
            row.save()
            result = Result.objects.filter(source_ref=row.pk, discipline_id=row.sheet.discipline_id).first()
            if result is not None and row.outcome not in (Outcome.INCOMPLETE, Outcome.DEFERRED):
                result_correct(
                    result=result,
                    score=row.score,
                    letter=row.letter,
                    points=row.points,
                    passed=row.outcome in (Outcome.GRADED, Outcome.PASSED),
                )
                gpa_recompute(student_ids=[result.student_id])
        return correction
