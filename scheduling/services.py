"""The class timetable of a term: from sections to the solver's problem, solving a version (with its
progress written for the page), publishing, and manual moves of a lesson with their conflicts.

How a term becomes a `scheduling.solver.Problem` (`build_problem`):

- times: the days and class periods of the study form's time grid (`ClassPeriod`); a (day, period)
  missing from the grid is a time no room may be used;
- rooms: the active rooms, with their type, their equipment and their unavailable times (hard);
- one course per open section with weekly lessons: lessons = the discipline's hours of the section's
  kind / weeks of the term (`term_weeks`: 15, fewer for a shorter term), rounded up; the rooms it may
  use: of the type the discipline names for the lesson type (else by the section's kind,
  `SECTION_ROOM_KINDS`), with the equipment the discipline names for it (case-insensitive), and big
  enough for its students (seats taken, or its seats before registration); when no room satisfies a
  need, the need is dropped with a warning; its teacher (a teacher with several sections cannot be in two places);
  the teacher's unavailable times (hard) and undesired times (soft, `UNDESIRED_PENALTY` per lesson);
- curricula ("must not overlap, should be compact"): each distinct set of sections one student sits
  in (their plan items' stream, practice group and lab subgroup), and each section with the sections
  it is part of (a stream and its practice groups share students even before registration).

A section belongs to the study form of most of its students (full-time when it has none yet); a
version schedules the sections of one study form on that form's grid.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academics.choices import StudyForm
from enrollment.choices import SectionKind, SectionStatus
from enrollment.models import PlanItem, Section
from registrar.errors import DomainError
from registrar.policy import require

from .models import (
    Availability,
    ClassPeriod,
    Room,
    RoomKind,
    RoomUnavailability,
    ScheduledLesson,
    SolveStatus,
    TeacherUnavailability,
    TimetableVersion,
    VersionStatus,
    Weekday,
)
from .solver.evaluate import evaluate
from .solver.problem import Course, Curriculum, Lecture, Problem, Solution
from .solver.problem import Room as SolverRoom
from .solver.search import solve

log = logging.getLogger(__name__)

TERM_WEEKS = 15  # teaching weeks of an autumn or spring term
UNDESIRED_PENALTY = 2  # soft cost of one lesson at a teacher's undesired time
PROGRESS_EVERY = 0.5  # seconds between two writes of the progress
MAX_TIME_LIMIT = 3600
HOURS_FIELD = {
    SectionKind.LECTURE: "hours_lecture",
    SectionKind.PRACTICE: "hours_practice",
    SectionKind.LAB: "hours_lab",
}
SECTION_ROOM_KINDS = {
    SectionKind.LECTURE: (RoomKind.LECTURE_HALL, RoomKind.CLASSROOM),
    SectionKind.PRACTICE: (RoomKind.CLASSROOM, RoomKind.COMPUTER_LAB),
    SectionKind.LAB: (RoomKind.COMPUTER_LAB, RoomKind.LABORATORY),
}
COST_LABELS = {
    "curriculum_compactness": gettext_lazy("gaps in students' days (isolated lessons)"),
    "min_working_days": gettext_lazy("lessons of a section on too few days"),
    "room_stability": gettext_lazy("sections changing rooms"),
    "period_preference": gettext_lazy("lessons at teachers' undesired times"),
    "room_capacity": gettext_lazy("students above room capacity"),
}


# --- pure rules --------------------------------------------------------------------------------------------------


def term_weeks(term) -> int:
    """Teaching weeks of a term: TERM_WEEKS, or fewer when the term is shorter (a summer term)."""
    days = (term.ends_on - term.starts_on).days + 1
    return max(1, min(TERM_WEEKS, math.ceil(days / 7)))


def weekly_lessons(hours: int, weeks: int) -> int:
    """Lessons a week for `hours` of a term of `weeks` weeks: rounded up, at least one when there are hours."""
    return math.ceil(hours / weeks) if hours > 0 else 0


def section_size(section) -> int:
    """Students a room must seat: those registered, or the section's seats before registration."""
    return section.seats_taken or section.capacity


def section_lessons(section, weeks: int) -> int:
    return weekly_lessons(getattr(section.discipline, HOURS_FIELD[section.kind]), weeks)


