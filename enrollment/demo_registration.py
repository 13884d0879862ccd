"""Demo course registration (seeder 60, after the student body): a registration window open today,
every active student's plan history, and the open window's mix of plans.

In order, each step idempotent (a second run finds what the first one made and changes nothing):

1. The term to register for: the next autumn or spring term to start after today. When the demo
   calendar has none (from the start of the spring term on), the next academic year is created with
   the demo calendar's own dates (`academics.demo_calendar.seed_year`, through the calendar services);
   so are the earlier academic years the active students have studied in, so that their plan history
   has terms to belong to.
2. Its registration window is made to cover today through `academics.services.calendar`
   (`period_update` of the term's window, or `period_create`), so every calendar rule still holds:
   it starts a week ago at the latest, ends two weeks ahead at the earliest, never after the term.
3. History: for every active student, one plan for each autumn and spring term studied so far
   (the running one included): the compulsory disciplines of the curriculum's term and a choice in
   each elective block, approved by the adviser (the registrar's office when there is none) during
   that term's registration window, and locked once the term's registration and add/drop windows
   are over.
4. The open window: lecture sections for the chosen electives, one per language, about a third of
   them nearly full; then per student one of no plan yet, draft, submitted, returned with the
   adviser's comment, or approved. The demo logins go through the services themselves, with their
   notices: `student` ends with a plan returned by `adviser` (editable), `student2` with a submitted
   one for `adviser2`, and the first advisees of `adviser` submit theirs for review.

The plans of step 3 and the rest of step 4 are written in bulk (thousands of plans in a few seconds),
but only after the service's own check, `services.registration.plan_problems`, passes them on facts
read in a bounded number of queries: the same rules that `plan_submit` and `plan_approve` enforce
(credits, prerequisites, elective blocks, sections, language, overrides, the checks other apps
register). A plan a rule refuses is not written — its student is logged and skipped (an open-window
plan stays a draft instead).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

DAY = datetime.timedelta(days=1)
WINDOW_BEFORE = 7  # days: the demo window started at least this long ago
WINDOW_AFTER = 14  # days: and stays open at least this long
WINDOW_KEEP = 7  # days: a window open today but closing sooner is extended (the demo is used for days)
# The open window's mix: (fate, weight); "missing" means no plan yet.
FATES = (("missing", 15), ("draft", 20), ("submitted", 25), ("returned", 10), ("approved", 30))
FULL = ("submitted", "returned", "approved")
RETURN_COMMENTS = [
    "Элективті пәнді білім беру траекторияңызға сай таңдаңыз және қайта жіберіңіз.",
    "Выберите элективы одного профиля: сейчас они из разных траекторий. Исправьте и отправьте снова.",
    "Блок элективов выбран не по вашей траектории; обсудим на консультации во вторник.",
    "Жоспарды қайта қарап, сабақ кестесімен тексеріңіз.",
]
ADVISEE_SHOWCASE = ("submitted", "submitted", "submitted", "approved")


class _Item:
    """A plan item while the plan is built and checked: what `plan_problems` reads of a PlanItem,
    without a model instance per item (tens of thousands of them for 2,000 students)."""

    __slots__ = ("discipline", "discipline_id", "kind", "block", "block_id", "credits", "section", "section_id")

    def __init__(self, discipline, kind, block=None):
        self.discipline, self.discipline_id, self.kind = discipline, discipline.pk, kind
        self.block, self.block_id = block, block.pk if block is not None else None
        self.credits = discipline.credits
        self.section, self.section_id = None, None

    def place(self, section) -> None:
        self.section, self.section_id = section, section.pk if section is not None else None


@dataclass
class Intent:
    """A plan to write: the plan (unsaved for bulk), its items and what it should become."""

    student: object
    term: object
    year: int
    curriculum_term: int
    fate: str
    items: list = field(default_factory=list)  # [_Item]
    electives: list = field(default_factory=list)  # (discipline, block) in the order chosen
    plan: object = None
    actor: object = None  # who adds the items


def seed_registration(ctx) -> None:
    from enrollment.choices import StudentStatus
    from enrollment.models import Student
    from registrar.models import User

    staff = {u.username: u for u in User.objects.filter(username__in=["registrar", "adviser", "adviser2"])}
    registrar = staff.get("registrar")
    if registrar is None:
        ctx.log("registration: no demo registrar to act as; skipped")
        return
    students = list(
        Student.objects.filter(status=StudentStatus.ACTIVE, curriculum__isnull=False)
        .select_related("programme", "curriculum", "adviser__user", "user")
        .order_by("student_number")
    )
    if not students:
        ctx.log("registration: no active students with a curriculum; nothing to do")
        return
    today = timezone.localdate()
    target = _ensure_calendar(ctx, registrar, today, students)
    if target is None:
        return
    window = _ensure_window(ctx, registrar, target, today)
    if not _work_left(ctx, students, staff, today, target, window):
        ctx.log("registration: every plan the demo wants exists already; nothing to do")
        return
    book = _Book.load(students, today, target)
    history = _history(ctx, book, registrar)
    if window is None:
        ctx.log("registration: no open window, so no plans for it")
        return
    _open_window(ctx, book, registrar, staff, target, window, history)


# --- the calendar --------------------------------------------------------------------------------


def _sept_year(day: datetime.date) -> int:
    """The academic year the students' year of study counts in (promotions are signed on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


