"""The exam-schedule services: session days, the problem (splits, links, warnings), solving a small
generated term end to end, moves with their conflicts, publishing (one published per term and form)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from registrar.errors import DomainError
from registrar.models import UniversitySettings
from registrar.roles import Role
from scheduling import exam_services
from scheduling.models import ExamRoom, ExamScheduleVersion, ScheduledExam, VersionStatus
from scheduling.solver.exam import evaluate_exam
from tests.enrollment.factories_students import UserFactory

from .factories_exams import exam_session, holiday
from .factories_timetable import RoomFactory, generated_university, small_term

pytestmark = pytest.mark.django_db

ITERATIONS = 20_000


@pytest.fixture
def registrar():
    return UserFactory(roles=[Role.REGISTRAR])


def solved(term, registrar, seed=1):
    version = exam_services.exam_version_create(actor=registrar, term=term, time_limit=2)
    return exam_services.exam_solve(version, seed=seed, iterations=ITERATIONS)


def test_session_days_skip_sundays_and_holidays():
    t = small_term()
    days = exam_session(t.term, days=14)
    holiday(t.term, days[2])
    got = exam_services.session_days(t.term, "full_time")
    assert days[6] not in got and days[13] not in got  # Sundays
    assert days[2] not in got and len(got) == 14 - 2 - 1
    assert exam_services.session_days(t.term, "distance") == got  # a period for every study form
    assert exam_services.session_days(t.term.academic_year.terms.get(kind="spring"), "full_time") == []


def test_a_term_without_an_exam_session_is_refused(registrar):
    t = small_term()
    with pytest.raises(DomainError) as exc:
        exam_services.exam_version_create(actor=registrar, term=t.term)
    assert exc.value.field == "term" and "exam session" in str(exc.value.message)


def test_only_the_office_creates_a_version():
    t = small_term()
    exam_session(t.term)
    with pytest.raises(PermissionDenied):
        exam_services.exam_version_create(actor=UserFactory(roles=[Role.TEACHER]), term=t.term)


def test_problem_one_exam_per_stream_with_its_groups_and_a_split_when_too_big():
    t = small_term(students=3)
    exam_session(t.term)
    data = exam_services.load_exams(t.term)
    by = data.by_section()
    assert set(by) == {t.stream.pk, t.other.pk}  # the practice group sits with its stream
    assert [s.pk for s in by[t.stream.pk]["sections"]] == [t.stream.pk, t.practice.pk]
    assert by[t.stream.pk]["teachers"] == (t.teacher_a.pk, t.teacher_b.pk)
    t.hall.capacity, t.classroom.capacity = 2, 2
    t.hall.save(), t.classroom.save()
    problem, parts, warnings = exam_services.build_exam_problem(exam_services.load_exams(t.term))
    assert len(parts) == 4 and [len(p.students) for p in parts] == [2, 1, 2, 1]  # 3 students, rooms of 2
    assert {(c.kind) for c in problem.period_constraints} == {"EXAM_COINCIDENCE"}
    assert problem.links == [(0, 2)]  # the academic group over the first part of each exam
    assert warnings == []


def test_warnings_for_a_short_session_and_no_room_big_enough(registrar):
    t = small_term(students=3)
    exam_session(t.term, days=2)
    UniversitySettings.objects.update_or_create(pk=1, defaults={"exam_min_gap_days": 3})
    t.hall.capacity, t.classroom.capacity = 1, 1
    t.hall.save(), t.classroom.save()
    version = solved(t.term, registrar)
    assert version.solve_status == "done"
    codes = {w["code"] for w in version.cost_breakdown["warnings"]}
    assert codes == {"session_too_short", "no_room_big_enough"}
    texts = [exam_services.warning_text(w) for w in version.cost_breakdown["warnings"]]
    assert any("the session is too short" in x for x in texts)
    assert any("seat 2" in x for x in texts)


def test_solve_a_generated_term_end_to_end(registrar):
    term, groups, students = generated_university(n_groups=3, per_group=5, disciplines=4)
    exam_session(term, days=12)
    version = solved(term, registrar)
    assert version.solve_status == "done", version.message
    assert version.hard_violations == 0 and version.cost_breakdown["exams"] == 4
    exams = list(ScheduledExam.objects.filter(version=version).order_by("date"))
    dates = [e.date for e in exams]
    assert len(set(dates)) == 4 and all((b - a).days >= 2 for a, b in zip(dates, dates[1:], strict=False))
    assert all(d.weekday() != 6 for d in dates)
    assert all(e.students == 15 and e.sections.count() == 4 for e in exams)
    for row in ExamRoom.objects.filter(version=version).prefetch_related("invigilators"):
        assert row.invigilators.count() >= 1 and row.seats <= row.room.capacity


def test_the_solver_keeps_groups_apart_and_agrees_with_the_evaluator():
    term, groups, students = generated_university(n_groups=2, per_group=3, disciplines=3)
    exam_session(term, days=7)
    data = exam_services.load_exams(term)
    problem, parts, _warnings = exam_services.build_exam_problem(data)
    from scheduling.solver.exam import solve_exam

    solution = solve_exam(problem, time_limit=2, seed=3, iterations=ITERATIONS)
    ev = evaluate_exam(problem, solution)
    assert ev.n_hard == solution.stats["hard"] == 0 and ev.cost == solution.stats["soft"] == 0


def test_the_solve_is_idempotent(registrar):
    term, *_ = generated_university(n_groups=2, per_group=2, disciplines=2)
    exam_session(term)
    version = solved(term, registrar)
    again = exam_services.exam_solve(version, seed=9, iterations=ITERATIONS)
    assert again.finished_at == version.finished_at


@pytest.fixture
def world(registrar):
    term, groups, students = generated_university(n_groups=2, per_group=4, disciplines=3)
    days = exam_session(term, days=12)
    version = solved(term, registrar)
    return term, days, version


def test_move_lists_conflicts_before_saving_and_saves_only_when_confirmed(registrar, world):
    term, days, version = world
    first, second = ScheduledExam.objects.filter(version=version).order_by("date")[:2]
    rooms = [r.room for r in second.rooms.all()]
    free = RoomFactory(number="X-1", capacity=80, kind="lecture_hall")
    preview = exam_services.exam_move(
        actor=registrar, exam=second, date=first.date, starts_at=datetime.time(14), rooms=[free]
    )
    assert not preview.saved and any("two exams on one day" in c for c in preview.conflicts)
    assert preview.invigilators
    second.refresh_from_db()
    assert second.date != first.date
    with pytest.raises(DomainError) as exc:
        exam_services.exam_move(actor=registrar, exam=second, date=first.date, starts_at=datetime.time(14),
                                rooms=[free], save=True)  # fmt: skip
    assert exc.value.field == "confirm"
    result = exam_services.exam_move(actor=registrar, exam=second, date=first.date, starts_at=datetime.time(14),
                                     rooms=[free], save=True, confirm=True)  # fmt: skip
    assert result.saved
    second.refresh_from_db()
    version.refresh_from_db()
    assert second.date == first.date and second.conflicts and second.moved_by == registrar
    assert list(second.rooms.values_list("room_id", "seats")) == [(free.pk, 8)]
    assert version.hard_violations >= 1 and version.cost_breakdown["group_same_day"] >= 1
    assert rooms  # the old rooms were released
    assert not ExamRoom.objects.filter(exam=second, room__in=rooms).exists()


def test_a_room_taken_at_that_time_is_never_saved(registrar, world):
    term, days, version = world
    first, second = ScheduledExam.objects.filter(version=version).order_by("date")[:2]
    taken = first.rooms.first().room
    with pytest.raises(DomainError) as exc:
        exam_services.exam_move(actor=registrar, exam=second, date=first.date, starts_at=first.starts_at,
                                rooms=[taken], save=True, confirm=True)  # fmt: skip
    assert exc.value.field == "rooms" and "two exams at once" in str(exc.value.message)


def test_a_move_outside_the_session_is_refused(registrar, world):
    term, days, version = world
    exam = ScheduledExam.objects.filter(version=version).first()
    with pytest.raises(DomainError) as exc:
        exam_services.exam_move(actor=registrar, exam=exam, date=days[0] - datetime.timedelta(days=1),
                                starts_at=datetime.time(9), rooms=[exam.rooms.first().room])  # fmt: skip
    assert exc.value.field == "date"
    with pytest.raises(DomainError) as exc:
        exam_services.exam_move(actor=registrar, exam=exam, date=days[0], starts_at=datetime.time(11),
                                rooms=[exam.rooms.first().room])  # fmt: skip
    assert exc.value.field == "starts_at"


def test_publish_archives_the_previous_and_the_database_keeps_one_published(registrar, world):
    term, days, version = world
    exam_services.exam_publish(actor=registrar, version=version)
    second = solved(term, registrar, seed=2)
    exam_services.exam_publish(actor=registrar, version=second)
    statuses = dict(ExamScheduleVersion.objects.filter(term=term).values_list("pk", "status"))
    assert statuses == {version.pk: VersionStatus.ARCHIVED, second.pk: VersionStatus.PUBLISHED}
    with pytest.raises(DomainError):
        exam_services.exam_publish(actor=registrar, version=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExamScheduleVersion.objects.filter(pk=version.pk).update(status=VersionStatus.PUBLISHED)
    archived = ExamScheduleVersion.objects.get(pk=version.pk)
    exam = archived.exams.first()
    with pytest.raises(DomainError):
        exam_services.exam_move(actor=registrar, exam=exam, date=exam.date, starts_at=exam.starts_at,
                                rooms=[exam.rooms.first().room])  # fmt: skip


def test_exam_settings_are_validated():
    from django.core.exceptions import ValidationError

    from registrar.models import parse_exam_start_times, validate_exam_start_times

    assert parse_exam_start_times("14:00, 09:00,14:00") == [datetime.time(9), datetime.time(14)]
    for bad in ("", "9", "25:00", "09:00;14:00"):
        with pytest.raises(ValidationError):
            validate_exam_start_times(bad)


def test_exam_settings_are_changed_through_the_settings_service(users):
    from registrar import services as registrar_services
    from registrar.forms import UniversitySettingsForm, scale_initial, thresholds_initial
    from registrar.selectors import forget_university_settings, university_settings

    registrar_services.settings_ensure_defaults(academic_year=2026)
    current = university_settings()
    values = {name: getattr(current, name) for name in UniversitySettingsForm.Meta.fields}
    assert exam_services.exam_config() == exam_services.ExamConfig([datetime.time(9), datetime.time(14)], 120, 2)
    with pytest.raises(DomainError) as exc:
        registrar_services.settings_update(actor=users["registrar_head"], values=values | {"exam_start_times": "9h"},
                                           scale=scale_initial(), thresholds=thresholds_initial())  # fmt: skip
    assert "HH:MM" in str(exc.value.message)
    new = values | {"exam_start_times": "10:00", "exam_min_gap_days": 3, "exam_duration_minutes": 90}
    registrar_services.settings_update(actor=users["registrar_head"], values=new, scale=scale_initial(),
                                       thresholds=thresholds_initial())  # fmt: skip
    forget_university_settings()  # other processes see a change within the settings cache's seconds
    assert exam_services.exam_config() == exam_services.ExamConfig([datetime.time(10)], 90, 3)
    form = UniversitySettingsForm(data={**{k: v for k, v in new.items() if v is not None}, "exam_start_times": "x"})
    assert "exam_start_times" in form.errors


def test_an_exam_bigger_than_any_room_is_solved_over_several_rooms_at_once(registrar):
    t = small_term(students=5)
    exam_session(t.term)
    t.hall.capacity, t.classroom.capacity = 3, 3
    t.hall.save(), t.classroom.save()
    version = solved(t.term, registrar)
    assert version.solve_status == "done" and version.hard_violations == 0, version.cost_breakdown
    for exam in ScheduledExam.objects.filter(version=version):
        rows = list(exam.rooms.prefetch_related("invigilators"))
        assert len(rows) == 2 and sum(r.seats for r in rows) == exam.students == 5
        assert {r.date for r in rows} == {exam.date} and {r.starts_at for r in rows} == {exam.starts_at}
        people = [t.pk for r in rows for t in r.invigilators.all()]
        assert len(people) == len(set(people)) == 2
    stream = ScheduledExam.objects.get(version=version, section=t.stream)
    assert t.teacher_a.pk in {p.pk for r in stream.rooms.all() for p in r.invigilators.all()}  # its own teacher


def test_a_session_removed_before_the_solve_fails_the_version_with_a_message(registrar):
    from academics.models import CalendarPeriod

    t = small_term()
    exam_session(t.term)
    version = exam_services.exam_version_create(actor=registrar, term=t.term, time_limit=1)
    CalendarPeriod.objects.filter(kind="exam_session").delete()
    version = exam_services.exam_solve(version, iterations=ITERATIONS)
    assert version.solve_status == "failed" and "no exam session days" in version.message


def test_a_year_wide_session_counts_only_for_the_term_it_falls_in():
    from academics.models import CalendarPeriod

    t = small_term()
    spring = t.term.academic_year.terms.get(kind="spring")
    start = spring.ends_on - datetime.timedelta(days=3)
    CalendarPeriod.objects.create(
        academic_year=t.term.academic_year, kind="exam_session", starts_on=start, ends_on=spring.ends_on
    )
    assert exam_services.session_days(t.term, "full_time") == []
    assert len(exam_services.session_days(spring, "full_time")) >= 3
