"""The course timetabling search on small instances whose optimum is known."""

from scheduling.solver.evaluate import evaluate
from scheduling.solver.problem import Course, Curriculum, Problem, Room
from scheduling.solver.search import Params, solve


def zero_cost_instance() -> Problem:
    """3 days x 4 periods, 3 rooms; 8 courses in 3 curricula, a timetable of cost 0 exists
    (each curriculum's lectures back to back, each course in one big enough room, on enough days)."""
    rooms = [Room("small", 20), Room("mid", 40), Room("big", 80)]
    courses = [
        Course("a1", ("ta",), 3, 3, 70),
        Course("a2", ("tb",), 3, 3, 35),
        Course("a3", ("tc",), 2, 2, 15),
        Course("b1", ("ta",), 2, 2, 60),
        Course("b2", ("td",), 2, 2, 30),
        Course("c1", ("te",), 3, 3, 18),
        Course("c2", ("tf",), 3, 2, 38),
        Course("c3", ("tb",), 1, 1, 10, unavailable=frozenset({(0, 0), (1, 0), (2, 0)})),
    ]
    curricula = [
        Curriculum("A", ("a1", "a2", "a3")),
        Curriculum("B", ("b1", "b2", "a3")),
        Curriculum("C", ("c1", "c2", "c3")),
    ]
    return Problem("zero", 3, 4, rooms, courses, curricula)


def test_finds_a_zero_cost_timetable():
    p = zero_cost_instance()
    sol = solve(p, time_limit=30, seed=1, iterations=400_000)
    ev = evaluate(p, sol)
    assert ev.hard == []
    assert ev.cost == 0, ev.soft
    assert sol.stats["soft"] == 0 and sol.stats["hard"] == 0


def test_known_optimum_with_unavoidable_cost():
    """One course of 30 students, 3 lectures, at least 3 days, in a 20-seat room over 2 days of 2
    periods: 10 students too many x 3, one working day short (5) and, alone in its curriculum, one
    isolated lecture (2): the optimum is 37."""
    p = Problem("forced", 2, 2, [Room("r", 20)], [Course("c", ("t",), 3, 3, 30)], [Curriculum("q", ("c",))])
    ev = evaluate(p, solve(p, time_limit=10, seed=0, iterations=50_000))
    assert ev.hard == []
    assert ev.soft == {
        "room_capacity": 30,
        "min_working_days": 5,
        "curriculum_compactness": 2,
        "room_stability": 0,
        "period_preference": 0,
    }


def test_same_seed_and_budget_give_the_same_timetable():
    p = zero_cost_instance()
    a = solve(p, seed=7, iterations=30_000)
    b = solve(p, seed=7, iterations=30_000)
    assert a.lectures == b.lectures


def test_extensions_room_kinds_unavailable_rooms_and_period_penalties():
    """Lab courses only in labs, the one lab with PCs closed at (0, 0), a teacher in two courses,
    undesired last periods: the optimum (cost 0) puts the PC lab last each day, in lab1."""
    rooms = [
        Room("lab1", 15, kind="lab", features=frozenset({"pc"}), unavailable=frozenset({(0, 0)})),
        Room("lab2", 15, kind="lab"),
        Room("hall", 100, kind="lecture"),
    ]
    late = {(d, 2): 4 for d in range(2)}
    courses = [
        Course("lec", ("t1", "t2"), 2, 2, 90, room_kinds=frozenset({"lecture"}), period_penalties=late),
        Course("pc-lab", ("t2",), 2, 2, 12, room_kinds=frozenset({"lab"}), features=frozenset({"pc"})),
        Course("lab", ("t3",), 2, 2, 12, room_kinds=frozenset({"lab"}), period_penalties=late),
    ]
    p = Problem("ext", 2, 3, rooms, courses, [Curriculum("g", ("lec", "pc-lab", "lab"))])
    sol = solve(p, seed=3, iterations=200_000)
    ev = evaluate(p, sol)
    assert ev.hard == [] and ev.cost == 0, (ev.hard, ev.soft)
    assert sorted((x.room, x.day, x.period) for x in sol.lectures if x.course == "pc-lab") == [
        ("lab1", 0, 2),
        ("lab1", 1, 2),
    ]


