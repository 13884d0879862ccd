"""Readers and writers of the ITC-2007 formats: round trips and refusals that name the line."""

from pathlib import Path

import pytest

from scheduling.itc import (
    ITCFormatError,
    parse_ctt,
    parse_exam,
    parse_exam_sol,
    parse_sol,
    read_ctt,
    read_exam,
    write_ctt,
    write_exam_sol,
    write_sol,
)
from scheduling.solver.exam import ExamSolution
from scheduling.solver.problem import Solution

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "itc2007"
if not DATA.is_dir():
    DATA = Path("/work/shared/data/itc2007")
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="ITC-2007 data not present")

TINY = """Name: Tiny
Courses: 2
Rooms: 2
Days: 2
Periods_per_day: 3
Curricula: 1
Constraints: 1

COURSES:
c1 t1 2 2 15
c2 t2 1 1 5

ROOMS:
rA 10
rB 20

CURRICULA:
q1 2 c1 c2

UNAVAILABILITY_CONSTRAINTS:
c2 1 2

END.
"""


def test_tiny_ctt_is_read():
    p = parse_ctt(TINY)
    assert (p.name, p.days, p.periods_per_day) == ("Tiny", 2, 3)
    assert [(c.id, c.teachers, c.lectures, c.min_days, c.students) for c in p.courses] == [
        ("c1", ("t1",), 2, 2, 15),
        ("c2", ("t2",), 1, 1, 5),
    ]
    assert [(r.id, r.capacity) for r in p.rooms] == [("rA", 10), ("rB", 20)]
    assert p.curricula[0].courses == ("c1", "c2")
    assert p.course("c2").unavailable == {(1, 2)}


@needs_data
def test_ctt_round_trip_on_comp01():
    p = read_ctt(DATA / "ctt" / "comp01.ctt")
    q = parse_ctt(write_ctt(p))
    assert (q.name, q.days, q.periods_per_day) == (p.name, p.days, p.periods_per_day)
    assert q.courses == p.courses and q.rooms == p.rooms and q.curricula == p.curricula
    assert p.n_lectures == 160


def test_sol_round_trip():
    p = parse_ctt(TINY)
    sol = Solution.of([("c1", "rA", 0, 0), ("c1", "rB", 1, 1), ("c2", "rB", 0, 1)])
    assert parse_sol(write_sol(sol), p).lectures == sol.lectures


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("c2 t2 1 1 5", "c2 t2 1 1", 11, "5 fields"),
        ("c2 t2 1 1 5", "c2 t2 one 1 5", 11, "integer"),
        ("q1 2 c1 c2", "q1 3 c1 c2", 18, "announces 3"),
        ("q1 2 c1 c2", "q1 2 c1 c9", 18, "unknown course 'c9'"),
        ("c2 1 2\n", "c2 1 7\n", 21, "outside the week"),
        ("Rooms: 2", "Rooms 2", 3, "Rooms"),
        ("END.", "garbage", 23, "END."),
    ],
)
def test_bad_ctt_names_the_line(old, new, line, words):
    with pytest.raises(ITCFormatError) as info:
        parse_ctt(TINY.replace(old, new), "x.ctt")
    assert info.value.line == line
    assert f"x.ctt, line {line}:" in str(info.value)
    assert words in str(info.value)


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("c1 rA 0 0\nc1 rA 0\n", 2, "course room day period"),
        ("c1 rA 0 0\n\nc9 rA 0 1\n", 3, "unknown course"),
        ("c1 rZ 0 0\n", 1, "unknown room"),
        ("c1 rA 2 0\n", 1, "outside the week"),
    ],
)
def test_bad_sol_names_the_line(text, line, words):
    with pytest.raises(ITCFormatError) as info:
        parse_sol(text, parse_ctt(TINY), "x.sol")
    assert info.value.line == line and words in str(info.value)


TINY_EXAM = """[Exams:3]
60, 1, 2
120, 2, 3
60, 4
[Periods:2]
01:02:2008, 09:00:00, 120, 0
01:02:2008, 14:00:00, 60, 5
[Rooms:1]
100, 2
[PeriodHardConstraints]
0, AFTER, 2
[RoomHardConstraints]
1, ROOM_EXCLUSIVE
[InstitutionalWeightings]
TWOINAROW, 7
TWOINADAY, 5
PERIODSPREAD, 3
NONMIXEDDURATIONS, 10
FRONTLOAD, 1, 1, 5
"""


def test_tiny_exam_is_read():
    p = parse_exam(TINY_EXAM)
    assert p.durations == [60, 120, 60]
    assert p.students == [(1, 2), (2, 3), (4,)]
    assert [x[2:] for x in p.periods] == [(120, 0), (60, 5)]
    assert p.rooms == [(100, 2)]
    assert [(c.a, c.kind, c.b) for c in p.period_constraints] == [(0, "AFTER", 2)]
    assert p.exclusive == [1]
    w = p.weights
    assert (w.two_in_a_row, w.two_in_a_day, w.period_spread, w.non_mixed_durations) == (7, 5, 3, 10)
    assert (w.frontload_exams, w.frontload_periods, w.frontload_penalty) == (1, 1, 5)
    sol = ExamSolution([1, 0, 0], [0, 0, 0])
    again = parse_exam_sol(write_exam_sol(sol), p)
    assert (again.period, again.room) == (sol.period, sol.room)


@pytest.mark.parametrize(
    "old, new, line, words",
    [
        ("120, 2, 3", "120, 2, x", 3, "integer"),
        ("[Periods:2]", "[Periods]", 5, "[Periods:N]"),
        ("0, AFTER, 2", "0, BEFORE, 2", 11, "EXAM_COINCIDENCE"),
        ("0, AFTER, 2", "0, AFTER, 9", 11, "out of range"),
        ("1, ROOM_EXCLUSIVE", "1, ROOM_SHARED", 13, "ROOM_EXCLUSIVE"),
        ("TWOINADAY, 5", "TWOINADAY", 16, "needs 1 value"),
    ],
)
def test_bad_exam_names_the_line(old, new, line, words):
    with pytest.raises(ITCFormatError) as info:
        parse_exam(TINY_EXAM.replace(old, new), "x.exam")
    assert info.value.line == line and words in str(info.value)


def test_bad_exam_solution_names_the_line():
    p = parse_exam(TINY_EXAM)
    with pytest.raises(ITCFormatError) as info:
        parse_exam_sol("0, 0\n5, 0\n1, 0\n", p, "x.sol")
    assert info.value.line == 2 and "period 5 out of range" in str(info.value)
    with pytest.raises(ITCFormatError, match="2 lines for 3 exams"):
        parse_exam_sol("0, 0\n1, 0\n", p)


@needs_data
def test_every_exam_set_is_read():
    sizes = {}
    for i in range(1, 9):
        p = read_exam(DATA / "exam" / f"exam_comp_set{i}.exam")
        sizes[i] = (p.n_exams, p.n_periods, p.n_rooms)
    assert sizes[1] == (607, 54, 7)
    assert sizes[4] == (273, 21, 1)
    assert sizes[8] == (598, 80, 8)