def _next_term(today):
    from academics.choices import TermKind
    from academics.models import Term

    return (
        Term.objects.filter(kind__in=[TermKind.AUTUMN, TermKind.SPRING], starts_on__gt=today)
        .select_related("academic_year")
        .order_by("starts_on")
        .first()
    )


def _ensure_calendar(ctx, registrar, today, students):
    """Academic years for the plan history and for the term to register for; returns that term."""
    from academics.demo_calendar import seed_year
    from academics.models import AcademicYear
    from registrar.dates import academic_year_of

    current = _sept_year(today)
    earliest = min(current - s.year_of_study + 1 for s in students)
    wanted = set(range(earliest, current + 1))
    if _next_term(today) is None:
        wanted.add(academic_year_of(today) + 1)
    existing = set(AcademicYear.objects.filter(start_year__in=wanted).values_list("start_year", flat=True))
    for start_year in sorted(wanted - existing):
        if seed_year(registrar, start_year):
            ctx.log(f"registration: calendar {start_year}/{start_year + 1} created with the demo calendar's dates")
    target = _next_term(today)
    if target is None:
        ctx.log("registration: no autumn or spring term ahead in the calendar; skipped")
    return target


def _ensure_window(ctx, registrar, term, today):
    """The term's registration window, made to cover today; None if the calendar refuses."""
    from academics.calendar_rules import PeriodScope
    from academics.choices import PeriodKind
    from academics.models import CalendarPeriod
    from academics.services import calendar as services
    from registrar.errors import DomainError

    scope = PeriodScope(term=term.pk)
    starts = today - WINDOW_BEFORE * DAY
    ends = min(term.ends_on, today + WINDOW_AFTER * DAY)
    period = services.period_open(PeriodKind.REGISTRATION, scope, on=today)
    if period is not None and period.ends_on >= min(ends, today + WINDOW_KEEP * DAY):
        ctx.log(f"registration: window for the {term} open {_d(period.starts_on)}–{_d(period.ends_on)}, left as it is")
        return period
    if period is None:  # the term's window for everyone, moved to cover today; or a new one
        period = (
            CalendarPeriod.objects.filter(term=term, kind=PeriodKind.REGISTRATION, study_form="", year_of_study=None)
            .order_by("starts_on")
            .first()
        )
    try:
        if period is not None:
            before = f"{_d(period.starts_on)}–{_d(period.ends_on)}"
            period = services.period_update(
                actor=registrar,
                period=period,
                starts_on=min(period.starts_on, starts),
                ends_on=min(term.ends_on, max(period.ends_on, ends)),
            )
            action = f"moved from {before}"
        else:
            period = services.period_create(
                actor=registrar,
                academic_year=term.academic_year,
                kind=PeriodKind.REGISTRATION,
                term=term,
                starts_on=starts,
                ends_on=ends,
            )
            action = "created"
    except DomainError as exc:
        ctx.log(f"registration: could not open a window for the {term}: {exc.message}")
        return None
    ctx.log(f"registration: window for the {term} {action} to {_d(period.starts_on)}–{_d(period.ends_on)}")
    return period