def section_room_kinds(section) -> tuple[str, ...]:
    """Room types a section may use: its discipline's need for the lesson type, else by the lesson type
    (`SECTION_ROOM_KINDS`); empty: any room."""
    need, _equipment = section.discipline.room_need(section.kind)
    if need == "any":
        return ()
    if need:
        return (need,)
    return tuple(SECTION_ROOM_KINDS[section.kind])


def section_equipment(section) -> list[str]:
    """Equipment tags a section's room must have (its discipline's, for the lesson type)."""
    return section.discipline.room_need(section.kind)[1]


def _tag(text: str) -> str:
    return f"eq:{str(text).strip().casefold()}"


def room_has(room, equipment) -> bool:
    """Whether a room has every tag of `equipment` (case-insensitive)."""
    have = {_tag(f) for f in room.features or []}
    return all(_tag(t) in have for t in equipment)


def missing_equipment(room, equipment) -> list[str]:
    have = {_tag(f) for f in room.features or []}
    return [t for t in equipment if _tag(t) not in have]


# --- the term as read from the database --------------------------------------------------------------------------


@dataclass
class Grid:
    """The time grid of a study form: the solver's day and period indexes <-> weekday and period number."""

    study_form: str
    rows: dict[tuple[int, int], ClassPeriod]
    days: list[int] = field(init=False)
    periods: list[int] = field(init=False)

    def __post_init__(self):
        self.days = sorted({d for d, _p in self.rows})
        self.periods = sorted({p for _d, p in self.rows})

    def __bool__(self):
        return bool(self.rows)

    def index(self, day: int, period: int) -> tuple[int, int]:
        """Solver time of a weekday and period number; (-1, -1) outside the grid's days and periods."""
        if day not in self.days or period not in self.periods:
            return -1, -1
        return self.days.index(day), self.periods.index(period)

    def cell(self, d: int, p: int) -> tuple[int, int]:
        return self.days[d], self.periods[p]

    def missing(self) -> frozenset[tuple[int, int]]:
        """Solver times inside the rectangle of days x periods that are not class periods."""
        return frozenset(
            (d, p)
            for d, day in enumerate(self.days)
            for p, number in enumerate(self.periods)
            if (day, number) not in self.rows
        )


def grid_for(study_form: str) -> Grid:
    return Grid(study_form, {(r.day, r.number): r for r in ClassPeriod.objects.filter(study_form=study_form)})


@dataclass
class TermData:
    term: object
    study_form: str
    grid: Grid
    sections: list  # Section rows of the form, with discipline and teacher
    rooms: list  # active Room rows
    students_of: dict[int, set[int]]  # section id -> student ids
    student_sets: set[frozenset[int]]  # distinct sets of sections one student sits in
    unavailability: dict[int, list]  # teacher id -> TeacherUnavailability rows
    weeks: int
    room_unavailability: dict[int, set[tuple[int, int]]] = field(default_factory=dict)  # room id -> (day, period)
    room_notes: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (room, day, period) -> note

    def ancestors(self, section) -> list[int]:
        out, cur = [], section
        by_id = self.by_id
        while cur.parent_id is not None:
            out.append(cur.parent_id)
            cur = by_id.get(cur.parent_id)
            if cur is None:
                break
        return out

    @property
    def by_id(self) -> dict[int, Section]:
        if not hasattr(self, "_by_id"):
            self._by_id = {s.pk: s for s in self.sections}
        return self._by_id

    def related(self) -> dict[int, set[int]]:
        """Section id -> the sections sharing students with it (its stream or groups included)."""
        if not hasattr(self, "_related"):
            rel = defaultdict(set)
            for group in self.student_sets:
                for sid in group:
                    rel[sid] |= group
            for s in self.sections:
                for a in self.ancestors(s):
                    rel[s.pk].add(a)
                    rel[a].add(s.pk)
            for sid, others in rel.items():
                others.discard(sid)
            self._related = rel
        return self._related


