"""The independent evaluator against costs computed by hand on tiny instances."""

import pytest

from scheduling.itc import parse_exam
from scheduling.solver.evaluate import evaluate
from scheduling.solver.exam import ExamSolution, evaluate_exam
from scheduling.solver.problem import Course, Curriculum, Problem, Room, Solution, Weights


def tiny(**overrides) -> Problem:
    """2 days x 3 periods; rA (10 seats), rB (20 seats, a lab unavailable at (1, 0))."""
    courses = [
        Course("c1", ("t1",), 2, 2, 15),
        Course("c2", ("t2",), 1, 1, 5, unavailable=frozenset({(1, 2)})),
        Course("c3", ("t1", "t3"), 1, 1, 5),
        Course("lab", ("t4",), 1, 1, 5, room_kinds=frozenset({"lab"}), period_penalties={(0, 0): 3}),
    ]
    rooms = [Room("rA", 10), Room("rB", 20, kind="lab", unavailable=frozenset({(1, 0)}))]
    return Problem("tiny", 2, 3, rooms, courses, [Curriculum("q1", ("c1", "c2"))], **overrides)


def sol(*rows) -> Solution:
    return Solution.of(rows)


# A timetable with no hard violation: c1 on two days in rB, c2 next to c1 on day 0.
GOOD = [("c1", "rB", 0, 0), ("c2", "rA", 0, 1), ("c1", "rB", 1, 1), ("c3", "rA", 1, 2), ("lab", "rB", 0, 2)]


def test_a_feasible_timetable():
    ev = evaluate(tiny(), sol(*GOOD))
    # c1 at (1, 1) is an isolated lecture of q1 (c2 is not next to it): 2.
    assert ev.hard == []
    assert ev.soft == {
        "room_capacity": 0,
        "min_working_days": 0,
        "curriculum_compactness": 2,
        "room_stability": 0,
        "period_preference": 0,
    }
    assert ev.cost == 2


def test_room_capacity_counts_students_above_capacity_per_lecture():
    rows = [("c1", "rA", 0, 0), ("c2", "rA", 0, 1), ("c1", "rA", 1, 1), ("c3", "rB", 1, 2), ("lab", "rB", 0, 2)]
    ev = evaluate(tiny(), sol(*rows))
    assert ev.room_capacity == 5 + 5  # 15 students in 10 seats, twice


def test_min_working_days_is_five_per_missing_day():
    rows = [("c1", "rB", 0, 0), ("c2", "rA", 0, 1), ("c1", "rB", 0, 2), ("c3", "rA", 1, 1), ("lab", "rB", 1, 2)]
    ev = evaluate(tiny(), sol(*rows))
    assert ev.min_working_days == 5
    assert ev.curriculum_compactness == 0  # c1, c2, c1 in a row on day 0


def test_curriculum_compactness_is_two_per_isolated_lecture():
    rows = [("c1", "rB", 0, 0), ("c2", "rA", 0, 2), ("c1", "rA", 1, 0), ("c3", "rA", 1, 1), ("lab", "rB", 0, 1)]
    ev = evaluate(tiny(), sol(*rows))
    assert ev.curriculum_compactness == 2 * 3
    ev = evaluate(tiny(weights=Weights(curriculum_compactness=7)), sol(*rows))
    assert ev.curriculum_compactness == 7 * 3


def test_room_stability_is_one_per_extra_room():
    rows = [("c1", "rA", 0, 0), ("c2", "rB", 0, 1), ("c1", "rB", 1, 1), ("c3", "rA", 1, 2), ("lab", "rB", 0, 2)]
    ev = evaluate(tiny(), sol(*rows))
    assert ev.room_stability == 1


def test_period_penalties_of_the_extension():
    rows = [r if r[0] != "lab" else ("lab", "rB", 0, 0) for r in GOOD]
    rows = [r if r[0] != "c1" or r[2] != 0 else ("c1", "rB", 0, 2) for r in rows]
    ev = evaluate(tiny(), sol(*rows))
    assert ev.period_preference == 3
    assert ev.hard == []