def _history_terms(today, target):
    from academics.choices import TermKind
    from academics.models import Term

    return list(
        Term.objects.filter(kind__in=[TermKind.AUTUMN, TermKind.SPRING], starts_on__lte=today)
        .exclude(pk=target.pk)
        .select_related("academic_year")
        .order_by("starts_on")
    )


def _history_position(student, term, current: int):
    """(year of study, term of the curriculum) of `student` in a past `term`, or None if not studying then."""
    from academics.choices import TermKind

    year = student.year_of_study + term.academic_year.start_year - current
    curriculum_term = 2 * year - (1 if term.kind == TermKind.AUTUMN else 0)
    if year < 1 or curriculum_term > student.programme.terms_count:
        return None
    return year, curriculum_term


def _target_position(student, target):
    from enrollment.services.registration import plan_position

    year, curriculum_term = plan_position(student, target)
    if curriculum_term is None or curriculum_term > student.programme.terms_count:
        return None  # graduating: nothing to register for
    return year, curriculum_term


def _work_left(ctx, students, staff, today, target, window) -> bool:
    """Is any plan of the demo still to be made? Two queries; a rerun stops here."""
    from enrollment.models import StudyPlan

    terms = _history_terms(today, target)
    existing = set(StudyPlan.objects.filter(term__in=[*terms, target]).values_list("student_id", "term_id"))
    current = _sept_year(today)
    showcase = _showcase(students, staff)
    for student in students:
        for term in terms:
            if (student.pk, term.pk) not in existing and _history_position(student, term, current):
                return True
        wanted = window is not None and (student.pk, target.pk) not in existing
        if (
            wanted
            and _target_position(student, target)
            and (showcase.get(student.pk) or _fate(ctx, student)) != "missing"
        ):
            return True
    return False