def load_term(term, study_form: str = StudyForm.FULL_TIME) -> TermData:
    """Everything the problem needs, in seven queries whatever the size of the term."""
    rows = PlanItem.objects.filter(plan__term=term).values_list(
        "plan__student_id", "plan__student__study_form", "section_id", "practice_section_id", "lab_section_id"
    )
    sets_of_student: dict[int, set[int]] = defaultdict(set)
    forms_of_section: dict[int, Counter] = defaultdict(Counter)
    for student_id, form, *section_ids in rows:
        for sid in section_ids:
            if sid is not None:
                sets_of_student[student_id].add(sid)
                forms_of_section[sid][form] += 1
    sections = [
        s
        for s in Section.objects.filter(term=term, status=SectionStatus.OPEN)
        .select_related("discipline", "teacher__user")
        .order_by("discipline__code", "language", "kind", "number", "pk")
        if (forms_of_section[s.pk].most_common(1)[0][0] if forms_of_section[s.pk] else StudyForm.FULL_TIME)
        == study_form
    ]
    ids = {s.pk for s in sections}
    students_of: dict[int, set[int]] = defaultdict(set)
    student_sets = set()
    for student_id, sids in sets_of_student.items():
        mine = frozenset(sids & ids)
        for sid in mine:
            students_of[sid].add(student_id)
        if mine:
            student_sets.add(mine)
    unavailability = defaultdict(list)
    teacher_ids = {s.teacher_id for s in sections if s.teacher_id}
    for row in TeacherUnavailability.objects.filter(teacher_id__in=teacher_ids):
        unavailability[row.teacher_id].append(row)
    room_unavailability: dict[int, set[tuple[int, int]]] = defaultdict(set)
    room_notes = {}
    for room_pk, day, period, note in RoomUnavailability.objects.values_list("room_id", "day", "period", "note"):
        room_unavailability[room_pk].add((day, period))
        room_notes[(room_pk, day, period)] = note
    return TermData(
        term=term,
        study_form=study_form,
        grid=grid_for(study_form),
        sections=sections,
        rooms=list(Room.objects.filter(is_active=True).order_by("building", "number")),
        students_of=students_of,
        student_sets=student_sets,
        unavailability=unavailability,
        weeks=term_weeks(term),
        room_unavailability=room_unavailability,
        room_notes=room_notes,
    )


# --- the solver's problem ----------------------------------------------------------------------------------------


def course_id(section_id: int) -> str:
    return f"s{section_id}"


def room_id(room_pk: int) -> str:
    return f"r{room_pk}"


def _seats(n: int) -> str:
    return f"seats>={n}"


def room_unavailable_times(grid: Grid, cells) -> frozenset[tuple[int, int]]:
    """Solver times of a room's unavailable (day, period) cells; cells outside the grid are ignored."""
    out = {grid.index(day, period) for day, period in cells}
    out.discard((-1, -1))
    return frozenset(out)


