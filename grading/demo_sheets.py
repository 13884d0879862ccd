"""Demo grading (seeder 80: after course registration, academic mobility and recognition; before the
GPA step): exam-rating sheets and final results, through the grading services.

1. Sections for the locked plans of every past autumn or spring term and of the running one (one
   lecture stream per discipline and language of instruction, taught by a teacher of the discipline's
   department; the demo `teacher` gets two streams of the running term). A discipline a student
   already has in the record (academic mobility, recognition) is not sat again: the item stays out of
   the stream and the registrar lifts the section rule for it, with the reason on record
   (`override_grant`), so every plan still passes the registration checks.
2. Past terms, oldest first: `sheets_create_for_term`, the scores entered from the paper sheets by the
   registrar's office (`sheet_import_apply`), handed in by the sheet's teacher (`sheet_submit`),
   closed by the office (`sheet_close`, which writes the results and opens FX-retake sheets); the FX
   retakes are then filled in, handed in and closed the same way. Most students pass; a few get FX
   (most pass the retake) or are not admitted (F) — only in disciplines that are nobody's
   prerequisite, so no plan made later is refused by a failed prerequisite.
3. The running term (between terms: the latest one): its sheets, open. The demo `teacher`'s first
   sheet has the first rating half entered (and part of the second), the second is filled in and
   handed in (awaiting the office).

Deterministic for a seed; a rerun finds the regular sheets and changes nothing. The GPA snapshots
follow from `sheet_close` (and the GPA step recomputes everyone at the end).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.utils import timezone

OVERRIDE_REASON = (
    "Дисциплина уже есть в академической истории (академическая мобильность / перезачёт): "
    "в ведомость не включается. / Пән академиялық тарихта бар (академиялық ұтқырлық / қайта есептеу): "
    "ведомостке енгізілмейді."
)
FX_SHARE = 0.06  # of the rows of a discipline nobody needs as a prerequisite
NOT_ADMITTED_SHARE = 0.015
FX_RETAKE_FAILS = 0.2


def seed_sheets(ctx) -> None:
    from academics.choices import TermKind
    from academics.models import Term
    from enrollment.choices import PlanStatus
    from registrar.models import User

    from .models import Sheet, SheetKind
    from .services.gpa import gpa_recompute_batch

    registrar = User.objects.filter(username="registrar").first()
    if registrar is None:
        ctx.log("sheets: no demo registrar to act as; skipped")
        return
    if Sheet.objects.filter(kind=SheetKind.REGULAR).exists():
        ctx.log("sheets: the demo sheets exist already; nothing to do")
        return
    today = timezone.localdate()
    terms = list(
        Term.objects.filter(
            kind__in=[TermKind.AUTUMN, TermKind.SPRING],
            starts_on__lte=today,
            plans__status=PlanStatus.LOCKED,
        )
        .distinct()
        .select_related("academic_year")
        .order_by("starts_on")
    )
    if not terms:
        ctx.log("sheets: no term with locked study plans has started; skipped")
        return
    past = [t for t in terms if t.ends_on < today]
    running = next((t for t in terms if t.ends_on >= today), None)
    if running is None and past:
        running = past.pop()  # between terms: the session just over is the one still being graded
    teacher_user = User.objects.filter(username="teacher").first()
    graded = _graded_students()
    made = _sections(ctx, registrar, terms, running, teacher_user, graded)
    ctx.log(f"sheets: {made} sections for the plans of {len(terms)} terms")
    grades = _Grades(ctx.seed)
    teachers = _Teachers(registrar)
    # Each closing recomputes its students' GPA; here once for all of them, in the same transaction.
    with gpa_recompute_batch():
        for term in past:
            _close_term(ctx, registrar, term, grades, teachers)
    if running is not None:
        _running_term(ctx, registrar, running, teacher_user, grades, teachers)


# --- sections ---------------------------------------------------------------------------------------------


# Sheets are made for at most this many students (the demo logins' students first, then by student
# number): enough for every page to have data, and a 2,000-student demo still seeds within a minute.
GRADED_STUDENTS = 200


def _graded_students() -> set[int]:
    from enrollment.models import Student

    first = list(Student.objects.filter(user__username__in=DEMO_LOGINS).values_list("pk", flat=True))
    rest = Student.objects.exclude(pk__in=first).order_by("student_number").values_list("pk", flat=True)
    return {*first, *rest[: max(GRADED_STUDENTS - len(first), 0)]}


DEMO_LOGINS = ("student", "student2", "student3")


def _sections(ctx, registrar, terms, running, teacher_user, graded: set[int]) -> int:
    """One lecture stream per (term, discipline, language) of the locked plans' items; seats taken
    match the items placed. Items the record already holds get an override instead (see the module
    docstring). A few queries per term."""
    from simple_history.utils import bulk_create_with_history

    from academics.models import Teacher
    from enrollment.choices import PlanStatus, RegistrationRule
    from enrollment.models import PlanItem, Result, Section
    from enrollment.services.registration import override_grant

    teachers = defaultdict(list)
    for teacher in Teacher.objects.filter(is_active=True).order_by("user__last_name", "pk"):
        teachers[teacher.department_id].append(teacher)
    demo_teacher = Teacher.objects.filter(user=teacher_user).first() if teacher_user else None
    made = 0
    for term in terms:
        items = list(
            PlanItem.objects.filter(
                plan__term=term, plan__status=PlanStatus.LOCKED, section__isnull=True, plan__student_id__in=graded
            )
            .select_related("discipline", "plan__student")
            .order_by("discipline__code", "plan__student__student_number")
        )
        held = set(
            Result.objects.filter(student_id__in={i.plan.student_id for i in items}).values_list(
                "student_id", "discipline_id"
            )
        )
        groups = defaultdict(list)
        for item in items:
            student = item.plan.student
            if (student.pk, item.discipline_id) in held:
                override_grant(
                    student=student,
                    term=term,
                    rule=RegistrationRule.SECTION_FULL,
                    reason=OVERRIDE_REASON,
                    actor=registrar,
                    discipline=item.discipline,
                )
                continue
            groups[(item.discipline_id, student.language)].append(item)
        taken = {
            (d, lang, n)
            for d, lang, n in Section.objects.filter(term=term, discipline_id__in={d for d, _l in groups}).values_list(
                "discipline_id", "language", "number"
            )
        }
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0].discipline.code, kv[0][1]))
        mine = _demo_streams(ordered, demo_teacher) if term == running else set()
        rng = random.Random(f"{ctx.seed}:streams:{term.pk}")
        new = []
        for n, ((discipline_id, language), members) in enumerate(ordered):
            discipline = members[0].discipline
            staff = teachers.get(discipline.department_id, [])
            if (discipline_id, language) in mine:
                teacher = demo_teacher
            else:
                teacher = staff[(n + rng.randint(0, 3)) % len(staff)] if staff else None
            number = 1
            while (discipline_id, language, number) in taken:
                number += 1
            new.append(
                Section(
                    term=term,
                    discipline=discipline,
                    language=language,
                    number=number,
                    capacity=len(members) + rng.choice([0, 2, 5]),
                    seats_taken=len(members),
                    teacher=teacher,
                )
            )
        new = bulk_create_with_history(new, Section, batch_size=500, default_user=registrar)
        for section, (_key, members) in zip(new, ordered, strict=True):
            # One UPDATE per stream (bulk_update's CASE over thousands of rows is much slower).
            PlanItem.objects.filter(pk__in=[i.pk for i in members]).update(section=section)
        made += len(new)
    return made


def _demo_streams(ordered, demo_teacher) -> set:
    """The two largest streams of the demo teacher's department in the running term (any two if it
    has fewer)."""
    if demo_teacher is None:
        return set()
    own = [key for key, members in ordered if members[0].discipline.department_id == demo_teacher.department_id]
    others = [key for key, _m in ordered if key not in own]
    return set((own + others)[:2])


# --- scores -----------------------------------------------------------------------------------------------


class _Grades:
    """Scores by student: each has a level (the demo `student` a good one); most rows pass."""

    def __init__(self, seed: int):
        self.seed = seed
        self.levels: dict[int, int] = {}
        self.prerequisites: set[int] | None = None

    def level(self, student) -> int:
        if student.pk not in self.levels:
            rng = random.Random(f"{self.seed}:level:{student.student_number}")
            good = student.user_id is not None and student.user.username == "student"
            self.levels[student.pk] = 90 if good else rng.choice([62, 68, 72, 76, 80, 84, 88, 93])
        return self.levels[student.pk]

    def needed(self, discipline_id: int) -> bool:
        """Is the discipline anybody's prerequisite? (Then nobody fails it in the demo.)"""
        if self.prerequisites is None:
            from academics.models import Discipline

            through = Discipline.prerequisites.through
            self.prerequisites = set(through.objects.values_list("to_discipline_id", flat=True))
        return discipline_id in self.prerequisites

    def row(self, sheet, row, fields=None) -> dict:
        """The cells of one row as the paper sheet has them ({field: score}); `fields` limits them."""
        from academics.choices import ControlForm

        rng = random.Random(f"{self.seed}:row:{sheet.number}:{row.student.student_number}")
        level = self.level(row.student)

        def near(spread: int, low: int = 52) -> int:
            return max(low, min(100, round(rng.gauss(level, spread))))

        fate = "pass"
        if not self.needed(sheet.discipline_id):
            draw = rng.random()
            fate = "fx" if draw < FX_SHARE else "not_admitted" if draw < FX_SHARE + NOT_ADMITTED_SHARE else "pass"
        if sheet.control_form in (ControlForm.PASS_FAIL, ControlForm.COURSEWORK, ControlForm.PRACTICE):
            values = {"exam": near(8) if fate == "pass" else rng.randint(30, 45)}
        elif fate == "not_admitted":
            values = {f: rng.randint(25, 45) for f in ("current1", "midterm1", "current2", "midterm2")}
        else:
            values = {f: near(7, 55) for f in ("current1", "midterm1", "current2", "midterm2")}
            values["exam"] = near(10) if fate == "pass" else rng.randint(25, 45)
        if fields is not None:
            values = {f: v for f, v in values.items() if f in fields}
        return values

    def retake(self, sheet, row) -> dict:
        rng = random.Random(f"{self.seed}:retake:{sheet.number}:{row.student.student_number}")
        return {"exam": rng.randint(25, 45) if rng.random() < FX_RETAKE_FAILS else rng.randint(55, 85)}


