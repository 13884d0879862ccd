"""The exam-session schedule of a term: from sections to the exam solver's problem, solving a version
(progress written for the page), publishing, re-scoring, and manual moves with their conflicts.

What is scheduled: one exam per lecture stream (a section without a parent) of a discipline whose
control form is an exam, sat together by the students of the stream and of its practice groups and
lab subgroups (their plan items). Where: the days of the term's exam-session periods of the academic
calendar (for every study form or this one), without Sundays and public holidays, at the exam start
times of the university settings; in active rooms of EXAM_ROOM_KINDS.

How (`build_exam_problem`, scheduling.solver.exam): every start time of every day is a period; an exam
bigger than the largest room is split into parts that must coincide (EXAM_COINCIDENCE), each part alone
in a room (ROOM_EXCLUSIVE); a student with two exams at once is a hard conflict; every academic group
is a link over its exams, so two of them at once count as a conflict, two on one day cost SAME_DAY_WEIGHT
per student and per group and two fewer than the settings' minimum gap of days apart GAP_WEIGHT: heavy
enough that the search removes them whenever the session has room. Invigilators are chosen after
the search (exam_rules.assign_invigilators). The version's hard violations are counted by exam_rules
on the stored schedule, the same rules that list the conflicts of a move.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academics.choices import ControlForm, PeriodKind, StudyForm
from academics.models import CalendarPeriod
from enrollment.models import Student
from registrar.errors import DomainError
from registrar.models import parse_exam_start_times
from registrar.policy import require
from registrar.selectors import university_settings

from . import exam_rules
from .models import ExamRoom, ExamScheduleVersion, Room, RoomKind, ScheduledExam, SolveStatus
from .services import MAX_TIME_LIMIT, TermData, _fail, _Progress, load_term, version_claim, version_publish
from .solver.exam import ExamProblem, PeriodConstraint, Weightings, solve_exam

log = logging.getLogger(__name__)

EXAM_ROOM_KINDS = (RoomKind.LECTURE_HALL, RoomKind.CLASSROOM, RoomKind.COMPUTER_LAB)
SAME_DAY_WEIGHT = 1000  # per student (and per group) with two exams on one day
GAP_WEIGHT = 100  # per student (and per group) with two exams closer than the minimum gap
SUNDAY = 6
COST_LABELS = {
    "student_clash": gettext_lazy("students with two exams at once"),
    "group_same_day": gettext_lazy("groups with two exams on one day"),
    "group_gap": gettext_lazy("a group's exams closer than the minimum gap"),
    "room_capacity": gettext_lazy("exams with more students than seats"),
    "room_double": gettext_lazy("rooms with two exams at once"),
    "invigilator_double": gettext_lazy("invigilators in two places at once"),
    "no_invigilator": gettext_lazy("rooms without an invigilator"),
    "own_teacher_absent": gettext_lazy("exams none of whose own teachers invigilates"),
}


@dataclass(frozen=True)
class ExamConfig:
    start_times: list[datetime.time]
    duration: int  # minutes
    min_gap_days: int


def exam_config() -> ExamConfig:
    s = university_settings()
    return ExamConfig(parse_exam_start_times(s.exam_start_times), s.exam_duration_minutes, s.exam_min_gap_days)


def ends_at(starts_at: datetime.time, minutes: int) -> datetime.time:
    end = datetime.datetime.combine(datetime.date(2000, 1, 1), starts_at) + datetime.timedelta(minutes=minutes)
    return end.time() if end.date() == datetime.date(2000, 1, 1) else datetime.time(23, 59)


def session_days(term, study_form: str) -> list[datetime.date]:
    """The days of the term's exam session (periods for every study form or this one), without Sundays
    and the days of public holidays of the academic year."""
    rows = list(
        CalendarPeriod.objects.filter(
            Q(term=term) | Q(term__isnull=True, academic_year_id=term.academic_year_id),
            kind__in=[PeriodKind.EXAM_SESSION, PeriodKind.HOLIDAY],
            study_form__in=["", study_form],
        )
    )
    holidays = set()
    for row in rows:
        if row.kind == PeriodKind.HOLIDAY:
            holidays.update(
                row.starts_on + datetime.timedelta(days=i) for i in range((row.ends_on - row.starts_on).days + 1)
            )
    days = set()
    for row in rows:
        # A session of the term, or one recorded for the whole year that starts within the term.
        mine = row.term_id == term.pk or (row.term_id is None and term.starts_on <= row.starts_on <= term.ends_on)
        if row.kind == PeriodKind.EXAM_SESSION and mine:
            for i in range((row.ends_on - row.starts_on).days + 1):
                day = row.starts_on + datetime.timedelta(days=i)
                if day.weekday() != SUNDAY and day not in holidays:
                    days.add(day)
    return sorted(days)


# --- the term's exams as read from the database ------------------------------------------------------------------


@dataclass
class ExamData:
    term: object
    study_form: str
    config: ExamConfig
    days: list[datetime.date]
    rooms: list  # Room rows
    exams: list[dict]  # {"section", "sections", "students", "groups", "teachers"}
    group_names: dict[int, str]
    pool: list[int]  # teacher ids who may invigilate: the teachers of the term's sections
    scheduled: list[dict] = field(default_factory=list)  # the exams with students (build_exam_problem)

    def by_section(self) -> dict[int, dict]:
        return {e["section"].pk: e for e in self.exams}


def load_exams(term, study_form: str = StudyForm.FULL_TIME, data: TermData | None = None) -> ExamData:
    """The exams of a term (one per lecture stream of an exam discipline) with their students and groups."""
    data = data or load_term(term, study_form)
    by_id = data.by_id
    trees: dict[int, list] = defaultdict(list)
    for s in data.sections:
        if s.discipline.control_form != ControlForm.EXAM:
            continue
        root = s
        while root.parent_id is not None and root.parent_id in by_id:
            root = by_id[root.parent_id]
        trees[root.pk].append(s)
    students = set()
    for sid in {s.pk for tree in trees.values() for s in tree}:
        students |= data.students_of.get(sid, set())
    group_of = dict(Student.objects.filter(pk__in=students).values_list("pk", "group_id"))
    names = {}
    if group_of:
        from enrollment.models import AcademicGroup

        names = dict(AcademicGroup.objects.filter(pk__in=set(group_of.values())).values_list("pk", "name"))
    exams = []
    for root_id, tree in sorted(trees.items(), key=lambda kv: (by_id[kv[0]].discipline.code, kv[0])):
        studs = set()
        for s in tree:
            studs |= data.students_of.get(s.pk, set())
        teachers = []
        for s in sorted(tree, key=lambda x: (x.parent_id is not None, x.pk)):
            if s.teacher_id and s.teacher_id not in teachers:
                teachers.append(s.teacher_id)
        exams.append(
            {
                "section": by_id[root_id],
                "sections": sorted(tree, key=lambda x: x.pk),
                "students": frozenset(studs),
                "groups": frozenset(g for g in (group_of.get(x) for x in studs) if g is not None),
                "teachers": tuple(teachers),
            }
        )
    pool = sorted({s.teacher_id for s in data.sections if s.teacher_id})
    rooms = [r for r in data.rooms if r.kind in EXAM_ROOM_KINDS]
    return ExamData(term, study_form, exam_config(), session_days(term, study_form), rooms, exams, names, pool)


# --- the solver's problem ----------------------------------------------------------------------------------------


@dataclass
class Part:
    exam: int  # index in ExamData.exams
    students: tuple[int, ...]


def _parts(n: int, largest: int, rooms: int) -> int:
    return max(1, min(rooms, math.ceil(n / largest))) if largest else 1


def build_exam_problem(data: ExamData) -> tuple[ExamProblem, list[Part], list[dict]]:
    """The exam solver's problem, its parts (an exam split over rooms is several parts), warnings."""
    warnings: list[dict] = []
    cfg = data.config
    periods = [((d.year, d.month, d.day), f"{t:%H:%M}:00", cfg.duration, 0) for d in data.days for t in cfg.start_times]
    caps = sorted((r.capacity for r in data.rooms), reverse=True)
    largest, total = (caps[0] if caps else 0), sum(caps)
    parts: list[Part] = []
    constraints = []
    first_part = {}
    exams = [e for e in data.exams if e["students"]]
    for e in data.exams:
        if not e["students"]:
            warnings.append({"code": "no_students", "exam": e["section"].code})
    for i, e in enumerate(exams):
        studs = sorted(e["students"])
        n = len(studs)
        if n > total:
            warnings.append({"code": "no_room_big_enough", "exam": e["section"].code, "size": n, "seats": total})
        k = _parts(n, largest, len(caps))
        size = math.ceil(n / k)
        first_part[i] = len(parts)
        for j in range(k):
            if j:
                constraints.append(PeriodConstraint(first_part[i], "EXAM_COINCIDENCE", len(parts)))
            parts.append(Part(i, tuple(studs[j * size : (j + 1) * size])))
    links = defaultdict(list)
    for i, e in enumerate(exams):
        for g in e["groups"]:
            links[g].append(first_part[i])
    for g, mine in sorted(links.items()):
        need = (len(mine) - 1) * cfg.min_gap_days + 1
        if len(mine) > len(data.days) or (data.days and need > (data.days[-1] - data.days[0]).days + 1):
            warnings.append(
                {
                    "code": "session_too_short",
                    "group": data.group_names.get(g, g),
                    "exams": len(mine),
                    "gap": cfg.min_gap_days,
                    "days": len(data.days),
                }
            )
    if len(parts) > len(periods) * len(caps):
        warnings.append({"code": "too_many_exams", "exams": len(parts), "places": len(periods) * len(caps)})
    problem = ExamProblem(
        f"{data.term.pk}-{data.study_form}",
        durations=[cfg.duration] * len(parts),
        students=[p.students for p in parts],
        periods=periods,
        rooms=[(r.capacity, 0) for r in data.rooms],
        period_constraints=constraints,
        exclusive=list(range(len(parts))),
        weights=Weightings(
            two_in_a_row=SAME_DAY_WEIGHT,
            two_in_a_day=SAME_DAY_WEIGHT,
            day_gap=cfg.min_gap_days,
            day_gap_weight=GAP_WEIGHT,
        ),
        links=[tuple(v) for _g, v in sorted(links.items()) if len(v) > 1],
    )
    data.scheduled = exams
    return problem, parts, warnings