def _d(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


# --- facts, read once ----------------------------------------------------------------------------


@dataclass
class _Book:
    """Everything the plans need, read in a bounded number of queries."""

    students: list
    today: datetime.date
    target: object
    terms: list  # history terms, oldest first
    windows: dict  # term id -> (registration start, registration end, last window end)
    compulsory: dict  # (curriculum id, term) -> [Discipline]
    blocks: dict  # (curriculum id, term) -> [ElectiveBlock]
    alternatives: dict  # block id -> [Discipline]
    placed: dict  # (curriculum id, discipline id) -> curriculum term
    prerequisites: dict  # discipline id -> [DisciplineFacts]
    results: dict  # student id -> [(discipline id, attempt, passed, letter, term start or None)]
    existing: set  # (student id, term id) with a plan
    planned: dict | None  # student id -> [(term start, discipline id)] of approved or locked plans (lazy)
    lifted: dict  # (student id, term id) -> {rule: {discipline id or None}}
    sections: dict  # (term id, discipline id) -> [Section], top-level, in number order
    free: dict  # section id -> seats free (kept up to date while seats are handed out)
    disciplines: dict  # id -> Discipline
    max_credits: int

    @classmethod
    def load(cls, students, today, target):
        from academics.choices import PeriodKind
        from academics.models import CalendarPeriod, CurriculumItem, Discipline, ElectiveBlock
        from enrollment.models import Result, RuleOverride, Section, StudyPlan
        from registrar.selectors import university_settings

        from .services.registration import _dfacts

        ids = [s.pk for s in students]
        curricula = {s.curriculum_id for s in students}
        terms = _history_terms(today, target)
        term_ids = [t.pk for t in terms] + [target.pk]
        windows: dict = {}
        for p in CalendarPeriod.objects.filter(
            term_id__in=term_ids, kind__in=[PeriodKind.REGISTRATION, PeriodKind.ADD_DROP]
        ).order_by("starts_on"):
            start, end, last = windows.get(p.term_id, (None, None, None))
            if p.kind == PeriodKind.REGISTRATION and start is None:
                start, end = p.starts_on, p.ends_on
            windows[p.term_id] = (start, end, max(last or p.ends_on, p.ends_on))
        compulsory, alternatives, placed = defaultdict(list), defaultdict(list), {}
        disciplines = {}
        for item in (
            CurriculumItem.objects.filter(curriculum_id__in=curricula)
            .select_related("discipline")
            .order_by("discipline__code")
        ):
            disciplines[item.discipline_id] = item.discipline
            placed[(item.curriculum_id, item.discipline_id)] = item.term
            if item.block_id is None:
                compulsory[(item.curriculum_id, item.term)].append(item.discipline)
            else:
                alternatives[item.block_id].append(item.discipline)
        blocks = defaultdict(list)
        for block in ElectiveBlock.objects.filter(curriculum_id__in=curricula).order_by("code"):
            blocks[(block.curriculum_id, block.term)].append(block)
        prerequisites = defaultdict(list)
        through = Discipline.prerequisites.through
        for row in through.objects.filter(from_discipline_id__in=list(disciplines)).select_related("to_discipline"):
            prerequisites[row.from_discipline_id].append(_dfacts(row.to_discipline))
        results = defaultdict(list)
        for row in Result.objects.filter(student_id__in=ids).values_list(
            "student_id", "discipline_id", "attempt", "passed", "letter", "term__starts_on"
        ):
            results[row[0]].append(row[1:])
        existing = set(StudyPlan.objects.filter(student_id__in=ids).values_list("student_id", "term_id"))
        lifted: dict = defaultdict(lambda: defaultdict(set))
        for student_id, term_id, rule, discipline_id in RuleOverride.objects.filter(student_id__in=ids).values_list(
            "student_id", "term_id", "rule", "discipline_id"
        ):
            lifted[(student_id, term_id)][rule].add(discipline_id)
        sections, free = defaultdict(list), {}
        for section in Section.objects.filter(term_id__in=term_ids, parent__isnull=True).order_by("number"):
            sections[(section.term_id, section.discipline_id)].append(section)
            free[section.pk] = section.seats_free
        return cls(
            students=students,
            today=today,
            target=target,
            terms=terms,
            windows=windows,
            compulsory=compulsory,
            blocks=blocks,
            alternatives=alternatives,
            placed=placed,
            prerequisites=prerequisites,
            results=results,
            existing=existing,
            planned=None,
            lifted=lifted,
            sections=sections,
            free=free,
            disciplines=disciplines,
            max_credits=university_settings().registration_max_credits,
        )

    def record(self, student, before=None) -> tuple[set, set, set]:
        """(passed, failed, FX) by the latest attempt, as `services.registration.record_state`."""
        from .services.registration import FX_LETTERS

        latest: dict = {}
        for discipline_id, attempt, passed, letter, starts_on in self.results.get(student.pk, ()):
            if before is not None and starts_on is not None and starts_on >= before:
                continue
            if discipline_id not in latest or attempt > latest[discipline_id][0]:
                latest[discipline_id] = (attempt, passed, letter)
        passed = {d for d, (_a, ok, _l) in latest.items() if ok}
        failed = {d for d, (_a, ok, _l) in latest.items() if not ok}
        fx = {d for d, (_a, ok, letter) in latest.items() if not ok and letter in FX_LETTERS}
        return passed, failed, fx

    def planned_of(self, student) -> list:
        """The student's disciplines in approved or locked plans, read on first use (a rerun that has
        nothing to add never reads them)."""
        if self.planned is None:
            from enrollment.choices import PlanStatus
            from enrollment.models import PlanItem

            self.planned = defaultdict(list)
            for student_id, starts_on, discipline_id in PlanItem.objects.filter(
                plan__student_id__in=[s.pk for s in self.students],
                plan__status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED],
            ).values_list("plan__student_id", "plan__term__starts_on", "discipline_id"):
                self.planned[student_id].append((starts_on, discipline_id))
        return self.planned[student.pk]

    def planned_before(self, student, starts_on) -> set:
        return {d for start, d in self.planned_of(student) if start < starts_on}


