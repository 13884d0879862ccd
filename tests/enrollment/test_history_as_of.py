"""The student body on any past date and the movement between two dates, rebuilt from the status
history alone (RULES.md §8), with changes written by the status writer as orders write them."""

import datetime

import pytest

from enrollment.choices import Movement, StudentStatus
from enrollment.selectors import body_counts, movement_between, student_state_on, students_as_of

from .factories_students import ProgrammeFactory, change, enrol

D = datetime.date


@pytest.fixture
def story(db):
    """Five students moving through two programmes between 2023 and 2025.

    A: enrolled 01.09.2023 (P1); academic leave 01.02.2024–; returned 01.02.2025; promoted 01.09.2025.
    B: enrolled 01.09.2023 (P1); transferred to P2 01.09.2024; expelled 15.03.2025 (academic failure).
    C: enrolled 01.09.2024 (P2); expelled 01.12.2024 (transfer to another university).
    D: transferred in from another university 20.01.2024 (P2, year 2).
    E: enrolled 01.09.2023 (P1); expelled 01.12.2023 (own wish); reinstated 01.09.2024.
    """
    p1, p2 = ProgrammeFactory(), ProgrammeFactory()
    a = enrol(on=D(2023, 9, 1), programme=p1, intake_year=2023, last_name="Әлиев")
    b = enrol(on=D(2023, 9, 1), programme=p1, intake_year=2023, last_name="Бекқожин")
    e = enrol(on=D(2023, 9, 1), programme=p1, intake_year=2023, last_name="Ысқақов")
    change(
        e, Movement.EXPELLED, D(2023, 12, 1), ground="own_wish", order=("12-EXP", D(2023, 11, 28)), status="expelled"
    )
    from enrollment.services.status import student_enrol

    from .factories_students import StudentFactory, factory_actor

    d_data = StudentFactory.build(programme=p2, intake_year=2022, year_of_study=2, last_name="Ғабитов")
    d = student_enrol(
        actor=factory_actor(),
        data={f.name: getattr(d_data, f.name) for f in d_data._meta.concrete_fields if f.name not in ("id",)},
        effective_on=D(2024, 1, 20),
        movement=Movement.TRANSFERRED_IN,
    )
    change(a, Movement.LEAVE, D(2024, 2, 1), ground="medical", status="on_leave", leave_until=D(2025, 2, 1))
    change(b, Movement.TRANSFERRED, D(2024, 9, 1), programme_id=p2.pk, year_of_study=2)
    c = enrol(on=D(2024, 9, 1), programme=p2, intake_year=2024, last_name="Қасымов")
    change(e, Movement.REINSTATED, D(2024, 9, 1), status="active", year_of_study=2)
    change(c, Movement.EXPELLED, D(2024, 12, 1), ground="transfer", status="expelled")
    change(a, Movement.RETURNED, D(2025, 2, 1), status="active", leave_until=None)
    change(b, Movement.EXPELLED, D(2025, 3, 15), ground="academic_failure", status="expelled")
    change(a, Movement.PROMOTED, D(2025, 9, 1), year_of_study=2)
    return {"p1": p1, "p2": p2, "a": a, "b": b, "c": c, "d": d, "e": e}


def names(pairs):
    return sorted(s.last_name for s, _snap in pairs)


def test_a_student_is_nowhere_before_enrolment(story):
    assert student_state_on(story["c"], D(2024, 8, 31)) is None
    assert student_state_on(story["c"], D(2024, 9, 1))["status"] == StudentStatus.ACTIVE


def test_state_on_a_date_is_the_one_in_force_that_day(story):
    a, b = story["a"], story["b"]
    assert student_state_on(a, D(2024, 1, 31))["status"] == "active"
    on_leave = student_state_on(a, D(2024, 2, 1))
    assert on_leave["status"] == "on_leave" and on_leave["leave_until"] == "2025-02-01"
    assert student_state_on(a, D(2025, 2, 1))["status"] == "active"
    assert student_state_on(a, D(2025, 8, 31))["year_of_study"] == 1
    assert student_state_on(a, D(2025, 9, 1))["year_of_study"] == 2
    assert student_state_on(b, D(2024, 8, 31))["programme_id"] == story["p1"].pk
    assert student_state_on(b, D(2024, 9, 1))["programme_id"] == story["p2"].pk
    assert student_state_on(b, D(2025, 3, 15))["status"] == "expelled"


def test_who_was_studying_on_1_october_2023(story):
    assert names(students_as_of(D(2023, 10, 1), status=StudentStatus.ACTIVE)) == ["Бекқожин", "Ысқақов", "Әлиев"]


def test_the_body_on_a_date_includes_leave_but_not_the_expelled(story):
    on = D(2024, 3, 1)
    assert names(students_as_of(on)) == ["Бекқожин", "Ғабитов", "Әлиев"]
    assert names(students_as_of(on, status=StudentStatus.ACTIVE)) == ["Бекқожин", "Ғабитов"]
    assert names(students_as_of(on, status=StudentStatus.ON_LEAVE)) == ["Әлиев"]
    assert names(students_as_of(on, status=StudentStatus.EXPELLED)) == ["Ысқақов"]
    assert len(students_as_of(on, status=None)) == 4


