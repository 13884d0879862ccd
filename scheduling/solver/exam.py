"""Examination timetabling (ITC-2007 track 1): problem, independent evaluator, solver.

Every exam gets one period and one room; a room may hold several exams of a period if their
students fit. The rules are the competition's (as its published evaluation and Müller's reference
implementation count them):

hard
    conflicts (a student with two exams in one period: one per extra exam per student and period);
    room occupancy (students of a room and period above its capacity: one per room and period);
    period utilisation (an exam longer than its period); period-related constraints
    (EXAM_COINCIDENCE: same period, EXCLUSION: different periods, AFTER: a strictly after b);
    room-related (ROOM_EXCLUSIVE: no other exam in its room and period).
soft (per student: pairs of periods in which the student has exams)
    two in a row (adjacent periods of one day) x TWOINAROW; two in a day (same day, not adjacent)
    x TWOINADAY; period spread (second period at most PERIODSPREAD after the first, any day, weight
    1); mixed durations ((distinct durations - 1) per room and period) x NONMIXEDDURATIONS; front
    load (each of the FRONTLOAD[0] largest exams in the last FRONTLOAD[1] periods) x FRONTLOAD[2];
    room penalty and period penalty per exam.

The search (``solve_exam``) works on the exams' conflict graph (edge weight = common students),
which gives the same soft cost as the per-student rules for a timetable without conflicts.
Simulated annealing in numba (``_exam_kernels``): phase 1 removes hard violations, phase 2 lowers
the soft cost keeping them out; moves take an exam (with the exams that must coincide with it) to
another period and/or room, or swap two exams' periods.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class PeriodConstraint:
    a: int
    kind: str  # EXAM_COINCIDENCE, EXCLUSION, AFTER (a strictly after b)
    b: int


@dataclass(frozen=True)
class Weightings:
    two_in_a_row: int = 0
    two_in_a_day: int = 0
    period_spread: int = 0
    non_mixed_durations: int = 0
    frontload_exams: int = 0
    frontload_periods: int = 0
    frontload_penalty: int = 0
    # Not in ITC-2007 (0 there): two exams of one student (or link) on calendar days less than
    # `day_gap` apart (and not on the same day) cost `day_gap_weight` each.
    day_gap: int = 0
    day_gap_weight: int = 0


@dataclass
class ExamProblem:
    name: str
    durations: list[int]
    students: list[tuple[int, ...]]
    periods: list[tuple]  # ((yyyy, mm, dd), "hh:mm:ss", duration, penalty)
    rooms: list[tuple[int, int]]  # (capacity, penalty)
    period_constraints: list[PeriodConstraint] = field(default_factory=list)
    exclusive: list[int] = field(default_factory=list)
    weights: Weightings = field(default_factory=Weightings)
    # Not in ITC-2007 (empty there): sets of exams that count as if one more student sat all of them
    # (an academic group's exams), `link_weight` students each, without taking a seat.
    links: list[tuple[int, ...]] = field(default_factory=list)
    link_weight: int = 1

    @property
    def n_exams(self) -> int:
        return len(self.durations)

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    @property
    def n_rooms(self) -> int:
        return len(self.rooms)

    def sizes(self) -> list[int]:
        return [len(set(s)) for s in self.students]

    def period_days(self) -> list[int]:
        """Day number of each period: a new day starts where the date changes (periods in order)."""
        days, day = [], -1
        for i, period in enumerate(self.periods):
            if i == 0 or period[0] != self.periods[i - 1][0]:
                day += 1
            days.append(day)
        return days

    def period_dates(self) -> list[int]:
        """Calendar day ordinal of each period (for the day gap)."""
        import datetime

        return [datetime.date(*(int(x) for x in period[0])).toordinal() for period in self.periods]

    def takers(self) -> list[tuple[tuple[int, ...], int]]:
        """(exams, weight) of every student (weight 1) and every link (`link_weight`)."""
        exams_of = defaultdict(list)
        for e, studs in enumerate(self.students):
            for s in set(studs):
                exams_of[s].append(e)
        out = [(tuple(exams), 1) for _s, exams in sorted(exams_of.items())]
        out += [(tuple(sorted(set(link))), self.link_weight) for link in self.links]
        return out

    def gap_pairs(self) -> bool:
        return self.weights.day_gap > 1 and self.weights.day_gap_weight > 0

    def largest(self) -> set[int]:
        """The FRONTLOAD[0] largest exams by students (ties: lower index first)."""
        sizes = self.sizes()
        order = sorted(range(self.n_exams), key=lambda e: (-sizes[e], e))
        return set(order[: self.weights.frontload_exams])


@dataclass
class ExamSolution:
    period: list[int]
    room: list[int]
    stats: dict = field(default_factory=dict)


SOFT_NAMES = (
    "two_in_a_row",
    "two_in_a_day",
    "period_spread",
    "mixed_durations",
    "front_load",
    "room_penalty",
    "period_penalty",
)
HARD_NAMES = ("conflicts", "room_occupancy", "period_utilisation", "period_related", "room_related")


@dataclass
class ExamEvaluation:
    hard: list[str] = field(default_factory=list)
    hard_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(HARD_NAMES, 0))
    soft: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SOFT_NAMES, 0))

    @property
    def n_hard(self) -> int:
        return sum(self.hard_counts.values())

    @property
    def cost(self) -> int:
        return sum(self.soft.values())

    def summary(self) -> str:
        return f"hard violations {self.n_hard}; soft cost {self.cost}"


def evaluate_exam(problem: ExamProblem, solution: ExamSolution) -> ExamEvaluation:
    """Recount everything per student and per room from the assignment (no shared code with the search)."""
    ev = ExamEvaluation()
    w = problem.weights

    def hard(kind: str, text: str, n: int = 1) -> None:
        ev.hard_counts[kind] += n
        ev.hard.append(text if n == 1 else f"{text} (x{n})")

    period, room = solution.period, solution.room
    sizes = problem.sizes()
    day = problem.period_days()
    n_periods = problem.n_periods
    gap = problem.gap_pairs()
    dates = problem.period_dates() if gap else []
    if gap:
        ev.soft["day_gap"] = 0
    # Per student (and per link, with its weight): the periods of his exams.
    for s, (exams, weight) in enumerate(problem.takers()):
        count = Counter(period[e] for e in exams)
        for p, n in sorted(count.items()):
            if n > 1:
                hard("conflicts", f"student {s} has {n} exams in period {p}", weight * (n - 1))
        ps = sorted(count)
        for i, p1 in enumerate(ps):
            for p2 in ps[i + 1 :]:
                if day[p1] == day[p2] and p2 - p1 == 1:
                    ev.soft["two_in_a_row"] += weight * w.two_in_a_row
                elif day[p1] == day[p2]:
                    ev.soft["two_in_a_day"] += weight * w.two_in_a_day
                if p2 - p1 <= w.period_spread:
                    ev.soft["period_spread"] += weight
                if gap and 0 < abs(dates[p2] - dates[p1]) < w.day_gap:
                    ev.soft["day_gap"] += weight * w.day_gap_weight
    # Rooms.
    by_slot = defaultdict(list)
    for e in range(problem.n_exams):
        by_slot[(period[e], room[e])].append(e)
    exclusive = set(problem.exclusive)
    for (p, r), exams in sorted(by_slot.items()):
        load = sum(sizes[e] for e in exams)
        if load > problem.rooms[r][0]:
            hard("room_occupancy", f"room {r} in period {p}: {load} students for {problem.rooms[r][0]} seats")
        ev.soft["mixed_durations"] += w.non_mixed_durations * (len({problem.durations[e] for e in exams}) - 1)
        for e in exams:
            if e in exclusive and len(exams) > 1:
                hard("room_related", f"exam {e} must be alone in its room but shares room {r} in period {p}")
    # Exams.
    threshold = max(0, n_periods - w.frontload_periods)
    largest = problem.largest()
    for e in range(problem.n_exams):
        p, r = period[e], room[e]
        if problem.durations[e] > problem.periods[p][2]:
            hard("period_utilisation", f"exam {e} lasts {problem.durations[e]} min, period {p} {problem.periods[p][2]}")
        ev.soft["room_penalty"] += problem.rooms[r][1]
        ev.soft["period_penalty"] += problem.periods[p][3]
        if e in largest and p >= threshold:
            ev.soft["front_load"] += w.frontload_penalty
    for c in problem.period_constraints:
        pa, pb = period[c.a], period[c.b]
        ok = {"EXAM_COINCIDENCE": pa == pb, "EXCLUSION": pa != pb, "AFTER": pa > pb}[c.kind]
        if not ok and c.a != c.b:
            hard("period_related", f"{c.a} {c.kind} {c.b} violated (periods {pa}, {pb})")
    return ev


# -- the search ---------------------------------------------------------------------------------


@dataclass
class ExamParams:
    hard_weight: int = 100_000
    temp_hard0: float = 1.0  # phase 1 (hard only) cools from this to temp_hard1 in every cycle
    temp_hard1: float = 0.1
    hard_cycle: int = 3_000_000
    temp0_factor: float = 0.5  # phase 2 start: this times the median soft cost of a worsening move
    temp1_factor: float = 0.002  # phase 2 end, same unit
    p_swap: float = 0.15
    p_room: float = 0.15
    p_kempe: float = 0.4
    chunk: int = 20_000


class CompiledExam:
    def __init__(self, problem: ExamProblem):
        self.problem = problem
        E, P, R = problem.n_exams, problem.n_periods, problem.n_rooms
        self.E, self.P, self.R = E, P, R
        w = problem.weights
        sizes = problem.sizes()
        self.size = np.array(sizes, np.int64)
        self.cap = np.array([c for c, _ in problem.rooms], np.int64)
        self.room_pen = np.array([p for _, p in problem.rooms], np.int64)
        durs = sorted(set(problem.durations))
        self.dur_ix = np.array([durs.index(d) for d in problem.durations], np.int32)
        self.n_dur = len(durs)
        self.w_mixed = w.non_mixed_durations
        # Conflict graph: common students (and links, by their weight) per pair of exams.
        common: Counter = Counter()
        for exams, weight in problem.takers():
            exams = sorted(exams)
            for i, a in enumerate(exams):
                for b in exams[i + 1 :]:
                    common[(a, b)] += weight
        adj = [[] for _ in range(E)]
        for (a, b), n in common.items():
            adj[a].append((b, n))
            adj[b].append((a, n))
        self.adj_ptr = np.zeros(E + 1, np.int32)
        self.adj_ptr[1:] = np.cumsum([len(x) for x in adj])
        self.adj_idx = np.array([b for x in adj for b, _ in x], np.int32)
        self.adj_w = np.array([n for x in adj for _, n in x], np.int64)
        # Soft cost of a pair of exams per common student, by their two periods.
        day = problem.period_days()
        gap = problem.gap_pairs()
        dates = problem.period_dates() if gap else []
        self.pair_cost = np.zeros((P, P), np.int64)
        for p1 in range(P):
            for p2 in range(P):
                d = abs(p1 - p2)
                if d == 0:
                    continue
                c = 0
                if day[p1] == day[p2]:
                    c += w.two_in_a_row if d == 1 else w.two_in_a_day
                if d <= w.period_spread:
                    c += 1
                if gap and 0 < abs(dates[p1] - dates[p2]) < w.day_gap:
                    c += w.day_gap_weight
                self.pair_cost[p1, p2] = c
        # Per exam and period: period penalty, front load; hard: too long for the period.
        threshold = max(0, P - w.frontload_periods)
        largest = problem.largest()
        self.ep_pen = np.zeros((E, P), np.int64)
        self.ep_hard = np.zeros((E, P), np.int64)
        for e in range(E):
            for p, period in enumerate(problem.periods):
                self.ep_pen[e, p] = period[3] + (w.frontload_penalty if e in largest and p >= threshold else 0)
                self.ep_hard[e, p] = 1 if problem.durations[e] > period[2] else 0
        # Period constraints as per-exam lists: (other, kind) with kind 0 same, 1 different,
        # 2 this after other, 3 this before other.
        cons = [[] for _ in range(E)]
        for c in problem.period_constraints:
            if c.a == c.b:
                continue
            if c.kind == "EXAM_COINCIDENCE":
                cons[c.a].append((c.b, 0))
                cons[c.b].append((c.a, 0))
            elif c.kind == "EXCLUSION":
                cons[c.a].append((c.b, 1))
                cons[c.b].append((c.a, 1))
            else:
                cons[c.a].append((c.b, 2))
                cons[c.b].append((c.a, 3))
        self.pc_ptr = np.zeros(E + 1, np.int32)
        self.pc_ptr[1:] = np.cumsum([len(x) for x in cons])
        self.pc_other = np.array([o for x in cons for o, _ in x], np.int32)
        self.pc_kind = np.array([k for x in cons for _, k in x], np.int32)
        self.exclusive = np.zeros(E, np.int32)
        for e in problem.exclusive:
            self.exclusive[e] = 1
        # Groups of exams that must coincide (connected components of EXAM_COINCIDENCE).
        parent = list(range(E))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for c in problem.period_constraints:
            if c.kind == "EXAM_COINCIDENCE":
                parent[find(c.a)] = find(c.b)
        groups = defaultdict(list)
        for e in range(E):
            groups[find(e)].append(e)
        members = list(groups.values())
        self.group_of = np.zeros(E, np.int32)
        for g, ms in enumerate(members):
            for e in ms:
                self.group_of[e] = g
        self.gm_ptr = np.zeros(len(members) + 1, np.int32)
        self.gm_ptr[1:] = np.cumsum([len(m) for m in members])
        self.gm_idx = np.array([e for m in members for e in m], np.int32)
        # Periods an exam may use (long enough), and rooms big enough for it alone.
        ok_p = [[p for p in range(P) if not self.ep_hard[e, p]] or list(range(P)) for e in range(E)]
        self.ap_ptr = np.zeros(E + 1, np.int32)
        self.ap_ptr[1:] = np.cumsum([len(x) for x in ok_p])
        self.ap_idx = np.array([p for x in ok_p for p in x], np.int32)
        ok_r = [[r for r in range(R) if self.cap[r] >= sizes[e]] or list(range(R)) for e in range(E)]
        self.ar_ptr = np.zeros(E + 1, np.int32)
        self.ar_ptr[1:] = np.cumsum([len(x) for x in ok_r])
        self.ar_idx = np.array([r for x in ok_r for r in x], np.int32)

    def tables(self):
        return (self.size, self.cap, self.room_pen, self.dur_ix, self.w_mixed, self.adj_ptr, self.adj_idx,
                self.adj_w, self.pair_cost, self.ep_pen, self.ep_hard, self.pc_ptr, self.pc_other, self.pc_kind,
                self.exclusive)  # fmt: skip


def _initial(cp: CompiledExam, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Coinciding exams share a period; each exam in a room big enough for it, chosen at random."""
    period = np.zeros(cp.E, np.int32)
    room = np.zeros(cp.E, np.int32)
    for g in range(len(cp.gm_ptr) - 1):
        ms = cp.gm_idx[cp.gm_ptr[g] : cp.gm_ptr[g + 1]]
        e0 = ms[0]
        allowed = cp.ap_idx[cp.ap_ptr[e0] : cp.ap_ptr[e0 + 1]]
        p = allowed[rng.integers(len(allowed))]
        for e in ms:
            period[e] = p
            rooms = cp.ar_idx[cp.ar_ptr[e] : cp.ar_ptr[e + 1]]
            room[e] = rooms[rng.integers(len(rooms))]
    return period, room