def build_problem(data: TermData) -> tuple[Problem, list[dict]]:
    """The solver's problem of a term, and warnings (dicts: code and parameters, see `warning_text`)."""
    grid = data.grid
    if not grid:
        raise DomainError(_("The time grid of this study form is empty: add class periods first."), field="study_form")
    if not data.rooms:
        raise DomainError(_("There are no active rooms."))
    warnings: list[dict] = []
    scheduled = [s for s in data.sections if section_lessons(s, data.weeks) > 0]
    sizes = sorted({section_size(s) for s in scheduled})
    missing = grid.missing()
    rooms = [
        SolverRoom(
            room_id(r.pk),
            r.capacity,
            r.kind,
            frozenset(_seats(n) for n in sizes if n <= r.capacity) | frozenset(_tag(f) for f in r.features or []),
            missing | room_unavailable_times(grid, data.room_unavailability.get(r.pk, ())),
        )
        for r in data.rooms
    ]
    courses = []
    for s in scheduled:
        n = section_lessons(s, data.weeks)
        size = section_size(s)
        kinds = section_room_kinds(s)
        equipment = section_equipment(s)
        of_kind = [r for r in data.rooms if not kinds or r.kind in kinds]
        if not of_kind:
            warnings.append({"code": "no_room_kind", "section": s.code})
            kinds = ()
            of_kind = data.rooms
        needs = frozenset(_tag(t) for t in equipment)
        equipped = [r for r in of_kind if room_has(r, equipment)]
        if not equipped:
            warnings.append({"code": "no_room_equipment", "section": s.code, "equipment": ", ".join(equipment)})
            needs, equipped = frozenset(), of_kind
        features = frozenset({_seats(size)}) | needs
        if not any(r.capacity >= size for r in equipped):
            warnings.append({"code": "no_room_big_enough", "section": s.code, "size": size})
            features = needs
        unavailable, penalties = set(), {}
        for row in data.unavailability.get(s.teacher_id, []):
            t = grid.index(row.day, row.period)
            if t == (-1, -1):
                continue
            if row.kind == Availability.UNAVAILABLE:
                unavailable.add(t)
            else:
                penalties[t] = UNDESIRED_PENALTY
        courses.append(
            Course(
                course_id(s.pk),
                (f"t{s.teacher_id}",) if s.teacher_id else (),
                n,
                min(n, len(grid.days)),
                size,
                room_kinds=frozenset(kinds),
                features=features,
                unavailable=frozenset(unavailable),
                period_penalties=penalties,
            )
        )
    load = Counter()
    for s, course in zip(scheduled, courses, strict=True):
        if s.teacher_id:
            load[s.teacher_id] += course.lectures
    for teacher_id, lessons in sorted(load.items()):
        teacher = next(s.teacher for s in scheduled if s.teacher_id == teacher_id)
        hard = {
            (r.day, r.period) for r in data.unavailability.get(teacher_id, []) if r.kind == Availability.UNAVAILABLE
        }
        times = len(set(grid.rows) - hard)
        if lessons > times:
            warnings.append({"code": "teacher_overloaded", "teacher": str(teacher), "lessons": lessons, "times": times})
    in_problem = {s.pk for s in scheduled}
    groups: set[frozenset[int]] = set()
    for group in data.student_sets:
        mine = group & in_problem
        if len(mine) > 1:
            groups.add(mine)
    for s in scheduled:
        for a in data.ancestors(s):
            if a in in_problem and not any(s.pk in g and a in g for g in groups):
                groups.add(frozenset({s.pk, a}))
    curricula = [
        Curriculum(f"q{i}", tuple(course_id(sid) for sid in sorted(g)))
        for i, g in enumerate(sorted(groups, key=lambda g: sorted(g)))
    ]
    problem = Problem(f"{data.term.pk}-{data.study_form}", len(grid.days), len(grid.periods), rooms, courses, curricula)
    free = len(grid.rows) * len(rooms)
    if problem.n_lectures > free:
        raise DomainError(
            _("%(lessons)s weekly lessons do not fit in %(periods)s class periods of %(rooms)s rooms.")
            % {"lessons": problem.n_lectures, "periods": len(grid.rows), "rooms": len(rooms)}
        )
    return problem, warnings


def warning_text(warning: dict) -> str:
    if warning.get("code") == "no_room_kind":
        return _("Section %(section)s: no active room of a type it may use; any room was allowed.") % warning
    if warning.get("code") == "no_room_equipment":
        return (
            _("Section %(section)s: no active room of its type has %(equipment)s; rooms without it were allowed.")
            % warning
        )
    if warning.get("code") == "no_room_big_enough":
        return (
            _("Section %(section)s: no room of its type seats %(size)s students; the largest were allowed.") % warning
        )
    if warning.get("code") == "teacher_overloaded":
        return (
            _("Teacher %(teacher)s has %(lessons)s weekly lessons but only %(times)s class periods to give them in.")
            % warning
        )
    return str(warning)


def _solution_of(data: TermData, lessons) -> Solution:
    out = []
    for lesson in lessons:
        d, p = data.grid.index(lesson.day, lesson.period)
        out.append(Lecture(course_id(lesson.section_id), room_id(lesson.room_id), d, p))
    return Solution(out)


