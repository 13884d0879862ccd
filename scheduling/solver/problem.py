"""The course timetabling solver's input and output: plain dataclasses, no Django.

The same objects carry an ITC-2007 curriculum-based course timetabling instance (track 3) and a
real university's term: a ``Course`` is anything that needs a number of weekly lessons in one
room each (a lecture stream, a practice group, a lab subgroup), with its teachers and its
students; a ``Curriculum`` is a set of courses that share students (an academic group, a
programme's year) and so must not overlap and should be compact within a day.

Times are ``(day, period)`` pairs counted from 0; inside the solver a time is the index
``day * periods_per_day + period``.

With the extensions left at their defaults (one teacher, every room allowed, rooms always
available, no period preferences) the hard constraints and the four soft components are exactly
the competition's ("UD2"):

hard
    every course gets exactly its number of lectures, at distinct times; no two courses of one
    curriculum, or with a common teacher, at the same time; no lecture at a time the course is
    unavailable; at most one lecture per room and time; (extensions) no lecture in a room the course
    may not use or at a time the room is unavailable.
soft
    room capacity (students above capacity, per lecture), minimum working days (per day short),
    curriculum compactness (per isolated lecture of a curriculum), room stability (per room beyond
    the first of a course); (extension) the penalty of each lecture's time in the course's
    ``period_penalties``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Time = tuple[int, int]  # (day, period)


@dataclass(frozen=True)
class Weights:
    """Weights of the soft components; the defaults are the competition's."""

    room_capacity: int = 1
    min_working_days: int = 5
    curriculum_compactness: int = 2
    room_stability: int = 1
    period_preference: int = 1


@dataclass(frozen=True)
class Room:
    id: str
    capacity: int
    kind: str = ""
    features: frozenset[str] = frozenset()
    unavailable: frozenset[Time] = frozenset()


@dataclass(frozen=True)
class Course:
    """Something that needs ``lectures`` weekly lessons, each at one time in one room.

    ``room_kinds``: the kinds of room it may use (empty: any); ``features``: what the room must
    have (all of them). ``unavailable``: times it must not be held (hard). ``period_penalties``:
    soft penalty of holding one of its lessons at that time (an undesired time; a preferred time is
    expressed as a penalty on the others); weight ``Weights.period_preference``.
    """

    id: str
    teachers: tuple[str, ...]
    lectures: int
    min_days: int
    students: int
    room_kinds: frozenset[str] = frozenset()
    features: frozenset[str] = frozenset()
    unavailable: frozenset[Time] = frozenset()
    period_penalties: Mapping[Time, int] = field(default_factory=dict)

    @property
    def teacher(self) -> str:
        return self.teachers[0] if self.teachers else ""

    def may_use(self, room: Room) -> bool:
        if self.room_kinds and room.kind not in self.room_kinds:
            return False
        return self.features <= room.features


@dataclass(frozen=True)
class Curriculum:
    id: str
    courses: tuple[str, ...]


@dataclass
class Problem:
    name: str
    days: int
    periods_per_day: int
    rooms: list[Room]
    courses: list[Course]
    curricula: list[Curriculum]
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        self.validate()

    # -- lookups -----------------------------------------------------------------------------
    @property
    def n_times(self) -> int:
        return self.days * self.periods_per_day

    @property
    def n_lectures(self) -> int:
        return sum(c.lectures for c in self.courses)

    def course(self, course_id: str) -> Course:
        return self._course_by_id[course_id]

    def room(self, room_id: str) -> Room:
        return self._room_by_id[room_id]

    def has_course(self, course_id: str) -> bool:
        return course_id in self._course_by_id

    def has_room(self, room_id: str) -> bool:
        return room_id in self._room_by_id

    def curricula_of(self, course_id: str) -> list[Curriculum]:
        return [q for q in self.curricula if course_id in q.courses]

    def validate(self) -> None:
        """Refuse an input the solver cannot represent (names the offending object)."""
        if self.days < 1 or self.periods_per_day < 1:
            raise ValueError("days and periods_per_day must be positive")
        self._course_by_id = {}
        for c in self.courses:
            if c.id in self._course_by_id:
                raise ValueError(f"duplicate course {c.id!r}")
            if c.lectures < 0 or c.min_days < 0 or c.students < 0:
                raise ValueError(f"course {c.id!r}: negative lectures, min_days or students")
            for d, p in [*c.unavailable, *c.period_penalties]:
                if not (0 <= d < self.days and 0 <= p < self.periods_per_day):
                    raise ValueError(f"course {c.id!r}: time ({d}, {p}) outside the week")
            self._course_by_id[c.id] = c
        self._room_by_id = {}
        for r in self.rooms:
            if r.id in self._room_by_id:
                raise ValueError(f"duplicate room {r.id!r}")
            for d, p in r.unavailable:
                if not (0 <= d < self.days and 0 <= p < self.periods_per_day):
                    raise ValueError(f"room {r.id!r}: time ({d}, {p}) outside the week")
            self._room_by_id[r.id] = r
        seen = set()
        for q in self.curricula:
            if q.id in seen:
                raise ValueError(f"duplicate curriculum {q.id!r}")
            seen.add(q.id)
            for cid in q.courses:
                if cid not in self._course_by_id:
                    raise ValueError(f"curriculum {q.id!r}: unknown course {cid!r}")


@dataclass(frozen=True)
class Lecture:
    """One scheduled lesson: ``course`` in ``room`` at ``(day, period)``."""

    course: str
    room: str
    day: int
    period: int


@dataclass
class Solution:
    lectures: list[Lecture]
    # What the search says about itself (its own incremental figures, iterations, seconds);
    # the truth about a solution is evaluate.evaluate().
    stats: dict = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, int, int]]) -> Solution:
        return cls([Lecture(*row) for row in rows])