def _enter(registrar, sheet, cells) -> int:
    """Enter the scores of `cells(row)` on `sheet` as the office does from a paper sheet (one import)."""
    from .models import SheetRow
    from .services.sheets import ImportEntry, sheet_import_apply

    rows = list(SheetRow.objects.filter(sheet=sheet).select_related("student__user").order_by("pk"))
    entries = [
        ImportEntry(line=n, student_number=r.student.student_number, version=r.version, values=cells(r))
        for n, r in enumerate(rows, start=2)
    ]
    entries = [e for e in entries if e.values]
    if entries:
        sheet_import_apply(sheet=sheet, entries=entries, actor=registrar)
    return len(entries)


def _enter_many(registrar, sheets, cells) -> int:
    """The same for a whole session's sheets at once: each row's grade computed by the sheet
    services' own rules (`row_grade`, `apply_grade`); the rows written by one UPDATE from a temporary
    table and their history in bulk. The import checks (windows, versions) have nothing to refuse in
    a fresh demo, and saving tens of thousands of rows one by one (2,000 students) would cost most of
    the seeding time."""
    from decimal import Decimal

    from django.db import connection

    from .models import SheetRow
    from .services.sheets import DERIVED, SCORE_FIELDS, apply_grade, row_grade, rules

    by_pk = {s.pk: s for s in sheets}
    rule_set = rules()
    now = timezone.now()
    rows = []
    for row in SheetRow.objects.filter(sheet_id__in=by_pk).select_related("student__user").order_by("pk"):
        sheet = by_pk[row.sheet_id]
        for field, value in cells(sheet, row).items():
            setattr(row, field, Decimal(value))
        apply_grade(row, row_grade(row, sheet.control_form, rule_set))
        row.version += 1
        row.updated_by = registrar
        row.updated_at = now
        rows.append(row)
    if not rows:
        return 0
    fields = [*SCORE_FIELDS, *DERIVED]
    column = {f: SheetRow._meta.get_field(f).column for f in fields}
    kinds = {"outcome": "TEXT", "letter": "TEXT", "score": "INTEGER"}
    table = "demo_sheet_cells"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} (id INTEGER PRIMARY KEY, "
            + ", ".join(f"{column[f]} {kinds.get(f, 'NUMERIC')}" for f in fields)
            + ")"
        )
        cursor.executemany(
            f"INSERT INTO {table} VALUES ({', '.join(['%s'] * (len(fields) + 1))})",
            [[r.pk, *(getattr(r, f) for f in fields)] for r in rows],
        )
        cursor.execute(
            f"UPDATE {SheetRow._meta.db_table} AS r SET "
            + ", ".join(f"{column[f]} = c.{column[f]}" for f in fields)
            + f", version = r.version + 1, updated_by_id = %s, updated_at = %s FROM {table} c WHERE r.id = c.id",
            [registrar.pk, connection.ops.adapt_datetimefield_value(now)],
        )
        cursor.execute(f"DROP TABLE {table}")
    SheetRow.history.bulk_history_create(rows, update=True, default_user=registrar, batch_size=500)
    return len(rows)