# --- building and checking one plan --------------------------------------------------------------


def _build(book: _Book, intent: Intent, rng: random.Random, actor, *, all_blocks: bool = True) -> None:
    """Required items (as `plan_open` adds them) and a choice in the elective blocks (as `plan_item_add`
    would accept it: prerequisites met, block not over-chosen, credits under the maximum)."""
    from academics.choices import TermKind
    from enrollment.choices import PlanItemKind, PlanStatus
    from enrollment.models import StudyPlan

    from .registration_checks import required_item_providers

    student, term = intent.student, intent.term
    intent.actor = actor
    plan = StudyPlan(
        student=student,
        term=term,
        status=PlanStatus.DRAFT,
        year_of_study=intent.year,
        curriculum_term=intent.curriculum_term,
    )
    intent.plan = plan
    target = term.pk == book.target.pk
    passed, failed, fx = book.record(student, None if target else term.starts_on)
    cohort = (student.curriculum_id, intent.curriculum_term)
    wanted = [(d, PlanItemKind.COMPULSORY) for d in book.compulsory.get(cohort, [])]
    if target:  # retakes of failed disciplines taught in this kind of term, as `_required_items`
        parity = 1 if term.kind == TermKind.AUTUMN else 0
        for discipline_id in sorted(failed - fx):
            where = book.placed.get((student.curriculum_id, discipline_id))
            d = book.disciplines.get(discipline_id)
            if d is not None and (where is None or where % 2 == parity):
                wanted.append((d, PlanItemKind.RETAKE))
        for provider in required_item_providers():
            wanted += list(provider(plan))
    seen = set()
    for discipline, kind in wanted:
        if discipline.pk not in seen:
            seen.add(discipline.pk)
            intent.items.append(_Item(discipline, kind))
    earlier = book.planned_before(student, term.starts_on)
    maximum = book.max_credits
    total = sum(i.credits for i in intent.items)
    for block in book.blocks.get((student.curriculum_id, intent.curriculum_term), []):
        if not all_blocks and rng.random() < 0.5:
            continue
        options = [d for d in book.alternatives.get(block.pk, []) if d.pk not in seen and d.pk not in failed]
        options = [
            d
            for d in options
            if all(p.id in passed or (p.id in earlier and p.id not in failed) for p in book.prerequisites.get(d.pk, []))
        ]
        rng.shuffle(options)
        count, credits = 0, 0
        for d in options:
            if block.choose_count is not None and count >= block.choose_count:
                break
            if block.choose_credits is not None and credits + d.credits > block.choose_credits:
                continue
            if total + d.credits > maximum:
                continue
            intent.items.append(_Item(d, PlanItemKind.ELECTIVE, block))
            intent.electives.append((d, block))
            seen.add(d.pk)
            count, credits, total = count + 1, credits + d.credits, total + d.credits
            if block.choose_credits is not None and credits >= block.choose_credits:
                break


def _seat(book: _Book, intent: Intent) -> None:
    """A section for every item whose discipline has open sections in the term: the first one in the
    student's language with a free seat (as `plan_item_add` takes the only one)."""
    from enrollment.choices import SectionStatus

    for item in intent.items:
        for section in book.sections.get((intent.term.pk, item.discipline_id), []):
            if (
                section.status == SectionStatus.OPEN
                and section.language == intent.student.language
                and book.free.get(section.pk, 0) > 0
            ):
                item.place(section)
                book.free[section.pk] -= 1
                break


def _unseat(book: _Book, intent: Intent) -> None:
    for item in intent.items:
        if item.section_id:
            book.free[item.section_id] += 1
            item.place(None)


