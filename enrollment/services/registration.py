"""Course registration: individual study plans (ИУП), their checks, seats, adviser review, locking
and per-student overrides (RULES.md §5, §7).

Every function here is one transaction. Those that change a plan lock the plan row first
(SELECT ... FOR UPDATE), so two tabs of one student never race each other; seats are taken by a
conditional UPDATE on the section row (`seats_taken < capacity`), which PostgreSQL re-checks after
waiting for a concurrent registration, so a section is never overbooked and a confirmed seat never
lost; the check constraint `section_not_overbooked` is the backstop.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from academics.calendar_rules import PeriodScope
from academics.choices import Language, PeriodKind, TermKind
from academics.models import CurriculumItem, Discipline, ElectiveBlock, Term
from academics.services.calendar import period_open
from registrar.dates import academic_year_of
from registrar.errors import DomainError
from registrar.notices import notify
from registrar.policy import require
from registrar.selectors import university_settings

from .. import registration_rules as rules
from ..choices import PlanItemKind, PlanStatus, RegistrationRule, SectionStatus, StudentStatus
from ..models import PlanItem, Result, RuleOverride, Section, Student, StudyPlan
from ..registration_checks import extra_checks, required_item_providers, section_checks
from . import registration_cache as cache

EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
REQUIRED_KINDS = (PlanItemKind.COMPULSORY, PlanItemKind.RETAKE, PlanItemKind.DIFFERENCE)
FX_LETTERS = frozenset({"FX"})


LOCK_TIMEOUT = "5s"


@contextmanager
def _seat_transaction():
    """One transaction for a change that may wait for a section's row lock. On PostgreSQL the wait
    is bounded (pretix's rule: a lock timeout and a clear error), so a registration-day spike gives
    the student "try again" instead of a hung request; nothing of the attempt is kept."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            yield
    except OperationalError as exc:
        # lock_not_available, or a deadlock PostgreSQL broke (seats are locked in id order, so none
        # is expected; this is the backstop): the transaction is rolled back, the student retries.
        if getattr(exc.__cause__, "sqlstate", None) in ("55P03", "40P01"):
            raise DomainError(
                _("Registration is very busy right now and nothing was changed; try again in a moment.")
            ) from exc
        raise


# --- where a term falls in the student's studies -----------------------------------------------


def plan_position(student: Student, term: Term) -> tuple[int, int | None]:
    """(year of study, term of the curriculum) of `student` in `term`: registration in April is for
    the next academic year, so the year of study moves by the years between now and the term."""
    current = academic_year_of(timezone.localdate())
    year = max(1, student.year_of_study + term.academic_year.start_year - current)
    if term.kind == TermKind.SUMMER:
        return year, None
    return year, 2 * year - (1 if term.kind == TermKind.AUTUMN else 0)


def final_year(student: Student, year_of_study: int) -> bool:
    duration = student.programme.duration_years
    return duration is not None and year_of_study >= int(-(-duration // 1))


def _scope(plan: StudyPlan) -> PeriodScope:
    return PeriodScope(study_form=plan.student.study_form, year_of_study=plan.year_of_study, term=plan.term_id)


# --- facts for the checks ----------------------------------------------------------------------


@dataclass
class PlanFacts:
    """Everything the checks of one plan need, read in a bounded number of queries."""

    plan: StudyPlan
    items: list[PlanItem]
    prerequisites: dict[int, list[rules.DisciplineFacts]] = field(default_factory=dict)
    passed: set[int] = field(default_factory=set)
    failed: set[int] = field(default_factory=set)
    fx: set[int] = field(default_factory=set)
    planned_earlier: set[int] = field(default_factory=set)
    blocks: list[ElectiveBlock] = field(default_factory=list)
    sections: dict[int, list[Section]] = field(default_factory=dict)
    lifted_now: rules.Lifted | None = None  # read on first use: most changes have nothing to lift
    registration_open: bool = False
    add_drop_open: bool = False
    window_next: tuple | None = None

    @property
    def lifted(self) -> rules.Lifted:
        if self.lifted_now is None:
            self.lifted_now = _lifted(self.plan)
        return self.lifted_now

    @property
    def total_credits(self) -> int:
        return sum(i.credits for i in self.items)


def _dfacts(d: Discipline) -> rules.DisciplineFacts:
    return rules.DisciplineFacts(d.pk, d.code, d.name, d.credits)


def _sfacts(s: Section) -> rules.SectionFacts:
    return rules.SectionFacts(s.pk, s.code, s.language, s.capacity, s.seats_taken, s.status == SectionStatus.OPEN)


def record_state(student_id: int, before_term: Term | None = None) -> tuple[set[int], set[int], set[int]]:
    """(passed, failed, FX) discipline ids by the latest attempt of each discipline. One query."""
    latest: dict[int, tuple] = {}
    qs = Result.objects.filter(student_id=student_id)
    if before_term is not None:
        qs = qs.exclude(term__starts_on__gte=before_term.starts_on)
    for discipline_id, attempt, passed, letter in qs.values_list("discipline_id", "attempt", "passed", "letter"):
        if discipline_id not in latest or attempt > latest[discipline_id][0]:
            latest[discipline_id] = (attempt, passed, letter)
    passed = {d for d, (_a, ok, _l) in latest.items() if ok}
    failed = {d for d, (_a, ok, _l) in latest.items() if not ok}
    fx = {d for d, (_a, ok, letter) in latest.items() if not ok and letter in FX_LETTERS}
    return passed, failed, fx


def plan_facts(plan: StudyPlan, items: list[PlanItem] | None = None) -> PlanFacts:
    student = plan.student
    if items is None:
        items = list(
            # section__discipline: a section's code names its discipline (no query per item in the checks).
            plan.items.select_related(
                "discipline", "block", "section__discipline", "practice_section", "lab_section"
            ).order_by("kind", "discipline__code")
        )
    facts = PlanFacts(plan=plan, items=items)
    ids = [i.discipline_id for i in items]
    through = Discipline.prerequisites.through
    for row in through.objects.filter(from_discipline_id__in=ids).select_related("to_discipline"):
        facts.prerequisites.setdefault(row.from_discipline_id, []).append(_dfacts(row.to_discipline))
    facts.passed, facts.failed, facts.fx = record_state(student.pk)
    facts.planned_earlier = set(
        PlanItem.objects.filter(
            plan__student_id=student.pk,
            plan__term__starts_on__lt=plan.term.starts_on,
            plan__status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED],
        ).values_list("discipline_id", flat=True)
    )
    if student.curriculum_id and plan.curriculum_term:
        facts.blocks = list(
            ElectiveBlock.objects.filter(curriculum_id=student.curriculum_id, term=plan.curriculum_term).order_by(
                "code"
            )
        )
    for section in Section.objects.filter(term_id=plan.term_id, discipline_id__in=ids, parent__isnull=True).order_by(
        "language", "number"
    ):
        facts.sections.setdefault(section.discipline_id, []).append(section)
    facts.registration_open, facts.add_drop_open, facts.window_next = windows_for(plan)
    return facts


WINDOW_LABEL = gettext_lazy("registration")


def windows_for(plan: StudyPlan) -> tuple[bool, bool, tuple | None]:
    """(registration open, add/drop open, (start, end) of the next window when both are closed);
    cached per process for a few seconds (registration_cache)."""
    return cache.windows_for(_scope(plan))


def _window_problems(facts: PlanFacts) -> list[rules.Problem]:
    plan = facts.plan
    if plan.status in (PlanStatus.APPROVED,):
        open_now = facts.add_drop_open
        label = _("add/drop")
    else:
        open_now = facts.registration_open or facts.add_drop_open
        label = str(WINDOW_LABEL)
    return rules.window_problem(open_now, facts.window_next, label)


def _language_label(code: str) -> str:
    return str(Language(code).label) if code in Language.values else code


def plan_problems(plan: StudyPlan, facts: PlanFacts | None = None) -> list[rules.Problem]:
    """Every check of RULES.md §7 on the plan as it stands, minus what overrides lift."""
    facts = facts or plan_facts(plan)
    s = university_settings()
    student = plan.student
    problems: list[rules.Problem] = []
    if plan.status not in (PlanStatus.LOCKED,):
        problems += _window_problems(facts)
    problems += rules.status_problem(student.status == StudentStatus.ACTIVE, student.get_status_display())
    summer = plan.term.kind == TermKind.SUMMER
    maximum = s.summer_max_credits if summer else s.registration_max_credits
    total = facts.total_credits
    if total > maximum:
        problems += rules.credits_max_problem(total, 0, maximum)
    if not summer:
        problems += rules.credits_min_problem(total, s.registration_min_credits)
    else:
        problems += rules.summer_problem(final_year(student, plan.year_of_study))
    for item in facts.items:
        d = _dfacts(item.discipline)
        problems += rules.prerequisite_problems(
            d, facts.prerequisites.get(item.discipline_id, []), facts.passed, facts.failed, facts.planned_earlier
        )
        sections = [x for x in facts.sections.get(item.discipline_id, []) if x.status == SectionStatus.OPEN]
        if item.section_id is None and sections:
            problems.append(
                rules.Problem(
                    RegistrationRule.SECTION_FULL,
                    _("Choose a section of %(discipline)s.") % {"discipline": d.code},
                    d.id,
                    submit_only=True,
                )
            )
        elif item.section is not None:
            problems += rules.language_problem(d, _sfacts(item.section), student.language, _language_label)
    for block in facts.blocks:
        chosen = [i for i in facts.items if i.block_id == block.pk]
        problems += rules.block_under_problem(_bfacts(block, chosen))
    for check in extra_checks():
        problems += check(plan, facts.items)
    return rules.lift(problems, facts.lifted)


def _bfacts(block: ElectiveBlock, chosen: list[PlanItem]) -> rules.BlockFacts:
    return rules.BlockFacts(
        block.pk,
        block.code,
        block.name,
        block.choose_count,
        block.choose_credits,
        len(chosen),
        sum(i.credits for i in chosen),
    )


def _refuse(problems: list[rules.Problem], field_name: str | None = None):
    if problems:
        raise DomainError(problems[0].message, field=field_name, errors=[p.message for p in problems])


# --- creating a plan -----------------------------------------------------------------------------


def _required_items(plan: StudyPlan) -> list[tuple[Discipline, str]]:
    """Compulsory disciplines of the curriculum's term, failed disciplines to retake (those taught in
    this kind of term, or not in the curriculum at all), and what later apps add (academic difference)."""
    student = plan.student
    wanted: list[tuple[Discipline, str]] = []
    if plan.curriculum_term and student.curriculum_id:
        for item in CurriculumItem.objects.filter(
            curriculum_id=student.curriculum_id, term=plan.curriculum_term, block__isnull=True
        ).select_related("discipline"):
            wanted.append((item.discipline, PlanItemKind.COMPULSORY))
    if plan.term.kind != TermKind.SUMMER:
        passed, failed, fx = record_state(student.pk)
        to_retake = failed - fx
        if to_retake:
            terms = dict(
                CurriculumItem.objects.filter(
                    curriculum_id=student.curriculum_id, discipline_id__in=to_retake
                ).values_list("discipline_id", "term")
            )
            parity = 1 if plan.term.kind == TermKind.AUTUMN else 0
            for d in Discipline.objects.filter(pk__in=to_retake):
                if d.pk not in terms or terms[d.pk] % 2 == parity:
                    wanted.append((d, PlanItemKind.RETAKE))
    for provider in required_item_providers():
        wanted += list(provider(plan))
    seen, unique = set(), []
    for discipline, kind in wanted:
        if discipline.pk not in seen:
            seen.add(discipline.pk)
            unique.append((discipline, kind))
    return unique


def plan_open(*, student: Student, term: Term, actor) -> StudyPlan:
    """The student's plan for `term`, created on first use with its required items."""
    require(actor, "plan.edit", student)
    plan = StudyPlan.objects.filter(student=student, term=term).first()
    if plan is not None:
        return plan
    year, curriculum_term = plan_position(student, term)
    try:
        with transaction.atomic():
            plan = StudyPlan.objects.create(
                student=student, term=term, year_of_study=year, curriculum_term=curriculum_term
            )
            plan.student = student
            plan.term = term
            _add_required(plan, actor)
    except IntegrityError:
        # The same student opened it in another tab a moment ago.
        plan = StudyPlan.objects.get(student=student, term=term)
    return plan


def _add_required(plan: StudyPlan, actor) -> int:
    have = set(plan.items.values_list("discipline_id", flat=True))
    new = [
        PlanItem(plan=plan, discipline=d, kind=kind, credits=d.credits, added_by=actor)
        for d, kind in _required_items(plan)
        if d.pk not in have
    ]
    PlanItem.objects.bulk_create(new)
    return len(new)


def plan_sync_required(*, plan: StudyPlan, actor) -> int:
    """Add required items that appeared since the plan was opened (a new retake, a curriculum change)."""
    with transaction.atomic():
        plan = _lock(plan)
        if plan.status not in EDITABLE:
            return 0
        return _add_required(plan, actor)


# --- editing -------------------------------------------------------------------------------------


def _lock(plan: StudyPlan) -> StudyPlan:
    """The plan, re-read under its row lock. The student and the term the caller has already read
    are kept (the lock is on the plan row only, so a second read would be no fresher)."""
    have_student = StudyPlan.student.is_cached(plan)
    have_term = StudyPlan.term.is_cached(plan)
    related = ([] if have_student else ["student__programme"]) + ([] if have_term else ["term__academic_year"])
    qs = StudyPlan.objects.select_for_update(of=("self",))
    if related:  # select_related() with no names would follow every foreign key
        qs = qs.select_related(*related)
    locked = qs.get(pk=plan.pk)
    if have_student:
        locked.student = plan.student
    if have_term:
        locked.term = plan.term
    return locked


def _check_editable(plan: StudyPlan, actor, facts: PlanFacts) -> bool:
    """Refuse when the plan cannot change now; True when the change counts against add/drop."""
    require(actor, "plan.edit", plan.student)
    if plan.status == PlanStatus.LOCKED:
        raise DomainError(_("This study plan is locked by the registrar's office."))
    if plan.status == PlanStatus.SUBMITTED:
        raise DomainError(_("The plan is with your adviser. Withdraw the submission to change it."))
    problems = rules.status_problem(
        plan.student.status == StudentStatus.ACTIVE, plan.student.get_status_display()
    ) + _window_problems(facts)
    _refuse(_lift(problems, facts))
    return plan.status == PlanStatus.APPROVED


def _add_drop(plan: StudyPlan, facts: PlanFacts, credits: int) -> None:
    problems = rules.add_drop_problem(
        plan.add_drop_credits, credits, plan.approved_credits or 0, university_settings().add_drop_max_percent
    )
    _refuse(_lift(problems, facts))
    plan.add_drop_credits += credits
    plan.save(update_fields=["add_drop_credits", "updated_at"])


def _kind_for(
    plan: StudyPlan, discipline: Discipline, facts: PlanFacts, placements: list[CurriculumItem]
) -> tuple[str, ElectiveBlock | None]:
    """What the discipline is in this plan, from its placements in the student's curriculum."""
    summer = plan.term.kind == TermKind.SUMMER
    if discipline.pk in facts.failed - facts.fx:
        return PlanItemKind.RETAKE, None
    if summer:
        if discipline.pk in facts.passed:
            return PlanItemKind.RESTUDY, None
        raise DomainError(
            _("The summer term is for academic debts, academic difference and re-study; %(code)s is none of these.")
            % {"code": discipline.code}
        )
    for placement in placements:
        if placement.term != plan.curriculum_term:
            continue
        if placement.block_id is not None:
            return PlanItemKind.ELECTIVE, placement.block
        return PlanItemKind.COMPULSORY, None
    raise DomainError(
        _("%(code)s is not in your curriculum for this term. Choose from the disciplines offered.")
        % {"code": discipline.code}
    )


def _lift(problems: list[rules.Problem], facts: PlanFacts) -> list[rules.Problem]:
    """The problems no override lifts; the overrides are read only when there is a problem."""
    return rules.lift(problems, facts.lifted) if problems else problems


def _lifted(plan: StudyPlan) -> rules.Lifted:
    lifted: dict[str, set] = defaultdict(set)
    for rule, discipline_id in RuleOverride.objects.filter(
        student_id=plan.student_id, term_id=plan.term_id
    ).values_list("rule", "discipline_id"):
        lifted[rule].add(discipline_id)
    return rules.Lifted(lifted)


def _edit_facts(plan: StudyPlan) -> PlanFacts:
    """What moving or dropping an item needs: the windows (cached) and, only if something is refused,
    the overrides. The checks of a whole plan (prerequisites, blocks, credits) run on submission,
    not on every click."""
    facts = PlanFacts(plan=plan, items=[])
    facts.registration_open, facts.add_drop_open, facts.window_next = windows_for(plan)
    return facts


class _ItemRow(NamedTuple):
    """A plan item as the add path reads it."""

    id: int
    discipline_id: int
    credits: int
    block_id: int | None
    kind: str


def _add_facts(plan: StudyPlan, discipline: Discipline, prerequisites: list) -> PlanFacts:
    """What adding one discipline needs, and no more: registration day's hot path (a handful of
    queries whatever the plan's size; the calendar answer comes from the window cache)."""
    student = plan.student
    wanted = [discipline.pk, *(p.id for p in prerequisites)]
    items: list[_ItemRow] = []
    latest: dict[int, tuple] = {}
    # The plan's items and the student's results in the wanted disciplines: one statement, no ORM
    # (this runs on every registration click).
    marks = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT 'i', id, discipline_id, credits, block_id, kind, NULL FROM {PlanItem._meta.db_table}
             WHERE plan_id = %s
            UNION ALL
            SELECT 'r', NULL, discipline_id, attempt, NULL, letter, passed FROM {Result._meta.db_table}
             WHERE student_id = %s AND discipline_id IN ({marks})
            """,
            [plan.pk, student.pk, *wanted],
        )
        for tag, pk, discipline_id, number, block_id, text, passed in cursor.fetchall():
            if tag == "i":
                items.append(_ItemRow(pk, discipline_id, number, block_id, text))
            elif discipline_id not in latest or number > latest[discipline_id][0]:
                latest[discipline_id] = (number, bool(passed), text)
    facts = PlanFacts(plan=plan, items=items)
    facts.passed = {d for d, (_a, ok, _l) in latest.items() if ok}
    facts.failed = {d for d, (_a, ok, _l) in latest.items() if not ok}
    facts.fx = {d for d, (_a, ok, letter) in latest.items() if not ok and letter in FX_LETTERS}
    if any(p.id not in facts.passed and p.id not in facts.failed for p in prerequisites):
        facts.planned_earlier = set(
            PlanItem.objects.filter(
                plan__student_id=student.pk,
                plan__term__starts_on__lt=plan.term.starts_on,
                plan__status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED],
                discipline_id__in=[p.id for p in prerequisites],
            ).values_list("discipline_id", flat=True)
        )
    facts.registration_open, facts.add_drop_open, facts.window_next = windows_for(plan)
    return facts


def plan_item_add(*, plan: StudyPlan, discipline: Discipline, actor, section: Section | None = None) -> PlanItem:
    """Add a discipline (an elective, a retake, a summer re-study); with `section`, take a seat in it.
    Without one, the only open section in the student's language with free seats is taken.

    The seat is taken (conditional UPDATE) before the item is written with it, in one transaction:
    a refusal at any step leaves neither a seat nor an item behind."""
    with _seat_transaction():
        plan = _lock(plan)
        prerequisites = _prerequisites(discipline)
        facts = _add_facts(plan, discipline, prerequisites)
        counts = _check_editable(plan, actor, facts)
        if any(i.discipline_id == discipline.pk for i in facts.items):
            raise DomainError(_("%(code)s is already in your plan.") % {"code": discipline.code})
        placements = []
        if plan.student.curriculum_id:
            placements = cache.placements_of(plan.student.curriculum_id, discipline.pk)
        kind, block = _kind_for(plan, discipline, facts, placements)
        summer = plan.term.kind == TermKind.SUMMER
        s = university_settings()
        maximum = s.summer_max_credits if summer else s.registration_max_credits
        d = _dfacts(discipline)
        problems = rules.credits_max_problem(facts.total_credits, discipline.credits, maximum)
        if summer:
            problems += rules.summer_problem(final_year(plan.student, plan.year_of_study))
        problems += rules.prerequisite_problems(d, prerequisites, facts.passed, facts.failed, facts.planned_earlier)
        if block is not None:
            chosen = [i for i in facts.items if i.block_id == block.pk]
            problems += rules.block_over_problem(_bfacts(block, chosen), discipline.credits)
        _refuse(_lift(problems, facts))
        if counts:
            _add_drop(plan, facts, discipline.credits)
        if section is None:
            candidates = [
                x
                for x in Section.objects.filter(
                    term_id=plan.term_id, discipline=discipline, parent__isnull=True, status=SectionStatus.OPEN
                )
                if x.language == plan.student.language or facts.lifted.covers(RegistrationRule.LANGUAGE, d.id)
            ]
            for x in candidates:
                x.discipline = discipline  # a section's code names its discipline: no query for it
            with_seats = [x for x in candidates if x.seats_free > 0]
            if len(candidates) == 1 and with_seats:
                section = with_seats[0]
            elif candidates and not with_seats:
                _refuse(rules.section_full_problem(d, _sfacts(candidates[0]), []))
        item = PlanItem(
            plan=plan,
            discipline=discipline,
            kind=kind,
            block=block,
            credits=discipline.credits,
            added_by=actor,
            added_in_add_drop=counts,
        )
        if section is not None:
            _take_checked(item, section, facts)
            item.section = section
        item.save(force_insert=True)
        _touch_returned(plan)
        item.plan = plan
        return item


def _prerequisites(discipline: Discipline) -> list[rules.DisciplineFacts]:
    return cache.prerequisites_of(discipline)


def _touch_returned(plan: StudyPlan) -> None:
    """A returned plan that the student changes is a draft again until resubmitted."""
    if plan.status == PlanStatus.RETURNED:
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["status", "updated_at"])


def _release(section_id: int | None) -> None:
    if section_id:
        Section.objects.filter(pk=section_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def take_seat(section_id: int) -> bool:
    """Take one seat if one is free: one conditional UPDATE, safe under any concurrency."""
    return (
        Section.objects.filter(pk=section_id, status=SectionStatus.OPEN, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1
        )
        == 1
    )


def _take_checked(item: PlanItem, section: Section, facts: PlanFacts, holding: int | None = None) -> None:
    """Check `section` fits the item and the student, then take one seat in it or refuse."""
    plan = facts.plan
    d = _dfacts(item.discipline)
    if section.term_id != plan.term_id or section.discipline_id != item.discipline_id or section.parent_id:
        raise DomainError(
            _("Section %(section)s is not a section of %(discipline)s in this term.")
            % {
                "section": section.code,
                "discipline": d.code,
            }
        )
    problems = rules.language_problem(d, _sfacts(section), plan.student.language, _language_label)
    for check in section_checks():
        problems += check(plan, section, item.pk)
    _refuse(_lift(problems, facts))
    if not take_seat(section.pk):
        section.refresh_from_db()
        if section.status == SectionStatus.OPEN and section.seats_taken < section.capacity and take_seat(section.pk):
            return  # a seat was freed between the attempt and the read: it is ours now
        alternatives = Section.objects.filter(
            term_id=plan.term_id,
            discipline_id=item.discipline_id,
            parent__isnull=True,
            status=SectionStatus.OPEN,
            language=plan.student.language,
            seats_taken__lt=F("capacity"),
        ).exclude(pk=holding)  # the section the student is moving out of is not an alternative
        # The section was full when the seat was asked for: say so even if a seat has been freed since
        # (the refusal must never depend on a second read). Nothing of this request is kept: the
        # caller's transaction rolls back.
        full = replace(_sfacts(section), seats_taken=max(section.seats_taken, section.capacity))
        problems = rules.section_full_problem(d, full, [_sfacts(a) for a in alternatives])
        raise DomainError(problems[0].message, field="section", errors=[p.message for p in problems])


def _seat(item: PlanItem, section: Section, facts: PlanFacts) -> None:
    """Move an existing item into `section`: take the new seat and free the old one, touching the two
    section rows in id order. Two students swapping sections in opposite directions at the same
    moment then queue on the same row instead of deadlocking; a refused seat rolls the whole
    transaction back, the freed one included."""
    old = item.section_id
    if old == section.pk:
        return
    if old is not None and old < section.pk:
        _release(old)
        _take_checked(item, section, facts, holding=old)
    else:
        _take_checked(item, section, facts, holding=old)
        _release(old)
    item.section = section
    item.save(update_fields=["section"])


def plan_item_choose_section(*, item: PlanItem, section: Section, actor) -> PlanItem:
    """Move the item into `section` (taking a seat there, freeing the old one)."""
    with _seat_transaction():
        plan = _lock(item.plan)
        facts = _edit_facts(plan)
        _check_editable(plan, actor, facts)
        item = PlanItem.objects.select_related("discipline").get(pk=item.pk, plan=plan)
        _seat(item, section, facts)
        _touch_returned(plan)
        item.plan = plan
        return item


def plan_item_remove(*, item: PlanItem, actor) -> StudyPlan:
    """Drop a discipline and free its seats; returns the plan as it now stands. Compulsory items,
    retakes and academic difference stay unless the registrar's office removes them."""
    with _seat_transaction():
        plan = _lock(item.plan)
        facts = _edit_facts(plan)
        counts = _check_editable(plan, actor, facts)
        item = PlanItem.objects.select_related("discipline").get(pk=item.pk, plan=plan)
        if item.kind in REQUIRED_KINDS and not actor.is_office:
            raise DomainError(
                _("%(code)s is required in your plan (%(kind)s); only the registrar's office can remove it.")
                % {"code": item.discipline.code, "kind": item.get_kind_display()}
            )
        if counts:
            _add_drop(plan, facts, item.credits)
        for section_id in sorted(filter(None, (item.section_id, item.practice_section_id, item.lab_section_id))):
            _release(section_id)  # in id order, like every change of several sections
        item.delete()
        _touch_returned(plan)
        return plan


# --- the adviser's review --------------------------------------------------------------------------


def _advisers_of(student: Student):
    adviser = student.adviser
    return [adviser.user] if adviser is not None and adviser.user_id else []


def plan_submit(*, plan: StudyPlan, actor) -> StudyPlan:
    with transaction.atomic():
        plan = _lock(plan)
        require(actor, "plan.edit", plan.student)
        if plan.status not in EDITABLE:
            raise DomainError(
                _("Only a draft or returned plan can be submitted; this one is %(status)s.")
                % {"status": plan.get_status_display()}
            )
        facts = plan_facts(plan)
        if not facts.items:
            raise DomainError(_("The plan is empty: add disciplines before submitting it."))
        _refuse(plan_problems(plan, facts))
        plan.status = PlanStatus.SUBMITTED
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["status", "submitted_at", "updated_at"])
        student = plan.student
        notify(
            _advisers_of(student),
            lambda: _("%(student)s submitted a study plan for the %(term)s") % {"student": student, "term": plan.term},
            lambda: _("Review it and approve it or return it with a comment."),
            url=f"/registration/review/{plan.pk}/",
        )
        return plan


def plan_withdraw(*, plan: StudyPlan, actor) -> StudyPlan:
    """The student takes a submitted plan back to change it."""
    with transaction.atomic():
        plan = _lock(plan)
        require(actor, "plan.edit", plan.student)
        if plan.status != PlanStatus.SUBMITTED:
            raise DomainError(_("Only a submitted plan can be withdrawn."))
        plan.status = PlanStatus.DRAFT
        plan.save(update_fields=["status", "updated_at"])
        return plan


def plan_approve(*, plan: StudyPlan, actor, comment: str = "") -> StudyPlan:
    with transaction.atomic():
        plan = _lock(plan)
        require(actor, "plan.review", plan.student)
        if plan.status != PlanStatus.SUBMITTED:
            raise DomainError(
                _("Only a submitted plan can be approved; this one is %(status)s.")
                % {"status": plan.get_status_display()}
            )
        facts = plan_facts(plan)
        problems = [p for p in plan_problems(plan, facts) if p.rule != RegistrationRule.WINDOW]
        _refuse(problems)
        plan.status = PlanStatus.APPROVED
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = actor
        plan.adviser_comment = comment.strip()
        plan.approved_credits = facts.total_credits
        plan.add_drop_credits = 0
        plan.save()
        _notify_student(
            plan,
            lambda: _("Your study plan for the %(term)s is approved") % {"term": plan.term},
            comment,
        )
        return plan


def plan_return(*, plan: StudyPlan, actor, comment: str) -> StudyPlan:
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what the student should change: a comment is required."), field="comment")
    with transaction.atomic():
        plan = _lock(plan)
        require(actor, "plan.review", plan.student)
        if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
            raise DomainError(
                _("Only a submitted or approved plan can be returned; this one is %(status)s.")
                % {"status": plan.get_status_display()}
            )
        plan.status = PlanStatus.RETURNED
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = actor
        plan.adviser_comment = comment
        plan.approved_credits = None
        plan.save()
        _notify_student(plan, lambda: _("Your study plan for the %(term)s was returned") % {"term": plan.term}, comment)
        return plan


def _notify_student(plan: StudyPlan, subject, comment: str) -> None:
    user = plan.student.user
    if user is not None:
        notify([user], subject, lambda: comment, url="/registration/")


def plans_approve_bulk(*, plans, actor) -> tuple[list[StudyPlan], dict[int, str]]:
    """Approve each submitted plan that passes its checks; the others are reported, not approved.
    Each plan is its own transaction, so one refusal does not undo the rest."""
    approved, refused = [], {}
    for plan in plans:
        try:
            approved.append(plan_approve(plan=plan, actor=actor))
        except DomainError as exc:
            refused[plan.pk] = str(exc.message)
    return approved, refused


# --- the registrar -----------------------------------------------------------------------------------


def plans_lock(*, term: Term, actor, lock_anyway: bool = False) -> dict[str, int]:
    """After the window: approved plans of the term become locked; others are counted to chase.
    While the term's registration window is open, refused unless `lock_anyway`."""
    require(actor, "registration.manage")
    window = None if lock_anyway else period_open(PeriodKind.REGISTRATION, PeriodScope(term=term.pk))
    if window is not None:
        raise DomainError(
            _(
                "The registration window for the %(term)s is open until %(date)s and students may still change "
                "their plans. Lock the plans after it closes, or tick “lock anyway”."
            )
            % {"term": term, "date": rules.fmt(window.ends_on)},
            field="lock_anyway",
        )
    with transaction.atomic():
        plans = StudyPlan.objects.filter(term=term)
        locked = plans.filter(status=PlanStatus.APPROVED).update(
            status=PlanStatus.LOCKED, locked_at=timezone.now(), updated_at=timezone.now()
        )
        left = dict(plans.exclude(status=PlanStatus.LOCKED).values_list("status").annotate(n=Count("id")).order_by())
    return {"locked": locked, **left}


def registration_remind(*, term: Term, students, actor) -> dict[str, int]:
    """Remind the chosen students who have not submitted a plan for `term` (none yet, a draft or a
    returned one) to submit it, and the advisers of those whose submitted plans wait for review (one
    notice per adviser). Students with an approved or locked plan, or without an account, are skipped.
    Returns how many students and advisers were notified and how many students were skipped."""
    from ..selectors_registration import plan_url

    require(actor, "registration.manage")
    students = list(students)
    plans = {
        student_id: (pk, status)
        for student_id, pk, status in StudyPlan.objects.filter(
            term=term, student_id__in=[s.pk for s in students]
        ).values_list("student_id", "pk", "status")
    }
    to_remind, waiting, skipped = [], defaultdict(list), 0
    for student in students:
        pk, status = plans.get(student.pk, (None, None))
        if status in (None, *EDITABLE) and student.status == StudentStatus.ACTIVE and student.user_id:
            to_remind.append(student.user)
        elif status == PlanStatus.SUBMITTED and student.adviser_id and student.adviser.user_id:
            waiting[student.adviser.user].append((student, pk))
        else:
            skipped += 1
    window = period_open(PeriodKind.REGISTRATION, PeriodScope(term=term.pk))
    with transaction.atomic():
        notify(
            to_remind,
            lambda: _("Submit your study plan for the %(term)s") % {"term": term},
            lambda: (
                _("The registration window closes on %(date)s.") % {"date": rules.fmt(window.ends_on)}
                if window is not None
                else _("Ask your adviser or the registrar's office when you can still register.")
            ),
            url="/registration/",
        )
        for adviser, rows in waiting.items():
            notify(
                [adviser],
                lambda rows=rows: (
                    ngettext(
                        "%(n)s study plan for the %(term)s waits for your review",
                        "%(n)s study plans for the %(term)s wait for your review",
                        len(rows),
                    )
                    % {"n": len(rows), "term": term}
                ),
                lambda rows=rows: ", ".join(str(s) for s, _pk in rows),
                url=plan_url(rows[0][1], rows[0][0].pk),
            )
    return {"students": len(to_remind), "advisers": len(waiting), "skipped": skipped}


def override_grant(
    *, student: Student, term: Term, rule: str, reason: str, actor, discipline: Discipline | None = None
) -> RuleOverride:
    """Lift `rule` for one student in one term (for one discipline, or all), with the reason on record."""
    require(actor, "registration.manage")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the override."), field="reason")
    if rule not in RegistrationRule.values:
        raise DomainError(_("Unknown rule."), field="rule")
    return RuleOverride.objects.create(
        student=student, term=term, rule=rule, discipline=discipline, reason=reason, granted_by=actor
    )


def electives_offered(plan: StudyPlan, facts: PlanFacts | None = None) -> list[tuple[ElectiveBlock, list]]:
    """The elective blocks of the plan's curriculum term with their alternatives. One query."""
    facts = facts or plan_facts(plan)
    if not facts.blocks:
        return []
    by_block: dict[int, list] = defaultdict(list)
    for item in CurriculumItem.objects.filter(block__in=facts.blocks).select_related("discipline"):
        by_block[item.block_id].append(item.discipline)
    return [(b, sorted(by_block[b.pk], key=lambda d: d.code)) for b in facts.blocks]
