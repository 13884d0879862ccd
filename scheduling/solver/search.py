"""The course timetabling search: entry point ``solve(problem, time_limit, seed, progress)``.

Simulated annealing over complete assignments (every lecture in a slot, one lecture per slot),
moves "lecture to another slot, swapping with the slot's lecture if any" in three flavours,
"two lectures exchange their times", "every lecture of a course to one room" (room stability) and
"a Kempe chain of conflicting lectures swaps its two times", delta evaluation in numba
(``_ctt_kernels``).
The temperature falls geometrically from ``temp0`` to ``temp1`` over the run, following the clock
(``time_limit``) or, for a run that is exactly reproducible from its seed, an iteration budget
(``iterations``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _ctt_kernels as K
from .problem import Lecture, Problem, Solution


@dataclass
class Params:
    hard_weight: int = 1000
    max_soft_gain: float = 200.0
    temp_hard: float = 0.05  # phase 1 (hard constraints only)
    temp0: float = 8.0
    temp1: float = 0.05
    p_kempe: float = 0.2  # swap the times of a Kempe chain of conflicting lectures (two times)
    p_course: float = 0.05  # every lecture of a course to one room (room stability)
    p_pair: float = 0.1  # exchange the times of two lectures, each keeping its room
    p_any: float = 0.45  # move to any slot (swapping with its lecture)
    p_time: float = 0.25  # move to another time, same room; the rest: another room, same time
    chunk: int = 100_000  # moves between looks at the clock


class Compiled:
    """The problem as arrays for the kernels."""

    def __init__(self, problem: Problem):
        self.problem = problem
        w = problem.weights
        S, D = problem.periods_per_day, problem.days
        T, R, C = D * S, len(problem.rooms), len(problem.courses)
        self.S, self.D, self.T, self.R, self.C = S, D, T, R, C
        course_ix = {c.id: i for i, c in enumerate(problem.courses)}
        teacher_ix: dict[str, int] = {}
        for c in problem.courses:
            for t in c.teachers:
                teacher_ix.setdefault(t, len(teacher_ix))
        n_groups = C + len(teacher_ix) + len(problem.curricula)
        groups_of: list[list[int]] = [[i] for i in range(C)]
        for i, c in enumerate(problem.courses):
            for t in sorted(set(c.teachers)):
                groups_of[i].append(C + teacher_ix[t])
        for k, q in enumerate(problem.curricula):
            for cid in sorted(set(q.courses)):
                groups_of[course_ix[cid]].append(C + len(teacher_ix) + k)
        self.n_groups = n_groups
        members: list[list[int]] = [[] for _ in range(n_groups)]
        for i, gs in enumerate(groups_of):
            for g in gs:
                members[g].append(i)
        self.conflict = np.zeros((C, C), np.bool_)  # two courses whose lectures may not share a time
        for m in members:
            ix = np.array(m, np.intp)
            self.conflict[np.ix_(ix, ix)] = True
        self.is_curr = np.zeros(n_groups, np.bool_)
        self.is_curr[C + len(teacher_ix) :] = True
        self.cg_ptr = np.zeros(C + 1, np.int32)
        self.cg_ptr[1:] = np.cumsum([len(g) for g in groups_of])
        self.cg_idx = np.array([g for gs in groups_of for g in gs], np.int32)
        self.min_days = np.array([c.min_days for c in problem.courses], np.int32)
        self.w_md, self.w_cc, self.w_rs = w.min_working_days, w.curriculum_compactness, w.room_stability
        self.cap_pen = np.zeros((C, R), np.int64)
        self.per_pen = np.zeros((C, T), np.int64)
        self.hard_ct = np.zeros((C, T), np.int64)
        self.hard_cr = np.zeros((C, R), np.int64)
        self.hard_rt = np.zeros((R, T), np.int64)
        allowed: list[list[int]] = []
        for i, c in enumerate(problem.courses):
            for j, room in enumerate(problem.rooms):
                self.cap_pen[i, j] = w.room_capacity * max(0, c.students - room.capacity)
                self.hard_cr[i, j] = 0 if c.may_use(room) else 1
            for (d, p), pen in c.period_penalties.items():
                self.per_pen[i, d * S + p] = w.period_preference * pen
            for d, p in c.unavailable:
                self.hard_ct[i, d * S + p] = 1
            ok = [j for j, room in enumerate(problem.rooms) if c.may_use(room)]
            allowed.append(ok or list(range(R)))
        for j, room in enumerate(problem.rooms):
            for d, p in room.unavailable:
                self.hard_rt[j, d * S + p] = 1
        self.ar_ptr = np.zeros(C + 1, np.int32)
        self.ar_ptr[1:] = np.cumsum([len(a) for a in allowed])
        self.ar_idx = np.array([j for a in allowed for j in a], np.int32)
        self.lec_c = np.array([i for i, c in enumerate(problem.courses) for _ in range(c.lectures)], np.int32)
        self.L = len(self.lec_c)
        self.cl_ptr = np.zeros(C + 1, np.int32)  # the lectures of course c are cl_ptr[c] .. cl_ptr[c + 1] - 1
        self.cl_ptr[1:] = np.cumsum([c.lectures for c in problem.courses])
        if self.L > T * R:
            raise ValueError(f"{self.L} lectures do not fit in {T} times x {R} rooms")

    def tables(self):
        return (self.cg_ptr, self.cg_idx, self.is_curr, self.S, self.min_days, self.w_md, self.w_cc, self.w_rs,
                self.cap_pen, self.per_pen, self.hard_ct, self.hard_cr, self.hard_rt)  # fmt: skip

    def full_cost(self, lec_t, lec_r) -> tuple[int, int]:
        h, s = K.full_cost(self.lec_c, lec_t, lec_r, self.n_groups, self.is_curr, self.cg_ptr, self.cg_idx,
                           self.C, self.D, self.R, self.T, self.S, self.min_days, self.w_md, self.w_cc, self.w_rs,
                           self.cap_pen, self.per_pen, self.hard_ct, self.hard_cr, self.hard_rt)  # fmt: skip
        return int(h), int(s)

    def solution(self, lec_t, lec_r) -> Solution:
        p = self.problem
        return Solution(
            [
                Lecture(
                    p.courses[self.lec_c[i]].id, p.rooms[lec_r[i]].id, int(lec_t[i]) // self.S, int(lec_t[i]) % self.S
                )
                for i in range(self.L)
            ]
        )


class State:
    def __init__(self, cp: Compiled, lec_t: np.ndarray, lec_r: np.ndarray):
        self.cp = cp
        self.lec_t = lec_t.astype(np.int32).copy()
        self.lec_r = lec_r.astype(np.int32).copy()
        self.slot = np.full((cp.T, cp.R), -1, np.int32)
        self.gpc = np.zeros((cp.n_groups, cp.T), np.int32)
        self.cdc = np.zeros((cp.C, cp.D), np.int32)
        self.cwd = np.zeros(cp.C, np.int32)
        self.crc = np.zeros((cp.C, cp.R), np.int32)
        self.cnr = np.zeros(cp.C, np.int32)
        for i in range(cp.L):
            c, t, r = cp.lec_c[i], self.lec_t[i], self.lec_r[i]
            assert self.slot[t, r] == -1
            self.slot[t, r] = i
            for k in range(cp.cg_ptr[c], cp.cg_ptr[c + 1]):
                self.gpc[cp.cg_idx[k], t] += 1
            if self.cdc[c, t // cp.S] == 0:
                self.cwd[c] += 1
            self.cdc[c, t // cp.S] += 1
            if self.crc[c, r] == 0:
                self.cnr[c] += 1
            self.crc[c, r] += 1
        h, s = cp.full_cost(self.lec_t, self.lec_r)
        self.cur = np.array([h, s], np.int64)

    def arrays(self):
        return (self.cp.lec_c, self.lec_t, self.lec_r, self.slot, self.gpc, self.cdc, self.cwd, self.crc, self.cnr)


def random_assignment(cp: Compiled, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each lecture in a free slot chosen at random among the rooms it may use (any room if full)."""
    free = np.ones((cp.T, cp.R), bool)
    lec_t = np.zeros(cp.L, np.int32)
    lec_r = np.zeros(cp.L, np.int32)
    for i in rng.permutation(cp.L):
        c = cp.lec_c[i]
        rooms = cp.ar_idx[cp.ar_ptr[c] : cp.ar_ptr[c + 1]]
        cand = np.argwhere(free[:, rooms])
        if len(cand):
            t, k = cand[rng.integers(len(cand))]
            r = rooms[k]
        else:
            cand = np.argwhere(free)
            t, r = cand[rng.integers(len(cand))]
        free[t, r] = False
        lec_t[i], lec_r[i] = t, r
    return lec_t, lec_r


