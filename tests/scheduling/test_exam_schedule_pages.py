"""The exam-schedule pages: versions (solve through the task, progress, publish), the schedule by date
with the move dialog, published schedules by group and teacher, "My exams", a student's exams, their
xlsx and PDF exports read back, who may open what, and bounded queries."""

import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from enrollment.models import Student
from scheduling import exam_services
from scheduling.models import ExamScheduleVersion, ScheduledExam

from .factories_exams import exam_session
from .factories_timetable import small_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    """The small term's exams solved and published; its first student is the `student` fixture user and
    teacher A (the stream's and the other exam's lecturer) the `teacher` fixture user."""
    t = small_term()
    t.days = exam_session(t.term, days=12)
    Student.objects.filter(pk=t.students[0].pk).update(user=users["student"])
    t.teacher_a.user = users["teacher"]
    t.teacher_a.save()
    version = exam_services.exam_version_create(actor=users["registrar"], term=t.term, time_limit=2)
    version = exam_services.exam_solve(version, seed=1, iterations=20_000)
    exam_services.exam_publish(actor=users["registrar"], version=version)
    t.version = version
    return t


def draft_of(world):
    version = exam_services.exam_version_create(actor=world.version.created_by, term=world.term, time_limit=2)
    return exam_services.exam_solve(version, seed=2, iterations=20_000)


