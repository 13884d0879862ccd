"""An independent, deliberately simple evaluator of a course timetable.

It shares no code with the search (which keeps its own incremental counters) and recounts
everything from the list of lectures, following the rules of the ITC-2007 validator for track 3:
conflicts are counted per pair of conflicting courses (same curriculum or a common teacher, a
pair counted once per time), room occupancy per extra lecture in a room at a time, and
compactness per lecture of a curriculum with no lecture of that curriculum in an adjacent period
of the same day. Commands print this, never the search's own figure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from .problem import Problem, Solution


@dataclass
class Evaluation:
    hard: list[str] = field(default_factory=list)  # one human-readable line per violation
    room_capacity: int = 0
    min_working_days: int = 0
    curriculum_compactness: int = 0
    room_stability: int = 0
    period_preference: int = 0

    @property
    def n_hard(self) -> int:
        return len(self.hard)

    @property
    def soft(self) -> dict[str, int]:
        return {
            "room_capacity": self.room_capacity,
            "min_working_days": self.min_working_days,
            "curriculum_compactness": self.curriculum_compactness,
            "room_stability": self.room_stability,
            "period_preference": self.period_preference,
        }

    @property
    def cost(self) -> int:
        return sum(self.soft.values())

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v}" for k, v in self.soft.items())
        return f"hard violations {self.n_hard}; soft cost {self.cost} ({parts})"


def evaluate(problem: Problem, solution: Solution) -> Evaluation:
    ev = Evaluation()
    w = problem.weights
    ppd = problem.periods_per_day

    # Lectures naming an unknown course or room, or a time outside the week, are violations and
    # take no further part.
    lectures = []
    for lec in solution.lectures:
        if not problem.has_course(lec.course):
            ev.hard.append(f"unknown course {lec.course}")
        elif not problem.has_room(lec.room):
            ev.hard.append(f"unknown room {lec.room} (course {lec.course})")
        elif not (0 <= lec.day < problem.days and 0 <= lec.period < ppd):
            ev.hard.append(f"course {lec.course}: time ({lec.day}, {lec.period}) outside the week")
        else:
            lectures.append(lec)

    # Hard: number of lectures, at distinct times.
    times_of = defaultdict(list)
    for lec in lectures:
        times_of[lec.course].append((lec.day, lec.period))
    for course in problem.courses:
        times = times_of.get(course.id, [])
        if len(times) < course.lectures:
            ev.hard.append(f"course {course.id}: {course.lectures - len(times)} lecture(s) not scheduled")
        if len(times) > course.lectures:
            ev.hard.append(f"course {course.id}: {len(times) - course.lectures} lecture(s) too many")
        for t, n in Counter(times).items():
            if n > 1:
                ev.hard.append(f"course {course.id}: {n} lectures at the same time {t}")

    # Hard: conflicts between courses sharing a curriculum or a teacher.
    conflicting = set()
    for q in problem.curricula:
        for a, b in combinations(sorted(set(q.courses)), 2):
            conflicting.add((a, b))
    for a, b in combinations(sorted(c.id for c in problem.courses), 2):
        if set(problem.course(a).teachers) & set(problem.course(b).teachers):
            conflicting.add((a, b))
    for a, b in sorted(conflicting):
        for t in sorted(set(times_of.get(a, [])) & set(times_of.get(b, []))):
            ev.hard.append(f"courses {a} and {b} (same curriculum or teacher) both at {t}")

    # Hard: availability of the course and of the room, rooms the course may not use, occupancy.
    occupancy = Counter()
    for lec in lectures:
        course, room, t = problem.course(lec.course), problem.room(lec.room), (lec.day, lec.period)
        if t in course.unavailable:
            ev.hard.append(f"course {course.id} at unavailable time {t}")
        if t in room.unavailable:
            ev.hard.append(f"room {room.id} used at unavailable time {t} (course {course.id})")
        if not course.may_use(room):
            ev.hard.append(f"course {course.id} in room {room.id} of a kind or equipment it may not use")
        occupancy[(room.id, t)] += 1
    for (room_id, t), n in sorted(occupancy.items()):
        if n > 1:
            ev.hard.extend([f"room {room_id} at {t} holds {n} lectures"] * (n - 1))

    # Soft components.
    for lec in lectures:
        course, room = problem.course(lec.course), problem.room(lec.room)
        ev.room_capacity += w.room_capacity * max(0, course.students - room.capacity)
        ev.period_preference += w.period_preference * course.period_penalties.get((lec.day, lec.period), 0)
    for course in problem.courses:
        mine = [lec for lec in lectures if lec.course == course.id]
        days = {lec.day for lec in mine}
        ev.min_working_days += w.min_working_days * max(0, course.min_days - len(days))
        rooms = {lec.room for lec in mine}
        ev.room_stability += w.room_stability * max(0, len(rooms) - 1)
    for q in problem.curricula:
        members = set(q.courses)
        count = Counter((lec.day, lec.period) for lec in lectures if lec.course in members)
        for (day, period), n in count.items():
            if count.get((day, period - 1), 0) == 0 and count.get((day, period + 1), 0) == 0:
                ev.curriculum_compactness += w.curriculum_compactness * n
    return ev