def _problems(book: _Book, intent: Intent) -> list:
    """The service's own check of the plan as it would be submitted (window taken as open: the plan
    is submitted within its term's registration window)."""
    from enrollment import registration_rules as rules
    from enrollment.services.registration import PlanFacts, plan_problems

    student, term = intent.student, intent.term
    target = term.pk == book.target.pk
    passed, failed, fx = book.record(student, None if target else term.starts_on)
    ids = {i.discipline_id for i in intent.items}
    facts = PlanFacts(
        plan=intent.plan,
        items=intent.items,
        prerequisites={d: book.prerequisites[d] for d in ids if d in book.prerequisites},
        passed=passed,
        failed=failed,
        fx=fx,
        planned_earlier=book.planned_before(student, term.starts_on),
        blocks=book.blocks.get((student.curriculum_id, intent.curriculum_term), []),
        sections={d: book.sections[(term.pk, d)] for d in ids if (term.pk, d) in book.sections},
        lifted_now=rules.Lifted(book.lifted.get((student.pk, term.pk), {})),
        registration_open=True,
    )
    return plan_problems(intent.plan, facts)


# --- history ---------------------------------------------------------------------------------------


def _history(ctx, book: _Book, registrar) -> dict:
    """Approved plans, locked after their windows, for the terms each active student has studied in."""
    from enrollment.choices import PlanStatus

    current = _sept_year(book.today)
    intents, skipped, reasons = [], 0, {}
    for student in book.students:
        rng = random.Random(f"{ctx.seed}:history:{student.student_number}")
        reviewer = student.adviser.user if student.adviser_id and student.adviser.user_id else registrar
        actor = student.user or registrar
        for term in book.terms:
            position = _history_position(student, term, current)
            if position is None or (student.pk, term.pk) in book.existing:
                continue
            year, curriculum_term = position
            intent = Intent(student, term, year, curriculum_term, "history")
            _build(book, intent, rng, actor)
            if not intent.items:
                continue
            _seat(book, intent)
            problems = _problems(book, intent)
            if problems:
                _unseat(book, intent)
                skipped += 1
                reasons.setdefault(student.student_number, problems[0].message)
                continue
            _approve(book, intent, reviewer, rng)
            book.planned_of(student).extend((term.starts_on, i.discipline_id) for i in intent.items)
            intents.append(intent)
    _write(intents)
    locked = sum(1 for i in intents if i.plan.status == PlanStatus.LOCKED)
    ctx.log(
        f"registration: {len(intents)} plans of past terms ({locked} locked, {len(intents) - locked} approved)"
        + (f"; {skipped} refused by a rule and skipped" if skipped else "")
    )
    for number, message in list(reasons.items())[:5]:
        ctx.log(f"  skipped {number}: {message}")
    return {"written": len(intents)}


def _approve(book: _Book, intent: Intent, reviewer, rng: random.Random) -> None:
    """Submitted and approved inside the term's registration window; locked once its windows closed."""
    from enrollment.choices import PlanStatus

    term, plan = intent.term, intent.plan
    start, end, last = book.windows.get(intent.term.pk, (None, None, None))
    start = start or term.starts_on - 30 * DAY
    end = min(end or term.starts_on - 20 * DAY, book.today)
    span = max((end - start).days, 0)
    submitted = start + rng.randint(0, span) * DAY
    plan.submitted_at = _at(submitted, 10 + rng.randint(0, 7))
    plan.reviewed_at = _at(min(submitted + rng.randint(1, 3) * DAY, max(end, submitted)), 18)
    plan.reviewed_by = reviewer
    plan.approved_credits = sum(i.credits for i in intent.items)
    plan.status = PlanStatus.APPROVED
    last = last or term.starts_on + 10 * DAY
    if last < book.today:
        plan.status = PlanStatus.LOCKED
        plan.locked_at = _at(last + DAY, 9)


def _write(intents: list) -> None:
    """Plans and items in bulk (thousands in a few statements)."""
    from enrollment.models import PlanItem, StudyPlan

    StudyPlan.objects.bulk_create([i.plan for i in intents], batch_size=1000)
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan_id=intent.plan.pk,
                discipline_id=item.discipline_id,
                kind=item.kind,
                block_id=item.block_id,
                credits=item.credits,
                section_id=item.section_id,
                added_by_id=intent.actor.pk,
            )
            for intent in intents
            for item in intent.items
        ],
        batch_size=2000,
    )