def warning_text(w: dict) -> str:
    code = w.get("code")
    if code == "no_students":
        return _("Exam %(exam)s: no student is registered; it is not scheduled.") % w
    if code == "no_room_big_enough":
        return _("Exam %(exam)s has %(size)s students, but all the exam rooms together seat %(seats)s.") % w
    if code == "session_too_short":
        return (
            _(
                "Group %(group)s has %(exams)s exams, %(gap)s days apart at least, "
                "but the session has %(days)s exam days: the session is too short."
            )
            % w
        )
    if code == "too_many_exams":
        return _("%(exams)s exam rooms are needed but the session has only %(places)s room-times.") % w
    return str(w)


# --- versions: create, solve, publish, re-score ------------------------------------------------------------------


def exam_version_create(*, actor, term, study_form: str = StudyForm.FULL_TIME, time_limit: int = 30):
    """A queued draft exam schedule of `term`; the caller dispatches its solve (tasks.exam_solve_dispatch)."""
    require(actor, "exams.manage")
    if study_form not in StudyForm.values:
        raise DomainError(_("Choose a study form."), field="study_form")
    if not 1 <= int(time_limit) <= MAX_TIME_LIMIT:
        raise DomainError(
            _("The time limit is from 1 to %(max)s seconds.") % {"max": MAX_TIME_LIMIT}, field="time_limit"
        )
    if not session_days(term, study_form):
        raise DomainError(
            _("The academic calendar has no exam session days for this term: add an exam session period first."),
            field="term",
        )
    if not Room.objects.filter(is_active=True, kind__in=EXAM_ROOM_KINDS).exists():
        raise DomainError(_("There are no active rooms for exams."))
    with transaction.atomic():
        busy = ExamScheduleVersion.objects.select_for_update().filter(
            term=term, study_form=study_form, solve_status__in=[SolveStatus.QUEUED, SolveStatus.RUNNING]
        )
        if busy.exists():
            raise DomainError(
                _("An exam schedule of this term is being computed already: wait until it finishes."), field="term"
            )
        return ExamScheduleVersion.objects.create(
            term=term, study_form=study_form, time_limit=int(time_limit), created_by=actor
        )