def _evaluation_fields(problem: Problem, solution: Solution, warnings: list[dict], stats: dict | None = None) -> dict:
    ev = evaluate(problem, solution)
    breakdown = {
        **ev.soft,
        "lessons": len(solution.lectures),
        "sections": len(problem.courses),
        "rooms": len(problem.rooms),
        "curricula": len(problem.curricula),
        "warnings": warnings,
    }
    if stats:
        breakdown["seconds"] = stats.get("seconds")
        breakdown["iterations"] = stats.get("iterations")
    return {"cost_breakdown": breakdown, "soft_cost": ev.cost, "hard_violations": ev.n_hard}


# --- versions: start, solve, publish -----------------------------------------------------------------------------


def timetable_version_create(*, actor, term, study_form: str = StudyForm.FULL_TIME, time_limit: int = 60):
    """A queued draft version of `term`; the caller dispatches its solve (tasks.timetable_solve_dispatch)."""
    require(actor, "timetable.manage")
    if study_form not in StudyForm.values:
        raise DomainError(_("Choose a study form."), field="study_form")
    if not 1 <= int(time_limit) <= MAX_TIME_LIMIT:
        raise DomainError(
            _("The time limit is from 1 to %(max)s seconds.") % {"max": MAX_TIME_LIMIT}, field="time_limit"
        )
    if not ClassPeriod.objects.filter(study_form=study_form).exists():
        raise DomainError(_("The time grid of this study form is empty: add class periods first."), field="study_form")
    if not Room.objects.filter(is_active=True).exists():
        raise DomainError(_("There are no active rooms."))
    with transaction.atomic():
        busy = TimetableVersion.objects.select_for_update().filter(
            term=term, study_form=study_form, solve_status__in=[SolveStatus.QUEUED, SolveStatus.RUNNING]
        )
        if busy.exists():
            raise DomainError(
                _("A timetable of this term is being computed already: wait until it finishes."), field="term"
            )
        return TimetableVersion.objects.create(
            term=term, study_form=study_form, time_limit=int(time_limit), created_by=actor
        )


