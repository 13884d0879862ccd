"""Readers and writers of the ITC-2007 formats: track 3 (.ctt instances, .sol solutions) and
track 1 (.exam instances and their solutions). A malformed file is refused with ``ITCFormatError``
naming the file's line.
"""

from __future__ import annotations

import re
from pathlib import Path

from .solver.exam import ExamProblem, ExamSolution, PeriodConstraint, Weightings
from .solver.problem import Course, Curriculum, Problem, Room, Solution


class ITCFormatError(ValueError):
    def __init__(self, source: str, line: int, message: str):
        super().__init__(f"{source}, line {line}: {message}")
        self.source, self.line, self.message = source, line, message


class _Lines:
    """The non-blank lines of a text with their 1-based numbers."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.items = [(i, s.strip()) for i, s in enumerate(text.splitlines(), 1) if s.strip()]
        self.pos = 0
        self.last_line = len(text.splitlines())

    def error(self, line: int | None, message: str) -> ITCFormatError:
        return ITCFormatError(self.source, line if line is not None else self.last_line, message)

    def next(self, what: str) -> tuple[int, str]:
        if self.pos >= len(self.items):
            raise self.error(self.last_line, f"unexpected end of file, expected {what}")
        item = self.items[self.pos]
        self.pos += 1
        return item

    def peek(self) -> tuple[int, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None


def _int(lines: _Lines, line: int, token: str, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise lines.error(line, f"{what}: expected an integer, got {token!r}") from None


def _read_text(path) -> tuple[str, str]:
    p = Path(path)
    return p.read_text(encoding="utf-8"), p.name


# -- track 3: curriculum-based course timetabling ---------------------------------------------

_HEADER = ["Name", "Courses", "Rooms", "Days", "Periods_per_day", "Curricula", "Constraints"]


def parse_ctt(text: str, source: str = "<ctt>") -> Problem:
    lines = _Lines(text, source)
    header = {}
    for key in _HEADER:
        no, s = lines.next(f"'{key}:'")
        name, sep, value = s.partition(":")
        if not sep or name.strip() != key:
            raise lines.error(no, f"expected '{key}: ...', got {s!r}")
        header[key] = value.strip() if key == "Name" else _int(lines, no, value.strip(), key)

    def section(title: str) -> None:
        no, s = lines.next(f"'{title}:'")
        if s != f"{title}:":
            raise lines.error(no, f"expected '{title}:', got {s!r}")

    days, ppd = header["Days"], header["Periods_per_day"]
    section("COURSES")
    rows = []
    for _ in range(header["Courses"]):
        no, s = lines.next("a course line")
        parts = s.split()
        if len(parts) != 5:
            raise lines.error(no, f"course line needs 5 fields (id teacher lectures min_days students), got {s!r}")
        cid, teacher = parts[0], parts[1]
        lectures, min_days, students = (_int(lines, no, t, "course") for t in parts[2:])
        rows.append([no, cid, teacher, lectures, min_days, students, set()])
    section("ROOMS")
    rooms = []
    for _ in range(header["Rooms"]):
        no, s = lines.next("a room line")
        parts = s.split()
        if len(parts) != 2:
            raise lines.error(no, f"room line needs 2 fields (id capacity), got {s!r}")
        rooms.append(Room(parts[0], _int(lines, no, parts[1], "room capacity")))
    section("CURRICULA")
    by_id = {r[1]: r for r in rows}
    curricula = []
    for _ in range(header["Curricula"]):
        no, s = lines.next("a curriculum line")
        parts = s.split()
        if len(parts) < 2:
            raise lines.error(no, f"curriculum line needs 'id n course...', got {s!r}")
        n = _int(lines, no, parts[1], "curriculum size")
        if len(parts) != 2 + n:
            raise lines.error(no, f"curriculum {parts[0]} announces {n} courses but lists {len(parts) - 2}")
        for cid in parts[2:]:
            if cid not in by_id:
                raise lines.error(no, f"curriculum {parts[0]}: unknown course {cid!r}")
        curricula.append(Curriculum(parts[0], tuple(parts[2:])))
    section("UNAVAILABILITY_CONSTRAINTS")
    for _ in range(header["Constraints"]):
        no, s = lines.next("an unavailability line")
        parts = s.split()
        if len(parts) != 3:
            raise lines.error(no, f"unavailability line needs 'course day period', got {s!r}")
        if parts[0] not in by_id:
            raise lines.error(no, f"unknown course {parts[0]!r}")
        d, p = _int(lines, no, parts[1], "day"), _int(lines, no, parts[2], "period")
        if not (0 <= d < days and 0 <= p < ppd):
            raise lines.error(no, f"time ({d}, {p}) outside the week of {days} days x {ppd} periods")
        by_id[parts[0]][6].add((d, p))
    item = lines.peek()
    if item is not None and item[1] != "END.":
        raise lines.error(item[0], f"expected 'END.', got {item[1]!r}")
    courses = [
        Course(cid, (teacher,), lectures, min_days, students, unavailable=frozenset(unavail))
        for _no, cid, teacher, lectures, min_days, students, unavail in rows
    ]
    try:
        return Problem(header["Name"], days, ppd, rooms, courses, curricula)
    except ValueError as exc:
        raise lines.error(1, str(exc)) from None


def read_ctt(path) -> Problem:
    text, name = _read_text(path)
    return parse_ctt(text, name)


def write_ctt(problem: Problem) -> str:
    """The instance in .ctt format (only what the format holds: one teacher, no room kinds)."""
    unavail = [(c.id, d, p) for c in problem.courses for d, p in sorted(c.unavailable)]
    out = [
        f"Name: {problem.name}",
        f"Courses: {len(problem.courses)}",
        f"Rooms: {len(problem.rooms)}",
        f"Days: {problem.days}",
        f"Periods_per_day: {problem.periods_per_day}",
        f"Curricula: {len(problem.curricula)}",
        f"Constraints: {len(unavail)}",
        "",
        "COURSES:",
    ]
    out += [f"{c.id} {c.teacher} {c.lectures} {c.min_days} {c.students}" for c in problem.courses]
    out += ["", "ROOMS:"] + [f"{r.id}\t{r.capacity}" for r in problem.rooms]
    out += ["", "CURRICULA:"] + [f"{q.id}  {len(q.courses)} {' '.join(q.courses)}" for q in problem.curricula]
    out += ["", "UNAVAILABILITY_CONSTRAINTS:"] + [f"{c} {d} {p}" for c, d, p in unavail]
    out += ["", "END.", ""]
    return "\n".join(out)


def parse_sol(text: str, problem: Problem, source: str = "<sol>") -> Solution:
    """Lines ``course room day period``; ids must exist and times lie in the week."""
    lines = _Lines(text, source)
    rows = []
    while lines.peek() is not None:
        no, s = lines.next("a lecture")
        parts = s.split()
        if len(parts) != 4:
            raise lines.error(no, f"expected 'course room day period', got {s!r}")
        cid, rid = parts[0], parts[1]
        d, p = _int(lines, no, parts[2], "day"), _int(lines, no, parts[3], "period")
        if not problem.has_course(cid):
            raise lines.error(no, f"unknown course {cid!r}")
        if not problem.has_room(rid):
            raise lines.error(no, f"unknown room {rid!r}")
        if not (0 <= d < problem.days and 0 <= p < problem.periods_per_day):
            raise lines.error(no, f"time ({d}, {p}) outside the week")
        rows.append((cid, rid, d, p))
    return Solution.of(rows)


def read_sol(path, problem: Problem) -> Solution:
    text, name = _read_text(path)
    return parse_sol(text, problem, name)


def write_sol(solution: Solution) -> str:
    return "".join(f"{lec.course} {lec.room} {lec.day} {lec.period}\n" for lec in solution.lectures)


# -- track 1: examination timetabling ---------------------------------------------------------

_SECTION = re.compile(r"^\[(\w+)(?::(\d+))?\]$")
_WEIGHTS = {"TWOINAROW", "TWOINADAY", "PERIODSPREAD", "NONMIXEDDURATIONS", "FRONTLOAD"}


def parse_exam(text: str, source: str = "<exam>") -> ExamProblem:
    lines = _Lines(text, source)

    def header(name: str, counted: bool) -> int:
        no, s = lines.next(f"[{name}]")
        m = _SECTION.match(s.replace(" ", ""))
        if not m or m.group(1) != name or (counted and m.group(2) is None):
            raise lines.error(no, f"expected '[{name}{':N' if counted else ''}]', got {s!r}")
        return int(m.group(2)) if counted else 0

    def fields(no: int, s: str) -> list[str]:
        return [t.strip() for t in s.split(",")]

    n = header("Exams", True)
    durations, students = [], []
    for _ in range(n):
        no, s = lines.next("an exam line")
        parts = fields(no, s)
        durations.append(_int(lines, no, parts[0], "exam duration"))
        students.append(tuple(_int(lines, no, t, "student") for t in parts[1:] if t))
    n = header("Periods", True)
    periods = []
    for _ in range(n):
        no, s = lines.next("a period line")
        parts = fields(no, s)
        if len(parts) != 4:
            raise lines.error(no, f"period line needs 'dd:mm:yyyy, hh:mm:ss, duration, penalty', got {s!r}")
        date = parts[0].split(":")
        if len(date) != 3:
            raise lines.error(no, f"bad date {parts[0]!r}")
        day = tuple(_int(lines, no, t, "date") for t in reversed(date))  # (yyyy, mm, dd)
        periods.append((day, parts[1], _int(lines, no, parts[2], "duration"), _int(lines, no, parts[3], "penalty")))
    n = header("Rooms", True)
    rooms = []
    for _ in range(n):
        no, s = lines.next("a room line")
        parts = fields(no, s)
        if len(parts) != 2:
            raise lines.error(no, f"room line needs 'capacity, penalty', got {s!r}")
        rooms.append((_int(lines, no, parts[0], "capacity"), _int(lines, no, parts[1], "penalty")))
    n_exams, n_periods = len(durations), len(periods)

    def exam_no(no: int, token: str) -> int:
        e = _int(lines, no, token, "exam")
        if not 0 <= e < n_exams:
            raise lines.error(no, f"exam {e} out of range 0..{n_exams - 1}")
        return e

    header("PeriodHardConstraints", False)
    period_constraints = []
    while (item := lines.peek()) is not None and not item[1].startswith("["):
        no, s = lines.next("a period constraint")
        parts = fields(no, s)
        if len(parts) != 3 or parts[1] not in ("EXAM_COINCIDENCE", "EXCLUSION", "AFTER"):
            raise lines.error(no, f"expected 'a, EXAM_COINCIDENCE|EXCLUSION|AFTER, b', got {s!r}")
        period_constraints.append(PeriodConstraint(exam_no(no, parts[0]), parts[1], exam_no(no, parts[2])))
    header("RoomHardConstraints", False)
    exclusive = []
    while (item := lines.peek()) is not None and not item[1].startswith("["):
        no, s = lines.next("a room constraint")
        parts = fields(no, s)
        if len(parts) != 2 or parts[1] != "ROOM_EXCLUSIVE":
            raise lines.error(no, f"expected 'a, ROOM_EXCLUSIVE', got {s!r}")
        exclusive.append(exam_no(no, parts[0]))
    header("InstitutionalWeightings", False)
    weights = {}
    while (item := lines.peek()) is not None:
        no, s = lines.next("a weighting")
        parts = fields(no, s)
        if parts[0] not in _WEIGHTS:
            raise lines.error(no, f"unknown weighting {parts[0]!r}")
        expected = 4 if parts[0] == "FRONTLOAD" else 2
        if len(parts) != expected:
            raise lines.error(no, f"{parts[0]} needs {expected - 1} value(s), got {s!r}")
        weights[parts[0]] = tuple(_int(lines, no, t, parts[0]) for t in parts[1:])
    missing = _WEIGHTS - weights.keys()
    if missing:
        raise lines.error(lines.last_line, f"missing weighting(s) {', '.join(sorted(missing))}")
    fl = weights["FRONTLOAD"]
    w = Weightings(
        two_in_a_row=weights["TWOINAROW"][0],
        two_in_a_day=weights["TWOINADAY"][0],
        period_spread=weights["PERIODSPREAD"][0],
        non_mixed_durations=weights["NONMIXEDDURATIONS"][0],
        frontload_exams=fl[0],
        frontload_periods=fl[1],
        frontload_penalty=fl[2],
    )
    del n_periods
    return ExamProblem(
        name=source,
        durations=durations,
        students=students,
        periods=periods,
        rooms=rooms,
        period_constraints=period_constraints,
        exclusive=sorted(set(exclusive)),
        weights=w,
    )


def read_exam(path) -> ExamProblem:
    text, name = _read_text(path)
    return parse_exam(text, name)


def parse_exam_sol(text: str, problem: ExamProblem, source: str = "<exam sol>") -> ExamSolution:
    lines = _Lines(text, source)
    period, room = [], []
    while lines.peek() is not None:
        no, s = lines.next("'period, room'")
        parts = [t.strip() for t in s.split(",")]
        if len(parts) != 2:
            raise lines.error(no, f"expected 'period, room', got {s!r}")
        p, r = _int(lines, no, parts[0], "period"), _int(lines, no, parts[1], "room")
        if not 0 <= p < problem.n_periods:
            raise lines.error(no, f"period {p} out of range 0..{problem.n_periods - 1}")
        if not 0 <= r < problem.n_rooms:
            raise lines.error(no, f"room {r} out of range 0..{problem.n_rooms - 1}")
        period.append(p)
        room.append(r)
    if len(period) != problem.n_exams:
        raise lines.error(lines.last_line, f"{len(period)} lines for {problem.n_exams} exams")
    return ExamSolution(period, room)


def read_exam_sol(path, problem: ExamProblem) -> ExamSolution:
    text, name = _read_text(path)
    return parse_exam_sol(text, problem, name)


def write_exam_sol(solution: ExamSolution) -> str:
    return "".join(f"{p}, {r}\n" for p, r in zip(solution.period, solution.room, strict=True))