class _Teachers:
    """Who hands a sheet in: its teacher when they have a login with the teacher role, else the office.
    One query; the same user object each time (its roles are read once)."""

    def __init__(self, registrar):
        from academics.models import Teacher
        from registrar.roles import Role

        self.registrar = registrar
        self.users = {
            t.pk: t.user
            for t in Teacher.objects.filter(user__groups__name=Role.TEACHER).select_related("user").distinct()
        }

    def hand_in(self, sheet):
        from .services.sheets import sheet_submit

        return sheet_submit(sheet=sheet, actor=self.users.get(sheet.teacher_id, self.registrar))


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _close_term(ctx, registrar, term, grades: _Grades, teachers: _Teachers) -> None:
    from academics.choices import PeriodKind
    from academics.models import CalendarPeriod

    from .models import Sheet, SheetKind, SheetStatus
    from .services.sheets import sheets_create_for_term

    # The paper trail's dates: handed in and closed at the end of the session, not today.
    ends = dict(
        CalendarPeriod.objects.filter(
            term=term, kind__in=[PeriodKind.GRADE_ENTRY_EXAM, PeriodKind.FX_RETAKE], study_form=""
        ).values_list("kind", "ends_on")
    )
    session_end = ends.get(PeriodKind.GRADE_ENTRY_EXAM, term.ends_on)
    fx_end = ends.get(PeriodKind.FX_RETAKE, term.ends_on)

    created = sheets_create_for_term(term=term, actor=registrar)
    sheets = list(
        Sheet.objects.filter(term=term, kind=SheetKind.REGULAR, status=SheetStatus.OPEN)
        .select_related("academic_year", "discipline", "term")
        .order_by("number")
    )
    _enter_many(registrar, sheets, grades.row)
    results, retake_sheets = _close_many(
        registrar, sheets, teachers, submitted=_at(session_end, 10), closed=_at(session_end, 16)
    )
    _enter_many(registrar, retake_sheets, grades.retake)
    retakes, _none = _close_many(registrar, retake_sheets, teachers, submitted=_at(fx_end, 10), closed=_at(fx_end, 16))
    ctx.log(
        f"sheets: {term}: {created.created} sheets closed, {results} results; "
        f"{len(retake_sheets)} FX-retake sheets closed, {retakes} retake results"
    )