def solve(
    problem: Problem,
    time_limit: float = 60.0,
    seed: int = 0,
    progress: Callable[[float, int], None] | None = None,
    iterations: int | None = None,
    params: Params | None = None,
) -> Solution:
    """Search for a timetable; return the best found (fewest hard violations, then least soft cost).

    Phase 1 anneals the hard violations alone (soft cost ignored) until none is left; phase 2
    anneals the soft cost with hard violations weighed ``hard_weight`` over the rest of the run.
    ``progress(fraction, best_cost)`` is called at most about 4 times a second (best_cost counts a
    hard violation as ``hard_weight``). With ``iterations`` the run stops after that many moves
    whatever the clock says, and is then the same for the same seed.
    """
    params = params or Params()
    started = time.monotonic()
    cpu_started = time.process_time()
    cp = Compiled(problem)
    if cp.L == 0:
        return Solution([], {"hard": 0, "soft": 0, "iterations": 0, "seconds": 0.0, "seed": seed})
    rng = np.random.default_rng(seed)
    state = State(cp, *random_assignment(cp, rng))
    best = state.cur.copy()
    best_t, best_r = state.lec_t.copy(), state.lec_r.copy()
    tables = cp.tables()
    done = 0
    last_report = 0.0

    def fraction() -> float:
        if iterations is not None:
            return done / iterations
        return (time.monotonic() - started) / time_limit

    def run(n, temp0, temp1, soft_w) -> int:
        return int(
            K.anneal(n, temp0, max(temp1, 1e-9), params.hard_weight if soft_w else 1, soft_w,
                     params.max_soft_gain if soft_w else 0.0, params.p_pair, params.p_any,
                     params.p_time, params.p_course if soft_w else 0.0, params.p_kempe if soft_w else 0.0,
                     int(rng.integers(2**31 - 1)),
                     *state.arrays(), *tables, cp.ar_ptr, cp.ar_idx, cp.cl_ptr, cp.conflict,
                     state.cur, best, best_t, best_r)
        )  # fmt: skip

    def report() -> None:
        nonlocal last_report
        now = time.monotonic()
        if progress is not None and now - last_report >= 0.25:
            last_report = now
            progress(min(1.0, fraction()), int(best[1]) + params.hard_weight * int(best[0]))

    # Phase 1: no soft cost, a low fixed temperature, until feasible (or out of time).
    phase1_moves = 0
    while state.cur[0] > 0 and fraction() < 1.0:
        n = params.chunk if iterations is None else min(params.chunk, iterations - done)
        moved = run(n, params.temp_hard, params.temp_hard, 0)
        done += moved
        phase1_moves += moved
        report()
    if state.cur[0] == 0:  # phase 2 starts from the feasible timetable phase 1 ended with
        best[:] = state.cur
        best_t[:], best_r[:] = state.lec_t, state.lec_r
    phase1_seconds = time.monotonic() - started
    # Phase 2: geometric cooling from temp0 to temp1 over what is left of the run.
    start_frac = fraction()
    ratio = params.temp1 / params.temp0
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
        t0 = params.temp0 * ratio ** min(1.0, rel)
        t1 = params.temp0 * ratio ** min(1.0, rel + span)
        done += run(n, t0, t1, 1)
        done2 += n
        report()
    check = cp.full_cost(state.lec_t, state.lec_r)
    if check != (int(state.cur[0]), int(state.cur[1])):
        raise AssertionError(f"incremental cost {tuple(state.cur)} differs from recount {check}")
    h, s = cp.full_cost(best_t, best_r)
    sol = cp.solution(best_t, best_r)
    sol.stats = {
        "hard": h,
        "soft": s,
        "iterations": done,
        "phase1_iterations": phase1_moves,
        "phase1_seconds": round(phase1_seconds, 2),
        "seconds": round(time.monotonic() - started, 2),
        "cpu_seconds": round(time.process_time() - cpu_started, 2),
        "seed": seed,
    }
    if progress is not None:
        progress(1.0, s + params.hard_weight * h)
    return sol