def solve_exam(
    problem: ExamProblem,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Callable[[float, int], None] | None = None,
    iterations: int | None = None,
    params: ExamParams | None = None,
) -> ExamSolution:
    from . import _exam_kernels as K

    params = params or ExamParams()
    started = time.monotonic()
    cpu_started = time.process_time()
    cp = CompiledExam(problem)
    rng = np.random.default_rng(seed)
    period, room = _initial(cp, rng)
    st = K.new_state(cp.E, cp.P, cp.R, cp.n_dur)
    tables = cp.tables()
    # Greedy start: groups of coinciding exams by decreasing conflict degree (ties at random).
    n_groups = len(cp.gm_ptr) - 1
    degree = np.zeros(n_groups)
    for g in range(n_groups):
        for e in cp.gm_idx[cp.gm_ptr[g] : cp.gm_ptr[g + 1]]:
            degree[g] += cp.adj_ptr[e + 1] - cp.adj_ptr[e] + 5 * (cp.pc_ptr[e + 1] - cp.pc_ptr[e])
    order = np.lexsort((rng.random(n_groups), -degree)).astype(np.int32)
    K.greedy(order, period, room, *st, *tables, cp.gm_ptr, cp.gm_idx, cp.ap_ptr, cp.ap_idx, params.hard_weight)
    cur = np.array(K.full_cost(period, room, cp.P, cp.R, cp.n_dur, *tables), np.int64)
    best = cur.copy()
    best_p, best_r = period.copy(), room.copy()
    moves = (cp.group_of, cp.gm_ptr, cp.gm_idx, cp.ap_ptr, cp.ap_idx, cp.ar_ptr, cp.ar_idx)
    done = 0
    last_report = 0.0

    def fraction() -> float:
        if iterations is not None:
            return done / iterations
        return (time.monotonic() - started) / time_limit

    def run(n, t0, t1, soft_w) -> int:
        return int(
            K.anneal(n, t0, max(t1, 1e-9), params.hard_weight if soft_w else 1, soft_w, params.p_swap, params.p_room,
                     params.p_kempe, int(rng.integers(2**31 - 1)), period, room, *st, *tables, *moves, cur, best,
                     best_p, best_r)
        )  # fmt: skip

    def report() -> None:
        nonlocal last_report
        now = time.monotonic()
        if progress is not None and now - last_report >= 0.25:
            last_report = now
            progress(min(1.0, fraction()), int(best[1]) + params.hard_weight * int(best[0]))

    phase1 = 0
    hard_ratio = params.temp_hard1 / params.temp_hard0
    while cur[0] > 0 and fraction() < 1.0:
        n = params.chunk if iterations is None else min(params.chunk, iterations - done)
        rel = (phase1 % params.hard_cycle) / params.hard_cycle
        span = n / params.hard_cycle
        moved = run(n, params.temp_hard0 * hard_ratio**rel, params.temp_hard0 * hard_ratio ** min(1.0, rel + span), 0)
        done += moved
        phase1 += moved
        report()
    phase1_seconds = time.monotonic() - started
    if cur[0] == 0:
        best[:] = cur
        best_p[:], best_r[:] = period, room
    # Temperature scale: the soft cost of typical worsening moves from here.
    sample = K.sample_deltas(2000, int(rng.integers(2**31 - 1)), params.p_swap, params.p_room, params.p_kempe, period,
                             room, *st, *tables, *moves)  # fmt: skip
    worse = sample[sample > 0]
    scale = float(np.median(worse)) if len(worse) else 1.0
    temp0, temp1 = params.temp0_factor * scale, params.temp1_factor * scale
    ratio = temp1 / temp0
    start_frac = fraction()
    done2 = 0
    while (frac := fraction()) < 1.0:
        n = params.chunk if iterations is None else min(params.chunk, iterations - done)
        rel = (frac - start_frac) / (1.0 - start_frac) if start_frac < 1.0 else 1.0
        if iterations is None:
            elapsed = time.monotonic() - started - phase1_seconds
            per_sec = done2 / elapsed if done2 and elapsed > 0 else None
            left = time_limit - phase1_seconds
            span = (n / per_sec) / left if per_sec and left > 0 else 0.002
        else:
            span = n / (iterations - start_frac * iterations)
        done += run(n, temp0 * ratio ** min(1.0, rel), temp0 * ratio ** min(1.0, rel + span), 1)
        done2 += n
        report()
    check = tuple(int(x) for x in K.full_cost(period, room, cp.P, cp.R, cp.n_dur, *tables))
    if check != (int(cur[0]), int(cur[1])):
        raise AssertionError(f"incremental cost {tuple(cur)} differs from recount {check}")
    h, s = (int(x) for x in K.full_cost(best_p, best_r, cp.P, cp.R, cp.n_dur, *tables))
    if progress is not None:
        progress(1.0, s + params.hard_weight * h)
    return ExamSolution(
        [int(p) for p in best_p],
        [int(r) for r in best_r],
        {
            "hard": h,
            "soft": s,
            "iterations": done,
            "phase1_iterations": phase1,
            "phase1_seconds": round(phase1_seconds, 2),
            "seconds": round(time.monotonic() - started, 2),
            "cpu_seconds": round(time.process_time() - cpu_started, 2),
            "temp0": round(temp0, 3),
            "seed": seed,
        },
    )