class _Progress:
    """The solver's progress callback: writes percent and best cost to the version row, at most every
    PROGRESS_EVERY seconds, each write its own short transaction (the page polls it)."""

    def __init__(self, version_id: int, model=TimetableVersion):
        self.version_id = version_id
        self.model = model
        self.last = 0.0

    def __call__(self, fraction: float, best_cost: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        with transaction.atomic():
            self.model.objects.filter(pk=self.version_id).update(
                progress=min(99, max(0, int(fraction * 100))), best_cost=int(best_cost)
            )


def version_claim(model, pk: int):
    """(version, True) with the queued draft marked running; (version, False) when it is computed
    already or no longer a draft (a repeated task leaves it as it is)."""
    with transaction.atomic():
        version = model.objects.select_for_update().select_related("term").get(pk=pk)
        if version.solve_status == SolveStatus.DONE or version.status != VersionStatus.DRAFT:
            return version, False
        version.solve_status, version.progress, version.started_at = SolveStatus.RUNNING, 0, timezone.now()
        version.message = ""
        version.save(update_fields=["solve_status", "progress", "started_at", "message"])
    return version, True


def timetable_solve(version: TimetableVersion, *, seed: int = 0, iterations: int | None = None) -> TimetableVersion:
    """Compute the lessons of a queued draft version and store them with the cost breakdown.

    Idempotent: a version already computed (or no longer a draft) is left as it is. A refusal (no grid,
    lessons that cannot fit) or an error marks the version failed with its message."""
    version, claimed = version_claim(TimetableVersion, version.pk)
    if not claimed:
        return version
    try:
        data = load_term(version.term, version.study_form)
        problem, warnings = build_problem(data)
        if problem.n_lectures == 0:
            raise DomainError(_("The term has no sections with weekly lessons for this study form."))
        solution = solve(
            problem, time_limit=version.time_limit, seed=seed, progress=_Progress(version.pk), iterations=iterations
        )
        fields = _evaluation_fields(problem, solution, warnings, solution.stats)
        counter = Counter()
        lessons = []
        for lec in sorted(solution.lectures, key=lambda x: (x.course, x.day, x.period)):
            sid = int(lec.course[1:])
            day, period = data.grid.cell(lec.day, lec.period)
            lessons.append(
                ScheduledLesson(
                    version_id=version.pk,
                    section_id=sid,
                    index=counter[sid] + 1,
                    day=day,
                    period=period,
                    room_id=int(lec.room[1:]),
                )
            )
            counter[sid] += 1
        with transaction.atomic():
            ScheduledLesson.objects.filter(version_id=version.pk).delete()
            ScheduledLesson.objects.bulk_create(lessons, batch_size=1000)
            TimetableVersion.objects.filter(pk=version.pk).update(
                solve_status=SolveStatus.DONE, progress=100, finished_at=timezone.now(), **fields
            )
    except DomainError as exc:
        _fail(version.pk, str(exc.message))
    except Exception as exc:  # the page must say that the computation stopped, whatever stopped it
        log.exception("timetable version %s failed", version.pk)
        _fail(version.pk, _("The computation failed: %(error)s") % {"error": exc})
    version.refresh_from_db()
    return version


def _fail(version_id: int, message: str, model=TimetableVersion) -> None:
    model.objects.filter(pk=version_id).update(
        solve_status=SolveStatus.FAILED, finished_at=timezone.now(), message=message
    )


def timetable_publish(*, actor, version: TimetableVersion) -> TimetableVersion:
    """Publish a computed draft: students and teachers see it; the term's previously published version
    (same study form) is archived."""
    require(actor, "timetable.manage")
    return version_publish(actor=actor, version=version)


def version_publish(*, actor, version):
    """Publish a computed draft version (timetable or exam schedule, checked by the caller) and archive
    the one published before it for the same term and study form: one published at a time."""
    model = type(version)
    with transaction.atomic():
        versions = list(
            model.objects.select_for_update().filter(term_id=version.term_id, study_form=version.study_form)
        )
        version = next(v for v in versions if v.pk == version.pk)
        if version.status != VersionStatus.DRAFT:
            raise DomainError(_("Only a draft version can be published."))
        if version.solve_status != SolveStatus.DONE:
            raise DomainError(_("The version has not been computed yet."))
        model.objects.filter(pk__in=[v.pk for v in versions if v.status == VersionStatus.PUBLISHED]).update(
            status=VersionStatus.ARCHIVED
        )
        version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, timezone.now(), actor
        version.save(update_fields=["status", "published_at", "published_by"])
    return version


def timetable_rescore(version: TimetableVersion, data: TermData | None = None) -> TimetableVersion:
    """Recount the cost and hard violations of a version's lessons as they are now (after a manual move)."""
    data = data or load_term(version.term, version.study_form)
    problem, warnings = build_problem(data)
    lessons = list(ScheduledLesson.objects.filter(version=version).only("section_id", "room_id", "day", "period"))
    fields = _evaluation_fields(problem, _solution_of(data, lessons), warnings)
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=list(fields))
    return version


# --- conflicts and manual moves ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    code: str
    message: str
    soft: bool = False  # a preference, not a rule: shown, needs no confirmation
    blocking: bool = False  # cannot be saved at all (the room's time is taken)