@pytest.mark.parametrize(
    "change, words",
    [
        # c3 shares teacher t1 with c1, at c1's time
        ({"c3": ("c3", "rA", 0, 0)}, "courses c1 and c3 (same curriculum or teacher) both at (0, 0)"),
        ({"c3": ("c3", "rA", 1, 1)}, "courses c1 and c3 (same curriculum or teacher) both at (1, 1)"),
        # c2 and c1 are in q1
        ({"c2": ("c2", "rA", 1, 1)}, "courses c1 and c2"),
        ({"c2": ("c2", "rB", 1, 2)}, "course c2 at unavailable time (1, 2)"),
        ({"lab": ("lab", "rB", 1, 1)}, "room rB at (1, 1) holds 2 lectures"),
        ({"lab": ("lab", "rA", 0, 2)}, "course lab in room rA of a kind or equipment it may not use"),
        ({"lab": ("lab", "rB", 1, 0)}, "room rB used at unavailable time (1, 0)"),
        ({"c3": None}, "course c3: 1 lecture(s) not scheduled"),
    ],
)
def test_each_hard_constraint(change, words):
    rows = []
    for r in GOOD:
        if r[0] in change:
            if change[r[0]] is not None:
                rows.append(change[r[0]])
        else:
            rows.append(r)
    ev = evaluate(tiny(), sol(*rows))
    assert ev.n_hard == 1, ev.hard
    assert words in ev.hard[0]


def test_extra_lectures_and_two_at_once():
    ev = evaluate(tiny(), sol(*GOOD, ("c2", "rB", 0, 1)))
    assert any("1 lecture(s) too many" in h for h in ev.hard)
    assert any("2 lectures at the same time (0, 1)" in h for h in ev.hard)


EXAM = """[Exams:4]
60, 1, 2, 3
60, 1, 4
120, 2
60, 9
[Periods:4]
01:02:2008, 09:00:00, 120, 0
01:02:2008, 12:00:00, 120, 4
01:02:2008, 15:00:00, 60, 0
02:02:2008, 09:00:00, 120, 1
[Rooms:2]
5, 0
10, 3
[PeriodHardConstraints]
3, AFTER, 0
0, EXCLUSION, 2
[RoomHardConstraints]
2, ROOM_EXCLUSIVE
[InstitutionalWeightings]
TWOINAROW, 7
TWOINADAY, 5
PERIODSPREAD, 3
NONMIXEDDURATIONS, 10
FRONTLOAD, 1, 2, 20
"""


def test_exam_soft_components_by_hand():
    p = parse_exam(EXAM)
    # exam 0 (3 students, the largest) in period 0 room 1; exam 1 period 1 room 0 (student 1 again:
    # two in a row 7, spread 1); exam 2 period 3 room 0 (student 2: other day, distance 3 <= 3: spread 1);
    # exam 3 period 3 room 1.
    ev = evaluate_exam(p, ExamSolution([0, 1, 3, 3], [1, 0, 0, 1]))
    assert ev.n_hard == 0, ev.hard
    assert ev.soft == {
        "two_in_a_row": 7,
        "two_in_a_day": 0,
        "period_spread": 2,
        "mixed_durations": 0,
        "front_load": 0,
        "room_penalty": 3 + 3,
        "period_penalty": 4 + 1 + 1,
    }
    # exam 1 at period 2 instead (same day as exam 0, not adjacent): two in a day 5, spread 1;
    # exam 0 (largest) in period 2 or 3 would be front-loaded: put exam 3 with exam 2 mixed? no: same
    # duration 60 vs 120 in one room gives mixed durations 10.
    ev = evaluate_exam(p, ExamSolution([0, 2, 3, 3], [1, 0, 0, 0]))
    assert ev.soft["two_in_a_day"] == 5 and ev.soft["two_in_a_row"] == 0 and ev.soft["period_spread"] == 2
    assert ev.soft["mixed_durations"] == 10
    assert ev.hard_counts["room_related"] == 1  # exam 2 is exclusive and shares room 0
    ev = evaluate_exam(p, ExamSolution([3, 1, 0, 3], [1, 0, 0, 0]))
    assert ev.soft["front_load"] == 20
    assert ev.hard_counts["period_related"] == 1  # 3 AFTER 0 broken (same period)


def test_exam_hard_constraints_by_hand():
    p = parse_exam(EXAM)
    # exams 0 and 1 share student 1 in period 0: one conflict; 0 and 2 share student 2 and must differ
    # (EXCLUSION) and 2 lasts 120 in a 60-minute period 2... put 2 in period 2: utilisation.
    ev = evaluate_exam(p, ExamSolution([0, 0, 2, 3], [1, 0, 0, 0]))
    assert ev.hard_counts == {
        "conflicts": 1,
        "room_occupancy": 0,
        "period_utilisation": 1,
        "period_related": 0,
        "room_related": 0,
    }
    # everything in room 0 (5 seats) of period 0: 3 + 2 + 1 + 1 = 7 students; conflicts 0-1 (student 1)
    # and 0-2 (student 2); exclusion 0-2 and AFTER 3-0 broken; exam 2 not alone.
    ev = evaluate_exam(p, ExamSolution([0, 0, 0, 0], [0, 0, 0, 0]))
    assert ev.hard_counts == {
        "conflicts": 2,
        "room_occupancy": 1,
        "period_utilisation": 0,
        "period_related": 2,
        "room_related": 1,
    }
