"""The timetable services: from sections to the solver's problem, solving a version, conflicts of
manual moves, publishing. Small hand-made instances; the solver runs on a move budget (reproducible)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from academics.models import Term
from registrar.errors import DomainError
from registrar.roles import Role
from scheduling import services
from scheduling.models import ScheduledLesson, SolveStatus, TeacherUnavailability, TimetableVersion, VersionStatus
from scheduling.solver.evaluate import evaluate
from tests.enrollment.factories_students import UserFactory

from .factories_timetable import RoomFactory, generated_university, small_term

pytestmark = pytest.mark.django_db

ITERATIONS = 20_000


@pytest.fixture
def registrar():
    return UserFactory(roles=[Role.REGISTRAR])


def solved(term, registrar, **kw):
    version = services.timetable_version_create(actor=registrar, term=term, time_limit=2)
    return services.timetable_solve(version, seed=kw.get("seed", 1), iterations=kw.get("iterations", ITERATIONS))


# --- pure rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "weeks", "lessons"), [(0, 15, 0), (1, 15, 1), (15, 15, 1), (16, 15, 2), (30, 15, 2), (45, 15, 3)]
)
def test_weekly_lessons_round_up(hours, weeks, lessons):
    assert services.weekly_lessons(hours, weeks) == lessons


def test_term_weeks_are_fifteen_or_fewer_for_a_short_term():
    autumn = Term(starts_on=datetime.date(2031, 9, 1), ends_on=datetime.date(2032, 1, 10))
    summer = Term(starts_on=datetime.date(2032, 6, 15), ends_on=datetime.date(2032, 7, 31))
    assert services.term_weeks(autumn) == 15
    assert services.term_weeks(summer) == 7


# --- the problem ------------------------------------------------------------------------------------------------


def test_problem_of_a_small_term():
    t = small_term()
    problem, warnings = services.build_problem(services.load_term(t.term))
    assert warnings == []
    assert (problem.days, problem.periods_per_day) == (2, 3)
    by_id = {c.id: c for c in problem.courses}
    stream, practice, other = (by_id[f"s{s.pk}"] for s in (t.stream, t.practice, t.other))
    assert (stream.lectures, practice.lectures, other.lectures) == (2, 1, 1)
    assert stream.teachers == other.teachers != practice.teachers  # teacher A teaches two sections
    hall, classroom = problem.room(f"r{t.hall.pk}"), problem.room(f"r{t.classroom.pk}")
    assert stream.may_use(hall) and not stream.may_use(classroom)  # 50 students: only the hall
    assert practice.may_use(classroom) and not practice.may_use(hall)  # a practice group: not a lecture hall
    # The students' set of sections is one curriculum: no two of their lessons at one time.
    assert any(set(q.courses) == {stream.id, practice.id, other.id} for q in problem.curricula)


def test_stream_and_its_practice_group_share_students_before_registration():
    t = small_term(students=0)
    problem, _ = services.build_problem(services.load_term(t.term))
    assert {f"s{t.stream.pk}", f"s{t.practice.pk}"} in [set(q.courses) for q in problem.curricula]


def test_teacher_unavailability_is_hard_and_undesired_time_is_a_penalty():
    t = small_term()
    TeacherUnavailability.objects.create(teacher=t.teacher_a, day=1, period=1, kind="unavailable")
    TeacherUnavailability.objects.create(teacher=t.teacher_a, day=2, period=3, kind="undesired")
    problem, _ = services.build_problem(services.load_term(t.term))
    stream = problem.course(f"s{t.stream.pk}")
    assert stream.unavailable == frozenset({(0, 0)})
    assert stream.period_penalties == {(1, 2): services.UNDESIRED_PENALTY}


def test_no_room_big_enough_is_a_warning_not_a_failure():
    t = small_term()
    t.hall.capacity = 45
    t.hall.save()
    problem, warnings = services.build_problem(services.load_term(t.term))
    assert warnings == [{"code": "no_room_big_enough", "section": t.stream.code, "size": 50}]
    assert problem.course(f"s{t.stream.pk}").may_use(problem.room(f"r{t.hall.pk}"))


def test_lessons_that_cannot_fit_are_refused():
    t = small_term()
    t.classroom.delete()
    t.hall.delete()
    RoomFactory(number="X", capacity=100, kind="lecture_hall")
    t.practice.discipline.hours_practice = 90  # 6 a week + 3 lectures: 9 lessons in 6 times x 1 room
    t.practice.discipline.save()
    with pytest.raises(DomainError, match="do not fit"):
        services.build_problem(services.load_term(t.term))


# --- solving ----------------------------------------------------------------------------------------------------


def test_small_term_is_solved_without_hard_violations(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    assert version.solve_status == SolveStatus.DONE, version.message
    assert version.progress == 100
    assert version.hard_violations == 0
    lessons = list(version.lessons.select_related("room"))
    assert len(lessons) == 4
    times = [(x.day, x.period) for x in lessons]
    assert len(set(times)) == 4  # the students' four lessons never overlap
    assert {x.room for x in lessons if x.section_id in (t.stream.pk, t.other.pk)} == {t.hall}
    assert set(version.cost_breakdown) >= set(services.COST_LABELS)
    assert version.soft_cost == sum(version.cost_breakdown[k] for k in services.COST_LABELS)


def test_solving_again_changes_nothing(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    before = list(version.lessons.values_list("pk", "day", "period", "room_id"))
    services.timetable_solve(version, seed=5, iterations=ITERATIONS)
    assert list(version.lessons.values_list("pk", "day", "period", "room_id")) == before


def test_a_term_without_sections_fails_with_a_message(registrar):
    t = small_term()
    other_term = t.term.academic_year.terms.get(kind="spring")
    version = solved(other_term, registrar)
    assert version.solve_status == SolveStatus.FAILED
    assert "no sections" in version.message


def test_only_the_office_starts_a_solve():
    t = small_term()
    with pytest.raises(PermissionDenied):
        services.timetable_version_create(actor=UserFactory(roles=[Role.TEACHER]), term=t.term)


def test_a_second_solve_of_the_same_term_waits(registrar):
    t = small_term()
    services.timetable_version_create(actor=registrar, term=t.term, time_limit=2)
    with pytest.raises(DomainError, match="being computed"):
        services.timetable_version_create(actor=registrar, term=t.term, time_limit=2)


def test_progress_is_written_to_the_version(registrar, monkeypatch):
    t = small_term()
    version = services.timetable_version_create(actor=registrar, term=t.term, time_limit=2)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 0.0)
    seen = []
    original = services._Progress.__call__

    def spy(self, fraction, best):
        original(self, fraction, best)
        seen.append(TimetableVersion.objects.get(pk=self.version_id).progress)

    monkeypatch.setattr(services._Progress, "__call__", spy)
    services.timetable_solve(version, seed=1, iterations=400_000)
    assert seen and all(0 <= p <= 99 for p in seen)


def test_generated_university_end_to_end(registrar):
    term, groups, students = generated_university()
    version = solved(term, registrar, iterations=200_000)
    assert version.solve_status == SolveStatus.DONE, version.message
    assert version.hard_violations == 0
    # 4 disciplines x (2 lectures + 3 practice groups x 1) lessons.
    assert version.lessons.count() == 20
    data = services.load_term(term)
    problem, _ = services.build_problem(data)
    ev = evaluate(problem, services._solution_of(data, version.lessons.all()))
    assert ev.hard == [] and ev.cost == version.soft_cost
    assert services.ConflictChecker(version).all() == []


# --- manual moves -----------------------------------------------------------------------------------------------


def _lesson(version, section):
    return version.lessons.filter(section=section).order_by("index").first()


def test_move_reports_teacher_double_booking(registrar):
    t = small_term(students=0)  # no students: only the teacher is shared between the two lectures
    version = solved(t.term, registrar)
    stream_lesson, other = _lesson(version, t.stream), _lesson(version, t.other)
    free_room = t.classroom if other.room_id == t.hall.pk else t.hall
    result = services.lesson_move(
        actor=registrar, lesson=other, day=stream_lesson.day, period=stream_lesson.period, room=free_room
    )
    codes = {c.code for c in result.conflicts}
    assert "teacher" in codes
    assert not result.saved
    assert ScheduledLesson.objects.get(pk=other.pk).day == other.day  # a preview changes nothing


def test_move_reports_room_too_small_and_wrong_kind(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    lesson = _lesson(version, t.stream)
    result = services.lesson_move(
        actor=registrar, lesson=lesson, day=lesson.day, period=lesson.period, room=t.classroom
    )
    codes = {c.code for c in result.conflicts}
    assert {"capacity"} <= codes
    message = next(c.message for c in result.conflicts if c.code == "capacity")
    assert "30 seats" in message and "50 students" in message
    small_hall = RoomFactory(number="Z", capacity=100, kind="gym")
    result = services.lesson_move(actor=registrar, lesson=lesson, day=lesson.day, period=lesson.period, room=small_hall)
    assert [c.code for c in result.conflicts] == ["room_kind"]


def test_move_reports_unavailable_and_undesired_times(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    lesson = _lesson(version, t.practice)
    taken = set(version.lessons.values_list("day", "period"))
    free = sorted({(d, p) for d in (1, 2) for p in (1, 2, 3)} - taken)
    (d1, p1), (d2, p2) = free[0], free[1]
    TeacherUnavailability.objects.create(teacher=t.teacher_b, day=d1, period=p1, kind="unavailable")
    TeacherUnavailability.objects.create(teacher=t.teacher_b, day=d2, period=p2, kind="undesired")
    hard = services.lesson_move(actor=registrar, lesson=lesson, day=d1, period=p1, room=t.classroom)
    assert [c.code for c in hard.conflicts] == ["teacher_unavailable"]
    soft = services.lesson_move(actor=registrar, lesson=lesson, day=d2, period=p2, room=t.classroom)
    assert [(c.code, c.soft) for c in soft.conflicts] == [("teacher_undesired", True)]
    # A soft conflict needs no confirmation.
    saved = services.lesson_move(actor=registrar, lesson=lesson, day=d2, period=p2, room=t.classroom, save=True)
    assert saved.saved


def test_move_reports_students_double_booking_and_needs_confirmation(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    practice, stream = _lesson(version, t.practice), _lesson(version, t.stream)
    result = services.lesson_move(
        actor=registrar, lesson=practice, day=stream.day, period=stream.period, room=t.classroom
    )
    students = [c for c in result.conflicts if c.code == "students"]
    assert students and "2 student(s)" in students[0].message
    with pytest.raises(DomainError, match="confirm"):
        services.lesson_move(
            actor=registrar, lesson=practice, day=stream.day, period=stream.period, room=t.classroom, save=True
        )
    moved = services.lesson_move(
        actor=registrar,
        lesson=practice,
        day=stream.day,
        period=stream.period,
        room=t.classroom,
        save=True,
        confirm=True,
    )
    assert moved.saved
    practice.refresh_from_db()
    assert (practice.day, practice.period) == (stream.day, stream.period)
    assert practice.moved_by == registrar and practice.conflicts[0]["code"] == "students"
    version.refresh_from_db()
    assert version.hard_violations >= 1  # re-scored
    assert services.ConflictChecker(version).all()


def test_a_taken_room_is_never_saved(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    stream, other = _lesson(version, t.stream), _lesson(version, t.other)
    result = services.lesson_move(actor=registrar, lesson=other, day=stream.day, period=stream.period, room=t.hall)
    assert any(c.blocking for c in result.conflicts)
    with pytest.raises(DomainError, match="taken"):
        services.lesson_move(
            actor=registrar, lesson=other, day=stream.day, period=stream.period, room=t.hall, save=True, confirm=True
        )


def test_move_outside_the_grid_is_refused(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    with pytest.raises(DomainError, match="time grid"):
        services.lesson_move(actor=registrar, lesson=_lesson(version, t.stream), day=6, period=1, room=t.hall)


def test_only_the_office_moves_lessons(registrar):
    t = small_term()
    version = solved(t.term, registrar)
    with pytest.raises(PermissionDenied):
        services.lesson_move(
            actor=t.teacher_a.user, lesson=_lesson(version, t.stream), day=1, period=1, room=t.hall, save=True
        )


# --- publishing -------------------------------------------------------------------------------------------------


def test_publish_keeps_one_published_version_per_term(registrar):
    t = small_term()
    first = solved(t.term, registrar)
    services.timetable_publish(actor=registrar, version=first)
    second = solved(t.term, registrar, seed=2)
    services.timetable_publish(actor=registrar, version=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (VersionStatus.ARCHIVED, VersionStatus.PUBLISHED)
    assert TimetableVersion.objects.filter(term=t.term, status="published").count() == 1
    with pytest.raises(DomainError, match="draft"):
        services.timetable_publish(actor=registrar, version=first)


def test_the_database_refuses_two_published_versions(registrar):
    t = small_term()
    first, second = solved(t.term, registrar), solved(t.term, registrar, seed=3)
    TimetableVersion.objects.filter(pk=first.pk).update(status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        TimetableVersion.objects.filter(pk=second.pk).update(status="published")


def test_an_uncomputed_version_is_not_published(registrar):
    t = small_term()
    version = services.timetable_version_create(actor=registrar, term=t.term, time_limit=2)
    with pytest.raises(DomainError, match="not been computed"):
        services.timetable_publish(actor=registrar, version=version)


def test_a_teacher_with_more_lessons_than_times_is_warned_about():
    t = small_term()
    for day, period in ((1, 1), (1, 2), (1, 3), (2, 1)):
        TeacherUnavailability.objects.create(teacher=t.teacher_a, day=day, period=period)
    _problem, warnings = services.build_problem(services.load_term(t.term))
    assert warnings == [{"code": "teacher_overloaded", "teacher": str(t.teacher_a), "lessons": 3, "times": 2}]
    assert "3 weekly lessons but only 2" in services.warning_text(warnings[0])