class ConflictChecker:
    """Answers "what would break if this lesson were at (day, period) in that room?" against the other
    lessons of the version, from data read once (the version's lessons, the term's students)."""

    def __init__(self, version: TimetableVersion, data: TermData | None = None):
        self.version = version
        self.data = data or load_term(version.term, version.study_form)
        self.lessons = list(
            ScheduledLesson.objects.filter(version=version).select_related(
                "section__discipline", "section__teacher__user", "room"
            )
        )
        self.at = defaultdict(list)
        for lesson in self.lessons:
            self.at[(lesson.day, lesson.period)].append(lesson)
        self.unavailable = {
            (tid, row.day, row.period): row for tid, rows in self.data.unavailability.items() for row in rows
        }

    def check(self, lesson, day: int, period: int, room) -> list[Conflict]:
        section = lesson.section
        out = []
        related = self.data.related().get(section.pk, set())
        for other in self.at.get((day, period), []):
            if other.pk == lesson.pk:
                continue
            o = other.section
            if other.room_id == room.pk:
                out.append(
                    Conflict(
                        "room_busy",
                        _("Room %(room)s is taken at this time by %(section)s.") % {"room": room, "section": o.code},
                        blocking=True,
                    )
                )
            if o.pk == section.pk:
                out.append(Conflict("section", _("Another lesson of this section is at this time.")))
                continue
            if section.teacher_id and o.teacher_id == section.teacher_id:
                out.append(
                    Conflict(
                        "teacher",
                        _("Teacher %(teacher)s has %(section)s at this time.")
                        % {"teacher": section.teacher, "section": o.code},
                    )
                )
            if o.pk in related:
                shared = len(self.data.students_of.get(section.pk, set()) & self.data.students_of.get(o.pk, set()))
                if shared:
                    message = _("%(count)s student(s) of this section have %(section)s at this time.") % {
                        "count": shared,
                        "section": o.code,
                    }
                else:
                    message = _("%(section)s is part of the same stream and is held at this time.") % {
                        "section": o.code
                    }
                out.append(Conflict("students", message))
        size = section_size(section)
        if room.capacity < size:
            out.append(
                Conflict(
                    "capacity",
                    _("Room %(room)s has %(capacity)s seats; the section has %(size)s students.")
                    % {"room": room, "capacity": room.capacity, "size": size},
                )
            )
        kinds = section_room_kinds(section)
        if kinds and room.kind not in kinds:
            out.append(
                Conflict(
                    "room_kind",
                    _("Room %(room)s is a %(kind)s; this section needs: %(kinds)s.")
                    % {
                        "room": room,
                        "kind": room.get_kind_display(),
                        "kinds": ", ".join(str(RoomKind(k).label) for k in kinds),
                    },
                )
            )
        lacking = missing_equipment(room, section_equipment(section))
        if lacking:
            out.append(
                Conflict(
                    "room_equipment",
                    _("Room %(room)s lacks the equipment this section needs: %(equipment)s.")
                    % {"room": room, "equipment": ", ".join(lacking)},
                )
            )
        if not room.is_active:
            out.append(Conflict("room_inactive", _("Room %(room)s is not active.") % {"room": room}))
        if (day, period) in self.data.room_unavailability.get(room.pk, ()):
            note = self.data.room_notes.get((room.pk, day, period), "")
            message = _("Room %(room)s is unavailable at this time.") % {"room": room}
            if note:
                message = f"{message} ({note})"
            out.append(Conflict("room_unavailable", message))
        row = self.unavailable.get((section.teacher_id, day, period)) if section.teacher_id else None
        if row is not None and row.kind == Availability.UNAVAILABLE:
            out.append(
                Conflict(
                    "teacher_unavailable",
                    _("Teacher %(teacher)s is unavailable at this time.") % {"teacher": section.teacher},
                )
            )
        elif row is not None:
            out.append(
                Conflict(
                    "teacher_undesired",
                    _("Teacher %(teacher)s would rather not teach at this time.") % {"teacher": section.teacher},
                    soft=True,
                )
            )
        return out

    def all(self) -> list[tuple[ScheduledLesson, list[Conflict]]]:
        """Every lesson of the version with its hard conflicts where it stands (for the version's page)."""
        out = []
        for lesson in self.lessons:
            found = [c for c in self.check(lesson, lesson.day, lesson.period, lesson.room) if not c.soft]
            if (lesson.day, lesson.period) not in self.data.grid.rows:
                found.append(Conflict("grid", _("This time is not a class period of the time grid.")))
            if found:
                out.append((lesson, found))
        return out


@dataclass
class MoveResult:
    lesson: ScheduledLesson
    conflicts: list[Conflict]
    saved: bool = False

    @property
    def hard(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.soft]