def _close_many(registrar, sheets, teachers: _Teachers, *, submitted, closed) -> tuple[int, list]:
    """Hand in and close a whole session's sheets at once, with what `sheet_submit` and `sheet_close`
    do to each: every row final (else refused), the final rows written to the record as the next
    attempt (`results_record`, one call), FX rows onto an FX-retake sheet (admission kept), third
    failures flagged to the office, the GPA of the students recomputed (deferred to the batch of
    `seed_sheets`), and the sheets' history (handed in by their teacher, closed by the office) dated
    `submitted` and `closed`. One sheet at a time through the services costs a few transactions and
    history saves each (half a minute for the default demo); this is a bounded number of queries per
    session. Returns (results written, the FX-retake sheets opened, with their rows)."""
    from django.db.models import Count

    from enrollment.models import Result
    from enrollment.services.record import NewResult, results_record
    from registrar.errors import DomainError
    from registrar.selectors import university_settings

    from .final_score import Outcome
    from .models import Sheet, SheetKind, SheetRow, SheetStatus
    from .services.gpa import gpa_recompute
    from .services.sheets import (
        SOURCE_BY_KIND,
        _derived_sheet,
        _next_sequence,
        _notify_flagged,
        _number,
        retake_row,
        rules,
    )

    if not sheets:
        return 0, []
    from simple_history.utils import bulk_create_with_history

    rows = defaultdict(list)
    for row in SheetRow.objects.filter(sheet__in=sheets).order_by("pk"):
        rows[row.sheet_id].append(row)
    for sheet in sheets:
        if sheet.status != SheetStatus.OPEN or any(r.outcome == Outcome.INCOMPLETE for r in rows[sheet.pk]):
            raise DomainError(f"sheet {sheet.number}: not open, or a row has no final grade")
    # Handed in (sheet_submit).
    for sheet in sheets:
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = submitted
        sheet.submitted_by = sheet._history_user = teachers.users.get(sheet.teacher_id, registrar)
    Sheet.history.bulk_history_create(sheets, update=True, default_date=submitted, batch_size=500)
    # Closed (sheet_close).
    final = {s.pk: [r for r in rows[s.pk] if r.outcome not in (Outcome.INCOMPLETE, Outcome.DEFERRED)] for s in sheets}
    written = results_record(
        actor=registrar,
        results=[
            NewResult(
                student_id=r.student_id,
                discipline_id=s.discipline_id,
                term_id=s.term_id,
                credits=s.discipline.credits,
                national_credits=s.discipline.national_credits,
                score=r.score,
                letter=r.letter,
                points=r.points,
                passed=r.outcome in (Outcome.GRADED, Outcome.PASSED),
                source=SOURCE_BY_KIND[s.kind],
                source_ref=r.pk,
            )
            for s in sheets
            for r in final[s.pk]
        ],
    )
    rule_set = rules()
    retakes, retake_rows = [], []
    sequence = None
    for sheet in sheets:
        fx_rows = [r for r in final[sheet.pk] if r.outcome == Outcome.FX]
        if not fx_rows or sheet.kind not in (SheetKind.REGULAR, SheetKind.DEFERRED, SheetKind.SUMMER):
            continue
        sequence = _next_sequence(sheet.academic_year) if sequence is None else sequence + 1
        child = Sheet(
            number=_number(sheet.academic_year, sequence),
            academic_year=sheet.academic_year,
            sequence=sequence,
            term=sheet.term,
            section_id=sheet.section_id,
            discipline=sheet.discipline,
            teacher_id=sheet.teacher_id,
            kind=SheetKind.FX_RETAKE,
            parent=sheet,
            control_form=sheet.control_form,
            created_by=registrar,
        )
        retakes.append(child)
        retake_rows += [retake_row(child, r, rule_set) for r in fx_rows]
    retakes = bulk_create_with_history(retakes, Sheet, batch_size=500, default_user=registrar, default_date=closed)
    for row in retake_rows:
        row.sheet_id = row.sheet.pk
    SheetRow.objects.bulk_create(retake_rows, batch_size=1000)
    Sheet.objects.filter(pk__in=[s.pk for s in retakes]).update(created_at=closed)
    for sheet in sheets:
        if any(r.outcome == Outcome.DEFERRED for r in rows[sheet.pk]):  # none in the demo; as the service does
            _derived_sheet(
                sheet, SheetKind.DEFERRED, [r for r in rows[sheet.pk] if r.outcome == Outcome.DEFERRED], registrar
            )
    failed = {
        (r.student_id, s.discipline_id)
        for s in sheets
        for r in final[s.pk]
        if r.outcome not in (Outcome.GRADED, Outcome.PASSED)
    }
    if failed:
        limit = university_settings().max_exam_retakes + 1
        reached = {
            (student_id, discipline_id)
            for student_id, discipline_id, n in Result.objects.filter(
                student_id__in={f[0] for f in failed}, discipline_id__in={f[1] for f in failed}, passed=False
            )
            .values("student_id", "discipline_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("student_id", "discipline_id", "n")
            if n >= limit
        } & failed
        for sheet in sheets:
            flagged = sorted(
                r.student_id
                for r in final[sheet.pk]
                if (r.student_id, sheet.discipline_id) in reached and r.outcome not in (Outcome.GRADED, Outcome.PASSED)
            )
            if flagged:
                _notify_flagged(sheet, flagged)
    gpa_recompute(student_ids={r.student_id for s in sheets for r in final[s.pk]})
    for sheet in sheets:
        sheet.status = SheetStatus.CLOSED
        sheet.closed_at = closed
        sheet.closed_by = sheet._history_user = registrar
    Sheet.objects.bulk_update(
        sheets, ["status", "submitted_at", "submitted_by", "closed_at", "closed_by"], batch_size=500
    )
    Sheet.history.bulk_history_create(sheets, update=True, default_date=closed, batch_size=500)
    for sheet in retakes:
        sheet.created_at = closed
    return len(written), retakes


def _running_term(ctx, registrar, term, teacher_user, grades: _Grades, teachers: _Teachers) -> None:
    from .models import Sheet, SheetKind
    from .services.sheets import sheets_create_for_term

    created = sheets_create_for_term(term=term, actor=registrar)
    mine = list(
        Sheet.objects.filter(term=term, kind=SheetKind.REGULAR, teacher__user=teacher_user)
        .select_related("teacher__user", "discipline")
        .order_by("number")[:2]
        if teacher_user
        else []
    )
    note = ""
    if mine:
        # The first rating half is in; the second half only for some students so far.
        first = mine[0]

        def halves(row, s=first):
            fields = {"current1", "midterm1"}
            if random.Random(f"{ctx.seed}:half:{row.student.student_number}").random() < 0.4:
                fields.add("current2")
            return grades.row(s, row, fields)

        _enter(registrar, first, halves)
        note = f"; {teacher_user.username}'s {first.number} open with grades entered"
    if len(mine) > 1:
        second = mine[1]
        _enter(registrar, second, lambda r, s=second: grades.row(s, r))
        teachers.hand_in(second)
        note += f", {second.number} handed in"
    ctx.log(f"sheets: {term} (running): {created.created} sheets open{note}")
