"""The timetable pages: rooms, grid, unavailability, versions (solve, progress, publish), week grids,
personal timetables, the move form; who may open what; bounded queries on the grid pages."""

import datetime

import pytest
from django.urls import reverse

from enrollment.models import Student
from scheduling import services
from scheduling.models import ClassPeriod, Room, ScheduledLesson, TeacherUnavailability, TimetableVersion

from .factories_timetable import small_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    """The small term solved and published; its first student is the `student` fixture user and teacher A
    the `teacher` fixture user."""
    t = small_term()
    Student.objects.filter(pk=t.students[0].pk).update(user=users["student"])
    t.teacher_a.user = users["teacher"]
    t.teacher_a.save()
    version = services.timetable_version_create(actor=users["registrar"], term=t.term, time_limit=2)
    version = services.timetable_solve(version, seed=1, iterations=20_000)
    services.timetable_publish(actor=users["registrar"], version=version)
    t.version = version
    return t


# --- reference data ---------------------------------------------------------------------------------------------


def test_rooms_list_filters_and_exports(client_for, world):
    client = client_for("registrar")
    page = client.get(reverse("room_list"), {"kind": "lecture_hall"})
    assert page.status_code == 200
    assert "A-1" in page.text and "A-2" not in page.text
    export = client.get(reverse("room_list"), {"export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_room_form_creates_and_refuses_a_duplicate(client_for, world):
    client = client_for("registrar")
    data = {"building": "Бас ғимарат", "number": "B-7", "capacity": 24, "kind": "computer_lab",
            "features": "projector, 24 computers", "is_active": "on"}  # fmt: skip
    assert client.post(reverse("room_create"), data).status_code == 302
    room = Room.objects.get(number="B-7")
    assert room.features == ["projector", "24 computers"]
    again = client.post(reverse("room_create"), data)
    assert again.status_code == 200 and "already exists" in again.text


def test_time_grid_page_sets_a_period_on_several_days(client_for, world):
    client = client_for("registrar")
    data = {"study_form": "distance", "days": ["1", "3"], "number": "1", "starts_at": "18:00", "ends_at": "19:20"}
    assert client.post(reverse("time_grid"), data).status_code == 302
    rows = ClassPeriod.objects.filter(study_form="distance")
    assert sorted(rows.values_list("day", flat=True)) == [1, 3]
    assert rows[0].starts_at == datetime.time(18, 0)
    page = client.get(reverse("time_grid"))
    assert "18:00–19:20" in page.text


def test_unavailability_page_adds_a_time(client_for, world):
    client = client_for("registrar")
    data = {"teacher": world.teacher_b.pk, "day": "3", "period": "2", "kind": "undesired", "note": "кафедра"}
    assert client.post(reverse("unavailability_list"), data).status_code == 302
    assert TeacherUnavailability.objects.get(teacher=world.teacher_b).kind == "undesired"
    assert client.get(reverse("unavailability_list"), {"export": "xlsx"}).status_code == 200


# --- versions ---------------------------------------------------------------------------------------------------


def test_solve_form_starts_a_version_that_is_computed(client_for, world, django_capture_on_commit_callbacks):
    client = client_for("registrar")
    data = {"term": world.term.pk, "study_form": "full_time", "time_limit": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("timetable_versions"), data)
    version = TimetableVersion.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("timetable_version", args=[version.pk])
    assert version.solve_status == "done" and version.lessons.count() == 4
    page = client.get(reverse("timetable_version", args=[version.pk]))
    assert 'id="cost-breakdown"' in page.text and 'id="version-publish"' in page.text
    progress = client.get(reverse("timetable_version_progress", args=[version.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "100%" in progress.text


def test_a_running_version_polls_its_progress(client_for, world):
    version = services.timetable_version_create(actor=world.version.created_by, term=world.term, time_limit=2)
    TimetableVersion.objects.filter(pk=version.pk).update(solve_status="running", progress=42, best_cost=1017)
    page = client_for("registrar").get(reverse("timetable_version", args=[version.pk]))
    assert 'hx-trigger="every 1s"' in page.text and "42%" in page.text and "1017" in page.text
    partial = client_for("registrar").get(
        reverse("timetable_version_progress", args=[version.pk]), HTTP_HX_REQUEST="true"
    )
    assert "HX-Refresh" not in partial


def test_publish_button_publishes_and_archives(client_for, world):
    second = services.timetable_solve(
        services.timetable_version_create(actor=world.version.created_by, term=world.term, time_limit=2),
        seed=2,
        iterations=20_000,
    )
    response = client_for("registrar").post(reverse("timetable_version_publish", args=[second.pk]))
    assert response.status_code == 302
    assert list(TimetableVersion.objects.filter(term=world.term).values_list("pk", "status").order_by("pk")) == [
        (world.version.pk, "archived"),
        (second.pk, "published"),
    ]


# --- moving a lesson --------------------------------------------------------------------------------------------


def test_move_form_shows_conflicts_before_saving(client_for, world):
    client = client_for("registrar")
    practice = world.version.lessons.get(section=world.practice)
    stream = world.version.lessons.filter(section=world.stream).first()
    url = reverse("lesson_move", args=[practice.pk])
    assert client.get(url).status_code == 200
    target = {"day": stream.day, "period": stream.period, "room": world.classroom.pk}
    preview = client.post(url, target, HTTP_HX_REQUEST="true")
    assert 'data-code="students"' in preview.text and "<html" not in preview.text
    refused = client.post(url, {**target, "save": "1"})
    assert refused.status_code == 200 and "confirm to save" in refused.text
    assert ScheduledLesson.objects.get(pk=practice.pk).day == practice.day
    saved = client.post(url, {**target, "save": "1", "confirm": "on"})
    assert saved.status_code == 302
    practice.refresh_from_db()
    assert (practice.day, practice.period) == (stream.day, stream.period)
    page = client.get(reverse("timetable_version", args=[world.version.pk]))
    assert 'id="version-conflicts"' in page.text


# --- who sees what ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "student", "dean_office", "adviser"])
def test_only_the_office_edits(client_for, world, role):
    client = client_for(role)
    lesson = world.version.lessons.first()
    for url in (
        reverse("timetable_versions"),
        reverse("room_list"),
        reverse("time_grid"),
        reverse("lesson_move", args=[lesson.pk]),
        reverse("timetable_version", args=[world.version.pk]),
    ):
        assert client.get(url).status_code == 403, (role, url)
    assert client.post(reverse("timetable_version_publish", args=[world.version.pk])).status_code == 403


def test_student_sees_their_own_timetable_only(client_for, world, users):
    client = client_for("student")
    mine = client.get(reverse("timetable_my"))
    assert mine.status_code == 200
    assert world.stream.discipline.code in mine.text and world.other.discipline.code in mine.text
    own = world.students[0]
    assert client.get(reverse("timetable_student", args=[own.pk])).status_code == 200
    assert client.get(reverse("timetable_student", args=[world.students[1].pk])).status_code == 403
    assert client.get(reverse("timetable_group")).status_code == 403
    assert client_for("another_student").get(reverse("timetable_student", args=[own.pk])).status_code == 403


def test_teacher_sees_their_own_lessons(client_for, world):
    page = client_for("teacher").get(reverse("timetable_my"))
    assert page.status_code == 200
    assert world.stream.discipline.code in page.text  # teacher A: the stream and the other lecture
    assert page.text.count('class="border rounded p-1 mb-1 lesson') == 3


def test_drafts_are_hidden_from_students_and_deans(client_for, world):
    draft = services.timetable_solve(
        services.timetable_version_create(actor=world.version.created_by, term=world.term, time_limit=2),
        seed=3,
        iterations=20_000,
    )
    group = world.students[0].group
    dean = client_for("dean_office").get(reverse("timetable_group"), {"group": group.pk})
    assert dean.status_code == 200 and f"#{draft.pk}" not in dean.text and f"#{world.version.pk}" in dean.text
    asked = client_for("dean_office").get(reverse("timetable_group"), {"group": group.pk, "version": draft.pk})
    assert 'id="timetable-week"' not in asked.text
    office = client_for("registrar").get(reverse("timetable_group"), {"group": group.pk, "version": draft.pk})
    assert 'id="timetable-week"' in office.text


def test_nothing_published_yet(client_for, users):
    page = client_for("student").get(reverse("timetable_my"))
    assert page.status_code == 200 and 'id="no-versions"' in page.text


# --- queries ----------------------------------------------------------------------------------------------------


def test_grid_pages_use_a_bounded_number_of_queries(client_for, world, django_assert_max_num_queries):
    office = client_for("registrar")
    group = world.students[0].group
    pages = [
        (office, reverse("timetable_group"), {"group": group.pk}),
        (office, reverse("timetable_teacher"), {"teacher": world.teacher_a.pk}),
        (office, reverse("timetable_room"), {"room": world.hall.pk}),
        (client_for("student"), reverse("timetable_my"), {}),
        (office, reverse("timetable_student", args=[world.students[0].pk]), {}),
    ]
    for client, url, params in pages:
        client.get(url, params)  # warm the session and caches
        with django_assert_max_num_queries(14):
            response = client.get(url, params)
        assert response.status_code == 200
        assert 'id="timetable-week"' in response.text, url