def lesson_move(
    *, actor, lesson: ScheduledLesson, day: int, period: int, room, save: bool = False, confirm: bool = False
) -> MoveResult:
    """The conflicts of moving `lesson` to (day, period) in `room`; with `save`, also move it.

    Saving with conflicts needs `confirm` (the conflicts are then recorded on the lesson); a room's
    time taken by another lesson is never saved. A saved move re-scores the version."""
    require(actor, "timetable.manage")
    with transaction.atomic():
        version = TimetableVersion.objects.select_for_update().select_related("term").get(pk=lesson.version_id)
        if not version.is_editable:
            raise DomainError(_("This version cannot be edited: it is archived or not computed."))
        data = load_term(version.term, version.study_form)
        if (int(day), int(period)) not in data.grid.rows:
            raise DomainError(_("This time is not a class period of the time grid."), field="period")
        checker = ConflictChecker(version, data)
        lesson = next((x for x in checker.lessons if x.pk == lesson.pk), lesson)
        conflicts = checker.check(lesson, int(day), int(period), room)
        result = MoveResult(lesson, conflicts)
        if not save:
            return result
        if not room.is_active:
            raise DomainError(_("Room %(room)s is not active.") % {"room": room}, field="room")
        blocking = [c for c in conflicts if c.blocking]
        if blocking:
            raise DomainError(blocking[0].message, field="room", errors=[c.message for c in blocking])
        if result.hard and not confirm:
            raise DomainError(_("The move creates conflicts: confirm to save it anyway."), field="confirm")
        lesson.day, lesson.period, lesson.room = int(day), int(period), room
        lesson.conflicts = [{"code": c.code, "message": c.message} for c in result.hard]
        lesson.moved_by, lesson.moved_at = actor, timezone.now()
        lesson.save(update_fields=["day", "period", "room", "conflicts", "moved_by", "moved_at"])
        timetable_rescore(version, data)
        result.saved = True
        return result


# --- reference data: rooms, grid, unavailability -----------------------------------------------------------------


def _features(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [f.strip() for f in value or [] if f and f.strip()]


def room_save(*, actor, room: Room | None = None, **fields) -> Room:
    """Create a room or change one (building, number, capacity, kind, features, is_active)."""
    require(actor, "timetable.manage")
    room = room or Room()
    if "features" in fields:
        fields["features"] = _features(fields["features"])
    for name, value in fields.items():
        setattr(room, name, value)
    duplicate = Room.objects.filter(building=room.building, number=room.number).exclude(pk=room.pk)
    if duplicate.exists():
        raise DomainError(
            _("Room %(number)s already exists in building %(building)s.")
            % {"number": room.number, "building": room.building},
            field="number",
        )
    room.save()
    return room


def class_period_set(*, actor, study_form: str, days, number: int, starts_at, ends_at) -> list[ClassPeriod]:
    """Set class period `number` of the chosen days of a study form's grid (created or changed)."""
    require(actor, "timetable.manage")
    if starts_at >= ends_at:
        raise DomainError(_("A class period must end after it starts."), field="ends_at")
    days = sorted({int(d) for d in days})
    if not days:
        raise DomainError(_("Choose at least one day."), field="days")
    out = []
    with transaction.atomic():
        for day in days:
            row, _created = ClassPeriod.objects.update_or_create(
                study_form=study_form,
                day=day,
                number=number,
                defaults={"starts_at": starts_at, "ends_at": ends_at},
            )
            out.append(row)
    return out


def class_period_delete(*, actor, period: ClassPeriod) -> None:
    require(actor, "timetable.manage")
    period.delete()


def unavailability_set(*, actor, teacher, day: int, period: int, kind: str, note: str = "") -> TeacherUnavailability:
    require(actor, "timetable.manage")
    if kind not in Availability.values:
        raise DomainError(_("Choose unavailable or undesired."), field="kind")
    row, _created = TeacherUnavailability.objects.update_or_create(
        teacher=teacher, day=day, period=period, defaults={"kind": kind, "note": note}
    )
    return row


def unavailability_delete(*, actor, row: TeacherUnavailability) -> None:
    require(actor, "timetable.manage")
    row.delete()


def room_unavailability_set(*, actor, room, day: int, period: int, note: str = "") -> RoomUnavailability:
    """Mark a room unavailable at a weekly time (created, or its note changed)."""
    require(actor, "timetable.manage")
    if int(day) not in Weekday.values:
        raise DomainError(_("Choose a day from Monday to Saturday."), field="day")
    if int(period) < 1:
        raise DomainError(_("A class period is numbered from 1."), field="period")
    row, _created = RoomUnavailability.objects.update_or_create(
        room=room, day=int(day), period=int(period), defaults={"note": (note or "").strip()}
    )
    return row


def room_unavailability_delete(*, actor, row: RoomUnavailability) -> None:
    require(actor, "timetable.manage")
    row.delete()