# --- the open window -------------------------------------------------------------------------------


def _fate(ctx, student) -> str:
    rng = random.Random(f"{ctx.seed}:fate:{student.student_number}")
    return rng.choices([f for f, _w in FATES], weights=[w for _f, w in FATES])[0]


def _open_window(ctx, book: _Book, registrar, staff, target, window, history) -> None:
    from enrollment.choices import PlanStatus
    from enrollment.models import Section

    showcase = _showcase(book.students, staff)
    intents, missing = [], 0
    for student in book.students:
        position = _target_position(student, target)
        if position is None or (student.pk, target.pk) in book.existing:
            continue
        year, curriculum_term = position
        fate = showcase.get(student.pk) or _fate(ctx, student)
        if fate == "missing":
            missing += 1
            continue
        rng = random.Random(f"{ctx.seed}:open:{student.student_number}")
        intent = Intent(student, target, year, curriculum_term, fate)
        _build(book, intent, rng, student.user or registrar, all_blocks=fate in FULL)
        if intent.items:
            intents.append(intent)
    created = _sections(book, target, intents, ctx.seed)
    by_service = [i for i in intents if i.student.pk in showcase]
    bulk = [i for i in intents if i.student.pk not in showcase]
    outcome = [_through_services(ctx, book, i, registrar) for i in by_service]
    # Seats the services took are in the database now: hand out the rest from there.
    for section in Section.objects.filter(pk__in=list(book.free)):
        book.free[section.pk] = section.seats_free
    downgraded = 0
    for intent in bulk:
        _seat(book, intent)
        if intent.fate in FULL and _problems(book, intent):
            intent.fate, downgraded = "draft", downgraded + 1
        if intent.fate == "draft" and _blocking(book, intent):
            _unseat(book, intent)
            intent.items = [i for i in intent.items if i.block_id is None]
            intent.electives = []
        _review(book, intent, window, registrar)
    _write(bulk)
    taken = defaultdict(int)
    for intent in bulk:
        for item in intent.items:
            if item.section_id:
                taken[item.section_id] += 1
    sections = list(Section.objects.filter(pk__in=list(taken)))
    for section in sections:
        section.seats_taken += taken[section.pk]
    Section.objects.bulk_update(sections, ["seats_taken"], batch_size=500)
    counts = defaultdict(int)
    for status in [i.plan.status for i in bulk] + outcome:
        counts[status] += 1
    summary = ", ".join(f"{counts[s]} {s}" for s in PlanStatus.values if counts[s])
    ctx.log(
        f"registration: the {target}: {created} sections created; plans {summary or 'none'}; "
        f"{missing} students without a plan yet"
        + (f"; {downgraded} left as drafts (a rule refused submission)" if downgraded else "")
    )


def _showcase(students, staff) -> dict:
    """Students whose plans go through the services: the demo logins and the first advisees of `adviser`."""
    fates = {}
    for student in students:
        if student.user_id and student.user.username == "student":
            fates[student.pk] = "returned"
        elif student.user_id and student.user.username == "student2":
            fates[student.pk] = "submitted"
    adviser = staff.get("adviser")
    if adviser is not None:
        advisees = [
            s for s in students if s.pk not in fates and s.adviser_id and s.adviser.user_id == adviser.pk and s.user_id
        ]
        for student, fate in zip(advisees, ADVISEE_SHOWCASE, strict=False):
            fates[student.pk] = fate
    return fates


