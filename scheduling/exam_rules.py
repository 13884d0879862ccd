"""The rules of an exam-session schedule, with no database: what an exam placed on a date, at a start
time, in rooms with invigilators may break, and the greedy choice of invigilators.

hard: a student with two exams at one time (`student_clash`); an academic group with two exams on one
day (`group_same_day`); two exams of a group fewer than the minimum gap of days apart (`group_gap`);
more students in a room than its seats, or fewer seats than students (`room_capacity`); a room used
by two exams at one time (`room_double`); a teacher invigilating in two places at one time
(`invigilator_double`); a room without an invigilator (`no_invigilator`).
soft: none of the exam's own teachers invigilates it (`own_teacher_absent`).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

HARD = ("student_clash", "group_same_day", "group_gap", "room_capacity", "room_double", "invigilator_double",
        "no_invigilator")  # fmt: skip
SOFT = ("own_teacher_absent",)
INVIGILATORS_PER_ROOM = 1  # the rule: at least one in every room


@dataclass
class RoomUse:
    room: int
    label: str
    capacity: int
    seats: int
    invigilators: list[int] = field(default_factory=list)


@dataclass
class ExamSlot:
    key: int
    label: str
    date: datetime.date
    starts_at: datetime.time
    students: frozenset[int]
    groups: frozenset[int]
    rooms: list[RoomUse]
    own_teachers: tuple[int, ...] = ()

    @property
    def time(self) -> tuple[datetime.date, datetime.time]:
        return self.date, self.starts_at


@dataclass(frozen=True)
class Violation:
    code: str
    exams: tuple[int, ...]
    params: tuple = ()  # (name, value) pairs for the message

    @property
    def hard(self) -> bool:
        return self.code in HARD

    @property
    def data(self) -> dict:
        return dict(self.params)


def violations(slots: list[ExamSlot], *, min_gap_days: int) -> list[Violation]:
    """Every violation of the schedule `slots`, each naming the exams it involves."""
    out: list[Violation] = []
    at = defaultdict(list)
    for slot in slots:
        at[slot.time].append(slot)
        seats = sum(r.seats for r in slot.rooms)
        for r in slot.rooms:
            if r.seats > r.capacity:
                out.append(Violation("room_capacity", (slot.key,), (("room", r.label), ("seats", r.seats),
                                                                    ("capacity", r.capacity))))  # fmt: skip
            if len(r.invigilators) < INVIGILATORS_PER_ROOM:
                out.append(Violation("no_invigilator", (slot.key,), (("room", r.label),)))
        if seats < len(slot.students):
            out.append(Violation("room_capacity", (slot.key,), (("room", ""), ("seats", len(slot.students)),
                                                                ("capacity", seats))))  # fmt: skip
        if slot.own_teachers and slot.rooms:
            present = {t for r in slot.rooms for t in r.invigilators}
            if not present & set(slot.own_teachers):
                out.append(Violation("own_teacher_absent", (slot.key,)))
    for same in at.values():
        same = sorted(same, key=lambda s: s.key)
        rooms, teachers = defaultdict(set), defaultdict(set)
        for slot in same:
            for r in slot.rooms:
                rooms[r.room].add((slot.key, r.label))
                for t in r.invigilators:
                    teachers[t].add((slot.key, r.room))
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                common = len(a.students & b.students)
                if common:
                    out.append(Violation("student_clash", (a.key, b.key), (("count", common),)))
        for users in rooms.values():
            if len({k for k, _label in users}) > 1:
                label = next(iter(users))[1]
                out.append(Violation("room_double", tuple(sorted({k for k, _l in users})), (("room", label),)))
        for teacher, places in teachers.items():
            if len({room for _k, room in places}) > 1:
                out.append(Violation("invigilator_double", tuple(sorted({k for k, _r in places})),
                                     (("teacher", teacher),)))  # fmt: skip
    by_group = defaultdict(list)
    for slot in slots:
        for g in slot.groups:
            by_group[g].append(slot)
    for group, mine in sorted(by_group.items()):
        mine = sorted(mine, key=lambda s: (s.date, s.starts_at, s.key))
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                days = (b.date - a.date).days
                if days == 0:
                    out.append(Violation("group_same_day", (a.key, b.key), (("group", group),)))
                elif days < min_gap_days:
                    out.append(Violation("group_gap", (a.key, b.key), (("group", group), ("days", days))))
                else:
                    break
    return out


def summary(found: list[Violation]) -> dict[str, int]:
    """Count of every rule (zeros included), hard ones first."""
    count = Counter(v.code for v in found)
    return {code: count.get(code, 0) for code in HARD + SOFT}


def hard_count(found: list[Violation]) -> int:
    return sum(1 for v in found if v.hard)


def assign_invigilators(slots: list[ExamSlot], pool: list[int], *, busy=None, load: Counter | None = None) -> None:
    """Give every room of every slot INVIGILATORS_PER_ROOM teachers free at that time: the exam's own
    teachers first, then the teachers of `pool` with the fewest invigilations so far. `busy` maps a
    time to the teachers already invigilating then (other exams, kept as they are)."""
    busy = busy if busy is not None else defaultdict(set)
    load = load if load is not None else Counter()
    for slot in sorted(slots, key=lambda s: (s.date, s.starts_at, -len(s.students), s.key)):
        taken = busy[slot.time]
        for r in slot.rooms:
            r.invigilators = []
            own = [t for t in slot.own_teachers if t not in taken]
            others = sorted((t for t in pool if t not in taken and t not in own), key=lambda t: (load[t], t))
            for t in (own + others)[:INVIGILATORS_PER_ROOM]:
                r.invigilators.append(t)
                taken.add(t)
                load[t] += 1
