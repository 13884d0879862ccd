"""Pure rules of forming sections (RULES.md §5, §7): how many class groups a number of students needs
within the size bounds of the university settings, how students are shared among them (balanced,
academic groups kept whole where possible), how sections get teachers (balancing planned hours
within the discipline's department), and the planned-load arithmetic.

No database here: the services gather plain facts and call these; the tests walk every size from 1 to
500 and random group mixes (hypothesis).

Why the number of groups is always the smallest one that respects the maximum, k = ⌈n / max⌉: the
maximum is a hard bound (a room, a lab bench), each extra group costs a teacher's hours, and if any k
keeps every group within [min, max] then ⌈n / max⌉ does too (a balanced split gives each group
⌊n / k⌋ ≥ min students). When no k can (13 students with lab bounds 10–12), the groups stay within the
maximum and fall below the minimum, which the services report as a warning.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

LECTURE, PRACTICE, LAB = "lecture", "practice", "lab"
KINDS = (LECTURE, PRACTICE, LAB)


def _order(key) -> tuple:
    """A total order over mixed keys (ints, strings, tuples) so every result is deterministic."""
    return (type(key).__name__, key if isinstance(key, int | str) else repr(key))


# --- how many groups, of which sizes ------------------------------------------------------------------


def parts_needed(n: int, high: int) -> int:
    """The fewest groups of at most `high` students that hold `n` students."""
    if high < 1:
        raise ValueError("the maximum size must be at least 1")
    return 0 if n <= 0 else math.ceil(n / high)


def feasible(n: int, low: int, high: int) -> bool:
    """Whether `n` students can be split into groups that all lie within [low, high]."""
    return n <= 0 or parts_needed(n, high) * low <= n


def split_sizes(n: int, low: int, high: int) -> list[int]:
    """Balanced sizes (differing by at most one, largest first) of the fewest groups within `high`.

    Every size is ≥ `low` whenever `feasible(n, low, high)`; fewer than `low` students make one group.
    """
    k = parts_needed(n, high)
    if k == 0:
        return []
    q, r = divmod(n, k)
    return [q + 1] * r + [q] * (k - r)


# --- sharing students among groups ----------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """Students who should stay together: one academic group, or one student without a group."""

    key: Hashable
    members: tuple

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Bin:
    """An existing group: `size` students already in it stay; it takes at most `capacity`."""

    key: Hashable
    size: int
    capacity: int


@dataclass
class Distribution:
    placed: dict = field(default_factory=dict)  # member -> bin key
    new_bins: list = field(default_factory=list)  # keys of the groups to create, in order
    sizes: dict = field(default_factory=dict)  # bin key -> students after placing (existing ones included)
    split_units: set = field(default_factory=set)  # keys of units shared between groups

    def members_of(self, key) -> list:
        return [m for m, k in self.placed.items() if k == key]


def distribute(
    units: Iterable[Unit],
    bins: Sequence[Bin] = (),
    *,
    low: int,
    high: int,
    new_key=lambda i: ("new", i),
    affinity: Mapping | None = None,
    parts: int | None = None,
) -> Distribution:
    """Place the members of `units` into the existing `bins` (within their capacity) and as few new
    groups of at most `high` as needed.

    1. Whole units first, largest first, each into the group named by `affinity` (where the rest of its
       academic group already sits) when it fits there, else into the least-filled group that still has
       room for all of it (longest-processing-time order: group sizes end up differing by at most one
       unit's size, by at most one student when every unit is a single student).
    2. Units that fit nowhere whole are shared out, filling the group with the most room first, so each
       is cut into as few parts as possible.
    3. A group left below `low` takes students, one at a time, from the fullest group that stays at or
       above `low` without them, from that group's smallest part of a unit (so whole units move last).

    With `parts`, at least that many new groups are made (the office's "split this group in k").
    """
    units = sorted((u for u in units if u.size), key=lambda u: (-u.size, _order(u.key)))
    n = sum(u.size for u in units)
    result = Distribution()
    order: list = []
    load: dict = {}
    cap: dict = {}
    for b in bins:
        order.append(b.key)
        load[b.key] = b.size
        cap[b.key] = b.capacity
    room = sum(max(cap[k] - load[k], 0) for k in order)
    needed = parts_needed(n - room, high) if n > room else 0
    if parts is not None:
        # Split into exactly this many groups (the office's "split a group in k").
        needed = max(needed, parts)
    for i in range(needed):
        key = new_key(i)
        result.new_bins.append(key)
        order.append(key)
        load[key] = 0
        cap[key] = high
    rank = {k: i for i, k in enumerate(order)}
    # bin key -> unit key -> members of that unit placed there
    parts: dict = defaultdict(lambda: defaultdict(list))

    def put(member, key, unit_key):
        result.placed[member] = key
        load[key] += 1
        parts[key][unit_key].append(member)

    leftovers = []
    for u in units:
        fits = [k for k in order if load[k] + u.size <= cap[k]]
        if not fits:
            leftovers.append(u)
            continue
        preferred = (affinity or {}).get(u.key)
        key = preferred if preferred in fits else min(fits, key=lambda k: (load[k], rank[k]))
        for m in u.members:
            put(m, key, u.key)
    for u in leftovers:
        remaining = list(u.members)
        while remaining:
            key = max((k for k in order if cap[k] > load[k]), key=lambda k: (cap[k] - load[k], -rank[k]))
            take = min(cap[key] - load[key], len(remaining))
            for m in remaining[:take]:
                put(m, key, u.key)
            remaining = remaining[take:]
    _lift_small_groups(order, load, cap, parts, rank, low, put)
    result.sizes = {k: load[k] for k in order}
    spread: dict = defaultdict(int)
    for by_unit in parts.values():
        for unit_key, members in by_unit.items():
            if members:
                spread[unit_key] += 1
    result.split_units = {u for u, n_bins in spread.items() if n_bins > 1}
    return result


def _lift_small_groups(order, load, cap, parts, rank, low, put):
    for target in sorted(order, key=lambda k: (load[k], rank[k])):
        while load[target] < low and load[target] < cap[target]:
            donors = [k for k in order if k != target and load[k] - 1 >= low and any(parts[k].values())]
            if not donors:
                return
            donor = max(donors, key=lambda k: (load[k], -rank[k]))
            unit_key = min(
                (u for u, members in parts[donor].items() if members),
                key=lambda u: (len(parts[donor][u]), _order(u)),
            )
            member = parts[donor][unit_key].pop()
            load[donor] -= 1
            put(member, target, unit_key)


def member_field(kind: str, has_parent: bool) -> str:
    """The plan-item field through which students sit in a section: a first-level section (a stream,
    or the practice group of a discipline without lectures) holds `section`, a practice group inside a
    stream `practice_section`, a lab subgroup inside a group `lab_section`."""
    if not has_parent:
        return "section"
    return {PRACTICE: "practice_section", LAB: "lab_section"}[kind]


def below_minimum(sizes: Mapping, low: int) -> list:
    """Keys of groups with fewer than `low` students (empty groups excluded)."""
    return [k for k, n in sizes.items() if 0 < n < low]


# --- teachers and planned load ------------------------------------------------------------------------------


def section_hours(kind: str, hours_lecture: int, hours_practice: int, hours_lab: int) -> int:
    """Planned teaching hours of one section in a term: a lecture stream takes the discipline's lecture
    hours, a practice group its practice hours, a lab subgroup its lab hours."""
    return {LECTURE: hours_lecture, PRACTICE: hours_practice, LAB: hours_lab}[kind]


def first_level(hours_lecture: int, hours_practice: int, hours_lab: int) -> str | None:
    """The kind of section a student registers in: the lecture stream, or for a discipline without
    lectures its practice group (or lab subgroup); None when the discipline has no classes at all."""
    for kind, hours in ((LECTURE, hours_lecture), (PRACTICE, hours_practice), (LAB, hours_lab)):
        if hours > 0:
            return kind
    return None


def levels_below(kind: str, hours_lecture: int, hours_practice: int, hours_lab: int) -> list[str]:
    """The kinds of groups formed inside a section of `kind`: practice groups inside a stream when the
    discipline has practice hours, lab subgroups inside those (or inside the stream) when it has labs."""
    hours = {LECTURE: hours_lecture, PRACTICE: hours_practice, LAB: hours_lab}
    return [k for k in KINDS[KINDS.index(kind) + 1 :] if hours[k] > 0]


@dataclass(frozen=True)
class LoadLine:
    kind: str
    sections: int
    hours_each: int

    @property
    def hours(self) -> int:
        return self.sections * self.hours_each


def planned_load(lines: Iterable[LoadLine]) -> dict[str, int]:
    """Hours per kind and in total: Σ sections × the discipline's hours of that kind."""
    totals = dict.fromkeys(KINDS, 0)
    for line in lines:
        totals[line.kind] += line.hours
    totals["total"] = sum(totals[k] for k in KINDS)
    return totals


@dataclass(frozen=True)
class TeacherFacts:
    key: Hashable
    department: Hashable
    hours: int = 0  # planned hours already held in the term
    rate: Decimal = Decimal("1")


@dataclass(frozen=True)
class SectionNeed:
    key: Hashable
    department: Hashable
    hours: int


def assign_teachers(needs: Iterable[SectionNeed], teachers: Iterable[TeacherFacts]) -> tuple[dict, list]:
    """Give each section a teacher of its discipline's department, the one with the fewest planned hours
    per unit of their rate (a half-rate teacher gets about half), largest sections first.

    Returns ({section key: teacher key}, [section keys whose department has no teacher]).
    """
    by_department: dict = defaultdict(list)
    load: dict = {}
    rate: dict = {}
    for t in teachers:
        by_department[t.department].append(t.key)
        load[t.key] = t.hours
        rate[t.key] = t.rate if t.rate and t.rate > 0 else Decimal("1")
    chosen, missing = {}, []
    for need in sorted(needs, key=lambda s: (-s.hours, _order(s.key))):
        candidates = by_department.get(need.department)
        if not candidates:
            missing.append(need.key)
            continue
        teacher = min(candidates, key=lambda t: (Decimal(load[t]) / rate[t], load[t], _order(t)))
        chosen[need.key] = teacher
        load[teacher] += need.hours
    return chosen, missing