def _sections(book: _Book, term, intents: list, seed: int) -> int:
    """Lecture sections for the electives chosen in the open window: per discipline and language, the
    open sections' free seats first, then a new section for the rest; a third of them nearly full."""
    from academics.models import Teacher
    from enrollment.choices import SectionStatus
    from enrollment.models import Section

    demand = defaultdict(int)
    for intent in intents:
        for discipline, _block in intent.electives:
            demand[(discipline.pk, intent.student.language)] += 1
    teachers = defaultdict(list)
    for teacher in Teacher.objects.filter(is_active=True).order_by("user__last_name", "pk"):
        teachers[teacher.department_id].append(teacher)
    rng = random.Random(f"{seed}:sections:{term.pk}")
    created = 0
    for (discipline_id, language), wanted in sorted(demand.items()):
        existing = book.sections.get((term.pk, discipline_id), [])
        free = sum(
            book.free.get(s.pk, 0) for s in existing if s.language == language and s.status == SectionStatus.OPEN
        )
        if wanted <= free:
            continue
        discipline = book.disciplines[discipline_id]
        slack = rng.choice([1, 2, 2, 5, 8, 12])
        staff = teachers.get(discipline.department_id, [])
        section = Section.objects.create(
            term=term,
            discipline=discipline,
            language=language,
            number=max([s.number for s in existing if s.language == language], default=0) + 1,
            capacity=wanted - free + slack,
            teacher=staff[created % len(staff)] if staff else None,
        )
        book.sections[(term.pk, discipline_id)] = [*existing, section]
        book.free[section.pk] = section.capacity
        created += 1
    return created


def _blocking(book: _Book, intent: Intent) -> bool:
    """Would `plan_item_add` have refused one of the draft's electives? (Not the submit-only problems.)"""
    elective_ids = {d.pk for d, _b in intent.electives}
    return any(not p.submit_only and p.discipline_id in elective_ids for p in _problems(book, intent))


def _review(book: _Book, intent: Intent, window, registrar) -> None:
    """Dates and reviewer of an open-window plan as the adviser's review would leave them."""
    from enrollment.choices import PlanStatus

    rng = random.Random(f"review:{intent.student.student_number}")
    plan = intent.plan
    if intent.fate == "draft":
        return
    span = max((book.today - window.starts_on).days, 0)
    submitted = window.starts_on + rng.randint(0, span) * DAY
    plan.submitted_at = _at(submitted, 9 + rng.randint(0, 8))
    plan.status = PlanStatus.SUBMITTED
    if intent.fate == "submitted":
        return
    student = intent.student
    plan.reviewed_by = student.adviser.user if student.adviser_id and student.adviser.user_id else registrar
    plan.reviewed_at = plan.submitted_at + datetime.timedelta(hours=rng.randint(2, 40))
    plan.reviewed_at = min(plan.reviewed_at, timezone.now())
    if intent.fate == "returned":
        plan.status = PlanStatus.RETURNED
        plan.adviser_comment = rng.choice(RETURN_COMMENTS)
    else:
        plan.status = PlanStatus.APPROVED
        plan.approved_credits = sum(i.credits for i in intent.items)


def _through_services(ctx, book: _Book, intent: Intent, registrar) -> str:
    """The demo logins' plans, made the way the pages make them (with the notices they send)."""
    from enrollment.choices import SectionStatus
    from enrollment.services import registration as reg
    from registrar.errors import DomainError

    student = intent.student
    actor = student.user or registrar
    reviewer = student.adviser.user if student.adviser_id and student.adviser.user_id else registrar
    plan = None
    try:
        plan = reg.plan_open(student=student, term=intent.term, actor=actor)
        for discipline, _block in intent.electives:
            section = next(
                (
                    s
                    for s in book.sections.get((intent.term.pk, discipline.pk), [])
                    if s.language == student.language and s.status == SectionStatus.OPEN and book.free.get(s.pk, 0) > 0
                ),
                None,
            )
            if section is not None:
                book.free[section.pk] -= 1
            reg.plan_item_add(plan=plan, discipline=discipline, actor=actor, section=section)
        if intent.fate in FULL:
            plan = reg.plan_submit(plan=plan, actor=actor)
        if intent.fate == "returned":
            comment = RETURN_COMMENTS[0] if student.language == "kk" else RETURN_COMMENTS[1]
            plan = reg.plan_return(plan=plan, actor=reviewer, comment=comment)
        elif intent.fate == "approved":
            plan = reg.plan_approve(plan=plan, actor=reviewer)
    except DomainError as exc:
        ctx.log(f"  {student.student_number} ({student}): {exc.message}")
    if plan is None:
        return "none"
    plan.refresh_from_db(fields=["status"])
    return plan.status