def test_solve_form_starts_a_version_that_is_computed(client_for, world, django_capture_on_commit_callbacks):
    client = client_for("registrar")
    assert client.get(reverse("exam_versions")).status_code == 200
    data = {"term": world.term.pk, "study_form": "full_time", "time_limit": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exam_versions"), data)
    version = ExamScheduleVersion.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("exam_version", args=[version.pk])
    assert version.solve_status == "done" and version.exams.count() == 2
    page = client.get(reverse("exam_version", args=[version.pk]))
    assert 'id="cost-breakdown"' in page.text and 'id="version-publish"' in page.text
    assert 'id="exam-table"' in page.text and world.stream.discipline.code in page.text
    progress = client.get(reverse("exam_version_progress", args=[version.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "100%" in progress.text


def test_a_term_without_session_is_a_form_error(client_for, world):
    spring = world.term.academic_year.terms.get(kind="spring")
    page = client_for("registrar").post(reverse("exam_versions"), {"term": spring.pk, "study_form": "full_time",
                                                                   "time_limit": "1"})  # fmt: skip
    assert page.status_code == 200 and "no exam session days" in page.text


def test_a_running_version_polls_its_progress(client_for, world):
    version = exam_services.exam_version_create(actor=world.version.created_by, term=world.term, time_limit=2)
    ExamScheduleVersion.objects.filter(pk=version.pk).update(solve_status="running", progress=42, best_cost=1017)
    page = client_for("registrar").get(reverse("exam_version", args=[version.pk]))
    assert 'hx-trigger="every 1s"' in page.text and "42%" in page.text
    assert reverse("exam_version_progress", args=[version.pk]) in page.text
    partial = client_for("registrar").get(reverse("exam_version_progress", args=[version.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in partial


def test_publish_button_publishes_and_archives(client_for, world):
    second = draft_of(world)
    response = client_for("registrar").post(reverse("exam_version_publish", args=[second.pk]))
    assert response.status_code == 302
    assert list(ExamScheduleVersion.objects.filter(term=world.term).values_list("pk", "status").order_by("pk")) == [
        (world.version.pk, "archived"),
        (second.pk, "published"),
    ]


def test_move_dialog_shows_conflicts_and_saves_when_confirmed(client_for, world):
    client = client_for("registrar")
    stream = world.version.exams.get(section=world.stream)
    other = world.version.exams.get(section=world.other)
    url = reverse("exam_move", args=[other.pk])
    assert client.get(url).status_code == 200
    free = world.classroom if stream.rooms.first().room_id == world.hall.pk else world.hall
    target = {"date": stream.date.isoformat(), "starts_at": stream.starts_at.strftime("%H:%M"), "rooms": [free.pk]}
    preview = client.post(url, target, HTTP_HX_REQUEST="true")
    assert "two exams at once" in preview.text and "<html" not in preview.text
    refused = client.post(url, {**target, "save": "1"})
    assert refused.status_code == 200 and "confirm to save it anyway" in refused.text
    other.refresh_from_db()
    assert other.date != stream.date
    saved = client.post(url, {**target, "save": "1", "confirm": "on"})
    assert saved.status_code == 302
    other.refresh_from_db()
    assert other.date == stream.date and other.conflicts
    page = client.get(reverse("exam_version", args=[world.version.pk]))
    assert "table-danger" in page.text


def test_student_sees_their_own_exams_only(client_for, world, users):
    client = client_for("student")
    mine = client.get(reverse("exams_my"))
    assert mine.status_code == 200
    assert world.stream.discipline.code in mine.text and world.other.discipline.code in mine.text
    assert reverse("exams_my") in mine.text  # "My exams" in the menu
    own, other = world.students
    assert client.get(reverse("exams_student", args=[own.pk])).status_code == 200
    assert client.get(reverse("exams_student", args=[other.pk])).status_code == 403
    assert client.get(reverse("exams_student", args=[other.pk]), {"export": "xlsx"}).status_code == 403
    assert client.get(reverse("exams_group")).status_code == 403
    assert client_for("another_student").get(reverse("exams_student", args=[own.pk])).status_code == 403


def test_teacher_sees_their_exams_and_invigilation_but_not_another_teachers(client_for, world):
    page = client_for("teacher").get(reverse("exams_my"))
    assert page.status_code == 200
    assert page.text.count("data-exam=") == 2  # teacher A: lecturer of both streams
    assert client_for("teacher").get(reverse("exams_teacher"), {"teacher": world.teacher_b.pk}).status_code == 403


def test_office_and_dean_pages_by_group_and_teacher_hide_drafts(client_for, world):
    draft = draft_of(world)
    group = world.students[0].group
    office = client_for("registrar").get(reverse("exams_group"), {"group": group.pk, "version": draft.pk})
    assert office.status_code == 200 and 'id="exam-table"' in office.text
    teacher = client_for("registrar").get(reverse("exams_teacher"), {"teacher": world.teacher_b.pk})
    assert teacher.text.count("data-exam=") == 1  # teacher B: the practice group of the stream
    dean = client_for("dean_office").get(reverse("exams_group"), {"group": group.pk, "version": draft.pk})
    assert dean.status_code == 200 and 'id="exam-table"' not in dean.text and f"#{draft.pk}" not in dean.text
    for role in ("student", "teacher", "dean_office", "adviser"):
        client = client_for(role)
        assert client.get(reverse("exam_version", args=[draft.pk])).status_code == 403
        assert client.get(reverse("exam_versions")).status_code == 403
        exam = draft.exams.first()
        assert client.get(reverse("exam_move", args=[exam.pk])).status_code == 403
        assert client.post(reverse("exam_version_publish", args=[draft.pk])).status_code == 403


def test_nothing_published_yet(client_for, users):
    page = client_for("student").get(reverse("exams_my"))
    assert page.status_code == 200 and 'id="no-versions"' in page.text


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[c.value for c in row] for row in ws.iter_rows()]


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True)
    return result.stdout.decode()


def test_xlsx_exports_read_back(client_for, world):
    group = world.students[0].group
    rows = _sheet(client_for("registrar").get(reverse("exams_group"), {"group": group.pk, "export": "xlsx"}))
    assert rows[0] == ["date", "time", "discipline", "groups", "students", "rooms", "invigilators"]
    exams = {e.section_id: e for e in ScheduledExam.objects.filter(version=world.version)}
    stream = exams[world.stream.pk]
    body = {r[2].split()[0]: r for r in rows[1:]}
    row = body[world.stream.discipline.code]
    assert row[0] == f"{stream.date:%d.%m.%Y}" and row[3] == group.name and row[4] == "2"
    assert str(stream.rooms.first().room) in row[5] and row[6]
    mine = _sheet(client_for("student").get(reverse("exams_my"), {"export": "xlsx"}))
    assert len(mine) == 3


def test_pdf_exports_read_back(client_for, world):
    text = _pdf_text(client_for("teacher").get(reverse("exams_my"), {"export": "pdf"}))
    assert world.stream.discipline.code in text and world.other.discipline.code in text
    assert f"#{world.version.pk}" in text
    group = world.students[0].group
    text = _pdf_text(client_for("registrar").get(reverse("exams_group"), {"group": group.pk, "export": "pdf"}))
    assert group.name in text and "Exams by group" in text
    # A dean's office chooses among its faculty's groups only: another faculty's group is no choice.
    dean = client_for("dean_office").get(reverse("exams_group"), {"group": group.pk, "export": "pdf"})
    assert dean["Content-Type"].startswith("text/html") and 'id="exam-table"' not in dean.text


def test_pages_use_a_bounded_number_of_queries(client_for, world, django_assert_max_num_queries):
    office = client_for("registrar")
    group = world.students[0].group
    pages = [
        (office, reverse("exam_versions"), {}, "exam-version-table"),
        (office, reverse("exam_version", args=[world.version.pk]), {}, "exam-table"),
        (office, reverse("exams_group"), {"group": group.pk}, "exam-table"),
        (office, reverse("exams_teacher"), {"teacher": world.teacher_a.pk}, "exam-table"),
        (client_for("student"), reverse("exams_my"), {}, "exam-table"),
        (client_for("teacher"), reverse("exams_my"), {}, "exam-table"),
        (office, reverse("exams_student", args=[world.students[0].pk]), {}, "exam-table"),
    ]
    for client, url, params, marker in pages:
        client.get(url, params)  # warm the session and caches
        # The version page reads the term once for the rules (sections, plans, rooms, groups) too.
        limit = 30 if "versions/" in url else 16
        with django_assert_max_num_queries(limit):
            response = client.get(url, params)
        assert response.status_code == 200
        assert f'id="{marker}"' in response.text, url


def test_a_teacher_who_only_invigilates_sees_that_exam(client_for, world, users):
    from tests.enrollment.factories_students import TeacherFactory

    invigilator = TeacherFactory(department=world.teacher_a.department)
    exam = world.version.exams.get(section=world.other)
    exam.rooms.first().invigilators.set([invigilator])
    page = client_for("registrar").get(reverse("exams_teacher"), {"teacher": invigilator.pk})
    assert page.status_code == 200 and page.text.count("data-exam=") == 1
    assert f'data-exam="{exam.pk}"' in page.text


def test_admin_lists_the_exam_schedule(client_for, world):
    admin = client_for("administrator")
    for model in ("examscheduleversion", "scheduledexam", "examroom"):
        assert admin.get(reverse(f"admin:scheduling_{model}_changelist")).status_code == 200, model
    exam = world.version.exams.first()
    assert admin.get(reverse("admin:scheduling_scheduledexam_change", args=[exam.pk])).status_code == 200


def test_page_queries_do_not_grow_with_the_exams(client_for, users, django_assert_max_num_queries):
    from .factories_timetable import generated_university

    term, groups, _students = generated_university(n_groups=4, per_group=3, disciplines=6)
    exam_session(term, days=14)
    version = exam_services.exam_solve(
        exam_services.exam_version_create(actor=users["registrar"], term=term, time_limit=2), seed=1, iterations=20_000
    )
    assert version.exams.count() == 6
    office = client_for("registrar")
    for url, params, limit in (
        (reverse("exam_version", args=[version.pk]), {}, 30),
        (reverse("exams_group"), {"group": groups[0].pk, "version": version.pk}, 16),
    ):
        office.get(url, params)
        with django_assert_max_num_queries(limit):
            response = office.get(url, params)
        assert response.text.count("data-exam=") == 6