def exam_solve(version: ExamScheduleVersion, *, seed: int = 0, iterations: int | None = None):
    """Compute the exams of a queued draft version, choose invigilators, store them with the cost breakdown.

    Idempotent like timetable_solve; a refusal or an error marks the version failed with its message."""
    version, claimed = version_claim(ExamScheduleVersion, version.pk)
    if not claimed:
        return version
    try:
        data = load_exams(version.term, version.study_form)
        if not data.days:
            raise DomainError(
                _("The academic calendar has no exam session days for this term: add an exam session period first.")
            )
        problem, parts, warnings = build_exam_problem(data)
        if not parts:
            raise DomainError(_("The term has no exams with registered students for this study form."))
        if not data.rooms:
            raise DomainError(_("There are no active rooms for exams."))
        solution = solve_exam(
            problem,
            time_limit=version.time_limit,
            seed=seed,
            progress=_Progress(version.pk, ExamScheduleVersion),
            iterations=iterations,
        )
        cfg, times = data.config, len(data.config.start_times)
        placed: dict[int, dict] = {}
        for k, part in enumerate(parts):
            p = solution.period[k]
            entry = placed.setdefault(part.exam, {"period": p, "rooms": []})
            entry["rooms"].append((data.rooms[solution.room[k]], len(part.students)))
        slots = []
        for i, entry in sorted(placed.items()):
            e = data.scheduled[i]
            day, start = data.days[entry["period"] // times], cfg.start_times[entry["period"] % times]
            rooms = [exam_rules.RoomUse(r.pk, str(r), r.capacity, n) for r, n in entry["rooms"]]
            slots.append(exam_rules.ExamSlot(i, e["section"].code, day, start, e["students"], e["groups"], rooms,
                                             e["teachers"]))  # fmt: skip
        exam_rules.assign_invigilators(slots, data.pool)
        with transaction.atomic():
            ScheduledExam.objects.filter(version_id=version.pk).delete()
            _store(version, data, slots)
            fields = _evaluation_fields(version, data, warnings, solution.stats)
            ExamScheduleVersion.objects.filter(pk=version.pk).update(
                solve_status=SolveStatus.DONE, progress=100, finished_at=timezone.now(), **fields
            )
    except DomainError as exc:
        _fail(version.pk, str(exc.message), ExamScheduleVersion)
    except Exception as exc:  # the page must say that the computation stopped, whatever stopped it
        log.exception("exam schedule version %s failed", version.pk)
        _fail(version.pk, _("The computation failed: %(error)s") % {"error": exc}, ExamScheduleVersion)
    version.refresh_from_db()
    return version


def _store(version, data: ExamData, slots) -> None:
    cfg = data.config
    exams = []
    for slot in slots:
        e = data.scheduled[slot.key]
        exams.append(
            ScheduledExam(
                version_id=version.pk,
                section=e["section"],
                students=len(e["students"]),
                date=slot.date,
                starts_at=slot.starts_at,
                ends_at=ends_at(slot.starts_at, cfg.duration),
            )
        )
    ScheduledExam.objects.bulk_create(exams, batch_size=500)
    through = ScheduledExam.sections.through
    links, rooms = [], []
    for exam, slot in zip(exams, slots, strict=True):
        links += [through(scheduledexam_id=exam.pk, section_id=s.pk) for s in data.scheduled[slot.key]["sections"]]
        rooms += [
            ExamRoom(exam=exam, version_id=version.pk, room_id=r.room, date=slot.date, starts_at=slot.starts_at,
                     seats=r.seats)
            for r in slot.rooms
        ]  # fmt: skip
    through.objects.bulk_create(links, batch_size=1000)
    ExamRoom.objects.bulk_create(rooms, batch_size=1000)
    invig = ExamRoom.invigilators.through
    rows, k = [], 0
    for slot in slots:
        for r in slot.rooms:
            rows += [invig(examroom_id=rooms[k].pk, teacher_id=t) for t in r.invigilators]
            k += 1
    invig.objects.bulk_create(rows, batch_size=1000)


# --- the stored schedule as rules see it -------------------------------------------------------------------------


class ExamChecker:
    """The version's exams as exam_rules slots (read once), their violations, and what a move would break."""

    def __init__(self, version: ExamScheduleVersion, data: ExamData | None = None):
        self.version = version
        self.data = data or load_exams(version.term, version.study_form)
        by_section = self.data.by_section()
        self.exams = list(
            ScheduledExam.objects.filter(version=version)
            .select_related("section__discipline", "section__teacher__user")
            .prefetch_related("rooms__room", "rooms__invigilators__user")
        )
        self.slots = {}
        for exam in self.exams:
            e = by_section.get(exam.section_id, {"students": frozenset(), "groups": frozenset(), "teachers": ()})
            self.slots[exam.pk] = exam_rules.ExamSlot(
                exam.pk,
                exam.section.code,
                exam.date,
                exam.starts_at,
                e["students"],
                e["groups"],
                [
                    exam_rules.RoomUse(
                        r.room_id, str(r.room), r.room.capacity, r.seats, [t.pk for t in r.invigilators.all()]
                    )
                    for r in exam.rooms.all()
                ],  # fmt: skip
                e["teachers"],
            )
        self.teachers = {t.pk: t for exam in self.exams for r in exam.rooms.all() for t in r.invigilators.all()}

    def violations(self, slots=None) -> list[exam_rules.Violation]:
        slots = list(self.slots.values()) if slots is None else slots
        return exam_rules.violations(slots, min_gap_days=self.data.config.min_gap_days)

    def text(self, v: exam_rules.Violation) -> str:
        d = v.data
        labels = [self.slots[k].label for k in v.exams if k in self.slots]
        other = ", ".join(labels)
        if v.code == "student_clash":
            return _("%(count)s student(s) have two exams at once: %(exams)s.") % {"count": d["count"], "exams": other}
        if v.code == "group_same_day":
            return _("Group %(group)s has two exams on one day: %(exams)s.") % {
                "group": self.data.group_names.get(d["group"], d["group"]),
                "exams": other,
            }
        if v.code == "group_gap":
            return _("Group %(group)s has exams %(days)s day(s) apart, fewer than %(gap)s: %(exams)s.") % {
                "group": self.data.group_names.get(d["group"], d["group"]),
                "days": d["days"],
                "gap": self.data.config.min_gap_days,
                "exams": other,
            }
        if v.code == "room_capacity" and d["room"]:
            return _("Room %(room)s has %(capacity)s seats for %(seats)s students.") % d
        if v.code == "room_capacity":
            return _("Exam %(exam)s has %(students)s students but its rooms seat %(capacity)s.") % {
                "exam": other,
                "students": d["seats"],
                "capacity": d["capacity"],
            }
        if v.code == "room_double":
            return _("Room %(room)s has two exams at once: %(exams)s.") % {"room": d["room"], "exams": other}
        if v.code == "invigilator_double":
            teacher = self.teachers.get(d["teacher"]) or d["teacher"]
            return _("Invigilator %(teacher)s is in two places at once: %(exams)s.") % {
                "teacher": teacher,
                "exams": other,
            }
        if v.code == "no_invigilator":
            return _("Room %(room)s has no invigilator.") % d
        if v.code == "own_teacher_absent":
            return _("None of the exam's own teachers invigilates it.")
        return v.code

    def by_exam(self) -> list[tuple[ScheduledExam, list[str]]]:
        """Every exam with the messages of its hard violations (for the version's page)."""
        found = defaultdict(list)
        for v in self.violations():
            if v.hard:
                for k in v.exams:
                    found[k].append(self.text(v))
        return [(exam, found.get(exam.pk, [])) for exam in self.exams]

    def moved(self, exam, date, starts_at, rooms) -> exam_rules.ExamSlot:
        """The exam's slot at the new place, with invigilators chosen free at that time."""
        old = self.slots[exam.pk]
        seats = _split_seats(len(old.students), [r.capacity for r in rooms])
        slot = exam_rules.ExamSlot(
            old.key, old.label, date, starts_at, old.students, old.groups,
            [exam_rules.RoomUse(r.pk, str(r), r.capacity, n) for r, n in zip(rooms, seats, strict=True)],
            old.own_teachers,
        )  # fmt: skip
        busy = defaultdict(set)
        load = Counter()
        for other in self.slots.values():
            if other.key != exam.pk:
                for r in other.rooms:
                    busy[other.time].update(r.invigilators)
                    load.update(r.invigilators)
        exam_rules.assign_invigilators([slot], self.data.pool, busy=busy, load=load)
        return slot

    def check(self, exam, date, starts_at, rooms) -> tuple[exam_rules.ExamSlot, list[exam_rules.Violation]]:
        slot = self.moved(exam, date, starts_at, rooms)
        others = [s for k, s in self.slots.items() if k != exam.pk]
        return slot, [v for v in self.violations(others + [slot]) if exam.pk in v.exams]


def _split_seats(n: int, capacities: list[int]) -> list[int]:
    """Students per room: in proportion to the seats, largest remainders first; all of them."""
    total = sum(capacities)
    if not capacities:
        return []
    if total == 0:
        return [0] * len(capacities)
    seats = [n * c // total for c in capacities]
    order = sorted(range(len(capacities)), key=lambda i: -(n * capacities[i] % total))
    for i in order[: n - sum(seats)]:
        seats[i] += 1
    return seats


def _evaluation_fields(version, data: ExamData, warnings: list[dict], stats: dict | None = None) -> dict:
    checker = ExamChecker(version, data)
    found = checker.violations()
    counts = exam_rules.summary(found)
    breakdown = {
        **counts,
        "exams": len(checker.exams),
        "rooms": len(data.rooms),
        "days": len(data.days),
        "warnings": warnings,
    }
    if stats:
        breakdown["seconds"] = stats.get("seconds")
        breakdown["iterations"] = stats.get("iterations")
    soft = sum(counts[c] for c in exam_rules.SOFT)
    return {"cost_breakdown": breakdown, "soft_cost": soft, "hard_violations": exam_rules.hard_count(found)}


def exam_rescore(version: ExamScheduleVersion, data: ExamData | None = None) -> ExamScheduleVersion:
    """Recount the violations of a version's exams as they are now (after a manual move)."""
    data = data or load_exams(version.term, version.study_form)
    warnings = (version.cost_breakdown or {}).get("warnings", [])
    fields = _evaluation_fields(version, data, warnings)
    fields["cost_breakdown"] = {**(version.cost_breakdown or {}), **fields["cost_breakdown"]}
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=list(fields))
    return version


def exam_publish(*, actor, version: ExamScheduleVersion) -> ExamScheduleVersion:
    """Publish a computed draft; the term's previously published exam schedule (same form) is archived."""
    require(actor, "exams.manage")
    return version_publish(actor=actor, version=version)


# --- manual moves ------------------------------------------------------------------------------------------------


@dataclass
class ExamMoveResult:
    exam: ScheduledExam
    conflicts: list[str]
    invigilators: list[str]
    saved: bool = False


def exam_move(*, actor, exam: ScheduledExam, date, starts_at, rooms, save: bool = False, confirm: bool = False):
    """The conflicts of moving `exam` to `date` at `starts_at` in `rooms`; with `save`, also move it.

    The students are spread over the rooms by their seats and invigilators are chosen again (free at
    that time, the exam's own teachers first). A room taken by another exam at that time is never saved;
    other conflicts need `confirm` and are recorded on the exam. A saved move re-scores the version."""
    require(actor, "exams.manage")
    rooms = list(rooms)
    if not rooms:
        raise DomainError(_("Choose at least one room."), field="rooms")
    with transaction.atomic():
        version = ExamScheduleVersion.objects.select_for_update().select_related("term").get(pk=exam.version_id)
        if not version.is_editable:
            raise DomainError(_("This version cannot be edited: it is archived or not computed."))
        data = load_exams(version.term, version.study_form)
        if date not in data.days:
            raise DomainError(_("This date is not a day of the exam session."), field="date")
        if starts_at not in data.config.start_times:
            raise DomainError(_("This is not an exam start time."), field="starts_at")
        checker = ExamChecker(version, data)
        exam = next((x for x in checker.exams if x.pk == exam.pk), exam)
        slot, found = checker.check(exam, date, starts_at, rooms)
        hard = [v for v in found if v.hard]
        names = {t.pk: t for t in _teachers([t for r in slot.rooms for t in r.invigilators])}
        result = ExamMoveResult(
            exam, [checker.text(v) for v in hard], [str(names[t]) for r in slot.rooms for t in r.invigilators]
        )
        if not save:
            return result
        inactive = [r for r in rooms if not r.is_active]
        if inactive:
            raise DomainError(_("Room %(room)s is not active.") % {"room": inactive[0]}, field="rooms")
        blocking = [checker.text(v) for v in hard if v.code == "room_double"]
        if blocking:
            raise DomainError(blocking[0], field="rooms", errors=blocking)
        if hard and not confirm:
            raise DomainError(_("The move creates conflicts: confirm to save it anyway."), field="confirm")
        exam.date, exam.starts_at = date, starts_at
        exam.ends_at = ends_at(starts_at, data.config.duration)
        exam.conflicts = [{"code": v.code, "message": checker.text(v)} for v in hard]
        exam.moved_by, exam.moved_at = actor, timezone.now()
        exam.save(update_fields=["date", "starts_at", "ends_at", "conflicts", "moved_by", "moved_at"])
        ExamRoom.objects.filter(exam=exam).delete()
        for r in slot.rooms:
            row = ExamRoom.objects.create(
                exam=exam, version=version, room_id=r.room, date=date, starts_at=starts_at, seats=r.seats
            )
            row.invigilators.set(r.invigilators)
        exam_rescore(version, data)
        result.saved = True
        return result


def _teachers(ids):
    from academics.models import Teacher

    return Teacher.objects.filter(pk__in=set(ids)).select_related("user")
