"""The exam-schedule rules on hand-made slots (no database): one exam per group per day, the gap of
days between a group's exams, room capacity and splits, invigilators in two places, and the greedy
choice of invigilators (own teachers first, never one busy at that time)."""

import datetime

import pytest

from scheduling.exam_rules import ExamSlot, RoomUse, assign_invigilators, hard_count, summary, violations
from scheduling.exam_services import _parts, _split_seats, ends_at
from scheduling.solver.exam import ExamProblem, ExamSolution, Weightings, evaluate_exam

MON = datetime.date(2031, 12, 15)
NINE, TWO = datetime.time(9), datetime.time(14)


def day(n):
    return MON + datetime.timedelta(days=n)


def slot(key, when, *, students=(), groups=(), rooms=None, own=(), at=NINE):
    rooms = rooms if rooms is not None else [RoomUse(100 + key, f"R{key}", 30, len(students), [900 + key])]
    return ExamSlot(key, f"E{key}", when, at, frozenset(students), frozenset(groups), rooms, tuple(own))


def codes(found):
    return sorted(v.code for v in found)


def test_a_group_with_two_exams_on_one_day_is_a_hard_violation():
    found = violations([slot(1, MON, groups={7}), slot(2, MON, groups={7}, at=TWO)], min_gap_days=1)
    assert codes(found) == ["group_same_day"] and found[0].exams == (1, 2) and found[0].hard


def test_a_group_needs_the_gap_of_days_between_exams():
    a, b, c = slot(1, day(0), groups={7}), slot(2, day(1), groups={7}), slot(3, day(3), groups={7})
    found = violations([a, b, c], min_gap_days=2)
    assert codes(found) == ["group_gap"] and found[0].exams == (1, 2) and found[0].data["days"] == 1
    assert violations([a, c], min_gap_days=2) == []
    assert codes(violations([a, c], min_gap_days=4)) == ["group_gap"]
    assert violations([a, b], min_gap_days=1) == []  # 1: consecutive days allowed


def test_other_groups_do_not_constrain_each_other():
    assert violations([slot(1, MON, groups={1}), slot(2, MON, groups={2}, at=TWO)], min_gap_days=2) == []


def test_a_student_with_two_exams_at_once_is_a_clash():
    found = violations([slot(1, MON, students={1, 2}), slot(2, MON, students={2, 3})], min_gap_days=1)
    assert codes(found) == ["student_clash"] and found[0].data["count"] == 1


def test_room_capacity_counts_each_room_and_the_whole_exam():
    over = slot(1, MON, students=range(40), rooms=[RoomUse(1, "R1", 30, 40, [5])])
    assert codes(violations([over], min_gap_days=1)) == ["room_capacity"]
    split = slot(1, MON, students=range(40), rooms=[RoomUse(1, "R1", 30, 20, [5]), RoomUse(2, "R2", 25, 20, [6])])
    assert violations([split], min_gap_days=1) == []
    short = slot(1, MON, students=range(40), rooms=[RoomUse(1, "R1", 30, 30, [5])])
    assert codes(violations([short], min_gap_days=1)) == ["room_capacity"]


def test_an_invigilator_in_two_places_at_once_is_detected():
    a = slot(1, MON, rooms=[RoomUse(1, "R1", 30, 0, [5])])
    b = slot(2, MON, rooms=[RoomUse(2, "R2", 30, 0, [5])])
    found = violations([a, b], min_gap_days=1)
    assert codes(found) == ["invigilator_double"] and found[0].exams == (1, 2)
    later = slot(2, MON, rooms=[RoomUse(2, "R2", 30, 0, [5])], at=TWO)
    assert violations([a, later], min_gap_days=1) == []


def test_a_room_with_two_exams_and_a_room_without_invigilator():
    a = slot(1, MON, rooms=[RoomUse(1, "R1", 30, 0, [5])])
    b = slot(2, MON, rooms=[RoomUse(1, "R1", 30, 0, [])])
    found = violations([a, b], min_gap_days=1)
    assert codes(found) == ["no_invigilator", "room_double"]
    assert summary(found)["room_double"] == 1 and hard_count(found) == 2


def test_own_teacher_absent_is_soft():
    found = violations([slot(1, MON, own=(42,))], min_gap_days=1)
    assert codes(found) == ["own_teacher_absent"] and hard_count(found) == 0


def test_invigilators_are_own_teachers_first_and_never_busy():
    a = slot(1, MON, rooms=[RoomUse(1, "R1", 30, 0), RoomUse(2, "R2", 30, 0)], own=(10,))
    b = slot(2, MON, rooms=[RoomUse(3, "R3", 30, 0)], own=(10,))
    assign_invigilators([a, b], pool=[10, 11, 12])
    assert a.rooms[0].invigilators == [10]  # the exam's own teacher, in its first room
    used = [t for s in (a, b) for r in s.rooms for t in r.invigilators]
    assert len(used) == len(set(used)) == 3  # one per room, nobody twice at 09:00
    assert violations([a, b], min_gap_days=1) == [v for v in violations([a, b], min_gap_days=1) if not v.hard]


def test_too_few_teachers_leaves_a_room_without_invigilator():
    a = slot(1, MON, rooms=[RoomUse(1, "R1", 30, 0), RoomUse(2, "R2", 30, 0)])
    assign_invigilators([a], pool=[10])
    assert codes(violations([a], min_gap_days=1)) == ["no_invigilator"]


@pytest.mark.parametrize(("n", "caps", "seats"), [(50, [30, 30], [25, 25]), (41, [60, 20], [31, 10]), (7, [5], [7])])
def test_students_are_split_over_rooms_by_their_seats(n, caps, seats):
    assert _split_seats(n, caps) == seats and sum(seats) == n


def test_an_exam_bigger_than_the_largest_room_is_split():
    assert _parts(50, 60, 5) == 1 and _parts(130, 60, 5) == 3 and _parts(500, 60, 4) == 4


def test_exam_end_time_adds_the_duration():
    assert ends_at(NINE, 120) == datetime.time(11) and ends_at(datetime.time(23), 120) == datetime.time(23, 59)


def test_links_and_day_gap_in_the_exam_evaluator():
    """A link (an academic group) over two exams counts like a student: same period a conflict, same day
    the two-in-a-day weight, fewer than `day_gap` calendar days apart the gap weight."""
    periods = [((2031, 12, 15), "09:00:00", 120, 0), ((2031, 12, 15), "14:00:00", 120, 0),
               ((2031, 12, 16), "09:00:00", 120, 0), ((2031, 12, 18), "09:00:00", 120, 0)]  # fmt: skip
    w = Weightings(two_in_a_row=1000, two_in_a_day=1000, day_gap=2, day_gap_weight=100)
    problem = ExamProblem("t", [120, 120], [(1,), (2,)], periods, [(30, 0)] * 2, weights=w, links=[(0, 1)])
    assert evaluate_exam(problem, ExamSolution([0, 0], [0, 1])).hard_counts["conflicts"] == 1
    assert evaluate_exam(problem, ExamSolution([0, 1], [0, 1])).soft["two_in_a_row"] == 1000
    assert evaluate_exam(problem, ExamSolution([0, 2], [0, 1])).soft["day_gap"] == 100
    assert evaluate_exam(problem, ExamSolution([0, 3], [0, 1])).cost == 0