def test_progress_is_reported_and_time_limit_is_kept():
    p = zero_cost_instance()
    seen = []
    sol = solve(p, time_limit=1.0, seed=0, progress=lambda f, c: seen.append((f, c)))
    assert seen and seen[-1][0] == 1.0
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert sol.stats["seconds"] < 5


def test_course_room_move_keeps_the_counters_and_finds_the_optimum():
    """The move "every lecture of a course to one room" (here most of the moves) keeps the
    incremental counters equal to a recount (solve checks it) and still reaches cost 0, also with
    rooms a course may not use and a room closed at one time."""
    p = zero_cost_instance()
    sol = solve(p, seed=2, iterations=400_000, params=Params(p_course=0.5))
    ev = evaluate(p, sol)
    assert ev.hard == [] and ev.cost == 0, ev.soft
    rooms = [
        Room("lab1", 15, kind="lab", features=frozenset({"pc"}), unavailable=frozenset({(0, 0)})),
        Room("lab2", 15, kind="lab"),
        Room("hall", 100, kind="lecture"),
        Room("hall2", 100, kind="lecture", unavailable=frozenset({(1, 1)})),
    ]
    courses = [
        Course("lec", ("t1", "t2"), 2, 2, 90, room_kinds=frozenset({"lecture"})),
        Course("pc-lab", ("t2",), 2, 2, 12, room_kinds=frozenset({"lab"}), features=frozenset({"pc"})),
        Course("lab", ("t3",), 2, 2, 12, room_kinds=frozenset({"lab"})),
        Course("other", ("t4",), 3, 2, 50, room_kinds=frozenset({"lecture"})),
    ]
    q = Problem("ext", 2, 3, rooms, courses, [Curriculum("g", ("lec", "pc-lab", "lab"))])
    sol = solve(q, seed=4, iterations=200_000, params=Params(p_course=0.5))
    ev = evaluate(q, sol)
    assert ev.hard == [], ev.hard
    assert ev.soft["room_stability"] == 0, ev.soft


def test_kempe_chain_move_keeps_the_counters_and_creates_no_conflict():
    """Kempe-chain moves alone, at a temperature where most are accepted, from a feasible
    timetable: the incremental cost stays equal to a full recount, no conflict appears (a chain
    swaps whole conflicting sets between two times), and solve with many Kempe moves still
    reaches the optimum."""
    import numpy as np

    from scheduling.solver import _ctt_kernels as K
    from scheduling.solver.search import Compiled, State

    p = zero_cost_instance()
    cp = Compiled(p)
    sol = solve(p, seed=1, iterations=200_000)
    ix = {c.id: i for i, c in enumerate(p.courses)}
    rx = {r.id: i for i, r in enumerate(p.rooms)}
    lec_t, lec_r, seen = np.zeros(cp.L, np.int32), np.zeros(cp.L, np.int32), {}
    for x in sol.lectures:  # lectures of a course are interchangeable: fill them in order
        c = ix[x.course]
        i = cp.cl_ptr[c] + seen.get(c, 0)
        seen[c] = seen.get(c, 0) + 1
        lec_t[i], lec_r[i] = x.day * cp.S + x.period, rx[x.room]
    state = State(cp, lec_t, lec_r)
    assert state.cur[0] == 0
    before = state.lec_t.copy()
    best = state.cur.copy()
    bt, br = state.lec_t.copy(), state.lec_r.copy()
    for seed in range(20):
        K.anneal(5_000, 50.0, 50.0, 1000, 1, 200.0, 0.0, 0.0, 0.0, 0.0, 1.0, seed, *state.arrays(), *cp.tables(),
                 cp.ar_ptr, cp.ar_idx, cp.cl_ptr, cp.conflict, state.cur, best, bt, br)  # fmt: skip
        assert tuple(state.cur) == cp.full_cost(state.lec_t, state.lec_r)
        assert state.cur[0] == 0
    assert (state.lec_t != before).any()
    sol = solve(p, seed=2, iterations=400_000, params=Params(p_kempe=0.3))
    ev = evaluate(p, sol)
    assert ev.hard == [] and ev.cost == 0, ev.soft