def test_the_body_is_filtered_on_the_state_of_that_date_not_today(story):
    p1, p2 = story["p1"], story["p2"]
    # B studied on P1 until the transfer of 01.09.2024 and on P2 after it.
    assert "Бекқожин" in names(students_as_of(D(2024, 6, 1), programme=p1))
    assert names(students_as_of(D(2024, 10, 1), programme=p2)) == ["Бекқожин", "Ғабитов", "Қасымов"]
    assert names(students_as_of(D(2024, 10, 1), programme=p2, year_of_study=2)) == ["Бекқожин", "Ғабитов"]
    snapshot = dict(students_as_of(D(2024, 6, 1), programme=p1.pk))
    assert {s.last_name: snap["programme_id"] for s, snap in snapshot.items()}["Бекқожин"] == p1.pk


def test_the_body_is_read_in_one_query_whatever_its_size(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        students_as_of(D(2024, 10, 1))


def test_counts_by_programme_and_year_of_study(story):
    rows = body_counts(D(2024, 10, 1), status=StudentStatus.ACTIVE)
    got = {(r["programme_id"], r["year"]): r["count"] for r in rows}
    assert got == {(story["p1"].pk, 2): 1, (story["p2"].pk, 1): 1, (story["p2"].pk, 2): 2}


@pytest.mark.parametrize(
    "start,end",
    [
        (D(2023, 1, 1), D(2025, 12, 31)),
        (D(2023, 9, 1), D(2023, 12, 1)),
        (D(2023, 9, 2), D(2024, 9, 1)),
        (D(2024, 1, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 15)),
        (D(2024, 9, 1), D(2024, 9, 1)),
    ],
)
def test_opening_plus_in_minus_out_is_closing(story, start, end):
    m = movement_between(start, end)
    assert m["opening"] + m["came_in"] - m["went_out"] == m["closing"]


def test_movement_counts_by_movement_and_expulsion_ground(story):
    m = movement_between(D(2024, 1, 1), D(2024, 12, 31))
    assert m["opening"] == 2  # A and B active on 31.12.2023 (E expelled on 01.12.2023)
    assert m["closing"] == 3  # B, D, E; A on leave, C expelled
    assert m["by_movement"][Movement.TRANSFERRED_IN] == 1
    assert m["by_movement"][Movement.LEAVE] == 1
    assert m["by_movement"][Movement.ENROLLED] == 1
    assert m["by_movement"][Movement.REINSTATED] == 1
    assert m["by_movement"][Movement.TRANSFERRED] == 1
    assert m["by_movement"][Movement.EXPELLED] == 1
    assert m["expelled_by_ground"] == {"transfer": 1}
    assert (m["came_in"], m["went_out"]) == (3, 2)  # D, C, E in; A on leave, C expelled out


def test_whole_story_movement(story):
    m = movement_between(D(2023, 1, 1), D(2025, 12, 31))
    assert m["opening"] == 0
    assert m["closing"] == 3  # A, D, E
    assert m["expelled_by_ground"] == {"own_wish": 1, "transfer": 1, "academic_failure": 1}
    assert m["by_movement"][Movement.PROMOTED] == 1


def test_a_period_ending_before_it_starts_is_refused(db):
    with pytest.raises(ValueError):
        movement_between(D(2024, 2, 1), D(2024, 1, 1))


def test_movement_of_one_faculty_counts_transfers_between_faculties_and_reconciles(db):
    from .factories_students import ProgrammeFactory

    pa, pb = ProgrammeFactory(), ProgrammeFactory()  # each with a faculty of its own
    z = enrol(on=D(2023, 9, 1), programme=pb, intake_year=2023)
    x = enrol(on=D(2024, 9, 1), programme=pa, intake_year=2024)
    y = enrol(on=D(2024, 9, 1), programme=pb, intake_year=2024)
    change(x, Movement.TRANSFERRED, D(2024, 10, 15), programme_id=pb.pk)
    change(y, Movement.EXPELLED, D(2024, 12, 1), ground="own_wish", status="expelled")
    b = movement_between(D(2024, 9, 1), D(2024, 12, 31), faculty_ids=[pb.faculty_id])
    assert (b["opening"], b["came_in"], b["went_out"], b["closing"]) == (1, 2, 1, 2)  # Z; in Y, X; out Y
    assert b["by_movement"][Movement.TRANSFERRED] == 1 and b["expelled_by_ground"] == {"own_wish": 1}
    a = movement_between(D(2024, 9, 1), D(2024, 12, 31), faculty_ids=[pa.faculty_id])
    assert (a["opening"], a["came_in"], a["went_out"], a["closing"]) == (0, 1, 1, 0)  # X in, then out
    whole = movement_between(D(2024, 9, 1), D(2024, 12, 31))
    assert (whole["opening"], whole["came_in"], whole["went_out"], whole["closing"]) == (1, 2, 1, 2)
    assert student_state_on(z, D(2024, 12, 31))["status"] == "active"
