"""The adviser's registration pages: the advisees' plans of a term (filters, search, export, bulk
approval with each refusal reported), the review page (card, record, plan, approve, return with a
required comment), who may open them, query bounds, and the notices the student gets (in-app and email)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.choices import PlanStatus, StudentStatus
from enrollment.models import Result, Student, StudyPlan
from enrollment.services import registration as reg
from registrar.models import Notice
from tests.enrollment.factories_students import StudentFactory, teacher_for
from tests.factories import DisciplineFactory

from .world import build_world

pytestmark = pytest.mark.django_db

LIST = "/registration/advisees/"


@pytest.fixture
def world(users):
    return build_world(users)


def submitted_plan(world, users, student=None):
    """A complete plan submitted for review (the student's own, or the office's on their behalf)."""
    student = student or world.student
    actor = users["student"] if student == world.student else users["registrar"]
    plan = reg.plan_open(student=student, term=world.term, actor=actor)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=actor)
    return reg.plan_submit(plan=plan, actor=actor)


def rows(response) -> dict[str, str]:
    """{student number: plan status} of the list table."""
    table = response.context["table"]
    return {r.record.student_number: (r.record.plan_status or "none") for r in table.paginated_rows}


# --- the list --------------------------------------------------------------------------------------------


def test_the_list_shows_every_advisee_with_their_plan_status(world, users, client_for):
    assert reverse("advisee_plans") == LIST
    submitted_plan(world, users)
    waiting = world.student_like(last_name="Әбілқасымова")
    stranger = StudentFactory(adviser=teacher_for(users["another_adviser"]))
    response = client_for("adviser").get(LIST)
    assert response.status_code == 200
    assert rows(response) == {world.student.student_number: "submitted", waiting.student_number: "none"}
    html = response.content.decode()
    assert "no plan yet" in html and str(world.term) in html
    assert reverse("plan_review", args=[world.student.plans.get().pk]) in html
    assert stranger.student_number not in html
    # The office sees everyone's.
    assert stranger.student_number in rows(client_for("registrar").get(LIST))


def test_filters_search_and_export(world, users, client_for):
    submitted_plan(world, users)
    waiting = world.student_like(last_name="Әбілқасымова")
    client = client_for("adviser")
    assert rows(client.get(LIST, {"status": "none"})) == {waiting.student_number: "none"}
    assert rows(client.get(LIST, {"status": "submitted"})) == {world.student.student_number: "submitted"}
    assert rows(client.get(LIST, {"q": "әбілқасым"})) == {waiting.student_number: "none"}
    assert rows(client.get(LIST, {"year_of_study": 2})) == {}
    assert rows(client.get(LIST, {"programme": world.programme.pk})).keys() == {
        world.student.student_number,
        waiting.student_number,
    }
    # Another term: no plans there.
    assert set(rows(client.get(LIST, {"term": world.autumn.pk})).values()) == {"none"}
    response = client.get(LIST, {"export": "xlsx", "status": "submitted", "o": "full_name"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-3:] == ["plan status", "credits", "submitted at"]
    assert values[1][0] == world.student.student_number and values[1][-3] == "submitted" and values[1][-2] == 15


def test_the_list_runs_a_bounded_number_of_queries(world, users, client_for, django_assert_max_num_queries):
    submitted_plan(world, users)
    client = client_for("adviser")
    with django_assert_max_num_queries(16) as few:
        client.get(LIST)
    for _i in range(8):
        student = world.student_like()
        plan = reg.plan_open(student=student, term=world.term, actor=users["registrar"])
        reg.plan_item_add(plan=plan, discipline=world.electives[1], actor=users["registrar"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(rows(client.get(LIST))) == 9


def test_teachers_and_students_cannot_open_the_list(world, client_for):
    for role in ("teacher", "student", "dean_office"):
        assert client_for(role).get(LIST).status_code == 403


# --- approving the ticked plans ---------------------------------------------------------------------------


def test_approve_selected_reports_the_approved_count_and_each_refusal(world, users, client_for):
    good = submitted_plan(world, users)
    other = world.student_like(last_name="Серікқызы")
    bad = submitted_plan(world, users, student=other)
    stranger = StudentFactory(
        adviser=teacher_for(users["another_adviser"]), programme=world.programme, curriculum=world.curriculum
    )
    strangers = submitted_plan(world, users, student=stranger)
    # After submitting, the second student went on academic leave: their plan no longer passes.
    Student.objects.filter(pk=other.pk).update(status=StudentStatus.ON_LEAVE)

    response = client_for("adviser").post(
        reverse("plans_bulk_approve"),
        {"plan": [good.pk, bad.pk, strangers.pk], "next": f"{LIST}?status=submitted"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{LIST}?status=submitted"
    texts = [str(m) for m in response.context["messages"]]
    assert "1 plan is approved." in texts
    assert (
        f"{other}: not approved. Only active students register for disciplines; your status is "
        "“on academic leave”. Ask the registrar's office."
    ) in texts
    assert f"{stranger}: not your advisee; the plan is left as it is." in texts
    statuses = dict(StudyPlan.objects.values_list("pk", "status"))
    assert statuses == {good.pk: "approved", bad.pk: "submitted", strangers.pk: "submitted"}


def test_approve_selected_without_a_tick_says_so(world, client_for):
    response = client_for("adviser").post(reverse("plans_bulk_approve"), follow=True)
    assert "Tick the plans to approve." in [str(m) for m in response.context["messages"]]


# --- the review page --------------------------------------------------------------------------------------


def test_the_review_page_shows_the_student_the_record_and_the_plan(world, users, client_for):
    plan = submitted_plan(world, users)
    Result.objects.create(
        student=world.student,
        discipline=DisciplineFactory(code="HIS1", name_en="Қазақстан тарихы"),
        term=world.autumn,
        credits=5,
        score=81,
        letter="B",
        points="3.00",
        passed=True,
        recorded_by=users["registrar"],
    )
    response = client_for("adviser").get(reverse("plan_review", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert world.student.full_name in html and world.student.student_number in html
    assert 'id="academic-record"' in html and "HIS1" in html and "Қазақстан тарихы" in html
    assert ">B<" in html and "3.00" in html and 'class="term-gpa">—<' in html
    assert str(world.autumn) in html
    assert 'id="plan"' in html and "ELC1" in html
    assert 'id="plan-approve"' in html and 'id="plan-return"' in html
    # The adviser does not edit the plan.
    assert "item-add" not in html and "item-remove" not in html


def test_who_may_open_the_review_page(world, users, client_for):
    plan = submitted_plan(world, users)
    url = reverse("plan_review", args=[plan.pk])
    assert client_for("another_adviser").get(url).status_code == 403
    assert client_for("teacher").get(url).status_code == 403
    assert client_for("another_student").get(url).status_code == 403
    office = client_for("registrar").get(url)
    assert office.status_code == 200 and 'id="plan-approve"' in office.content.decode()
    own = client_for("student").get(url).content.decode()
    assert 'id="plan-approve"' not in own and 'id="plan-return"' not in own
    assert client_for("adviser").get(reverse("plan_review", args=[999999])).status_code == 404


def test_another_adviser_cannot_approve_or_return(world, users, client_for):
    plan = submitted_plan(world, users)
    client = client_for("another_adviser")
    assert client.post(reverse("plan_approve", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plan_return", args=[plan.pk]), {"comment": "no"}).status_code == 403
    assert client_for("student").post(reverse("plan_approve", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_the_review_page_runs_a_bounded_number_of_queries(world, users, client_for, django_assert_max_num_queries):
    plan = submitted_plan(world, users)
    client = client_for("adviser")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("plan_review", args=[plan.pk]))
    for i in range(6):
        Result.objects.create(
            student=world.student,
            discipline=DisciplineFactory(code=f"OLD{i}"),
            term=world.autumn,
            credits=5,
            letter="A",
            points="4.00",
            score=96,
            passed=True,
            recorded_by=users["registrar"],
            attempt=1,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("plan_review", args=[plan.pk]))


# --- approve, return, and what the student is told -------------------------------------------------------


def test_approving_notifies_the_student_in_the_app_and_by_email(
    world, users, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    users["student"].email = "student@example.kz"
    users["student"].save()
    plan = submitted_plan(world, users)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("adviser").post(
            reverse("plan_approve", args=[plan.pk]), {"comment": "Жақсы, келісемін"}, follow=True
        )
    assert f"The plan of {world.student} is approved." in [str(m) for m in response.context["messages"]]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.reviewed_by == users["adviser"]
    notice = Notice.objects.get(user=users["student"])
    assert "approved" in notice.subject and notice.url == "/registration/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["student@example.kz"] and "approved" in mailoutbox[0].subject
    assert "Жақсы, келісемін" in mailoutbox[0].body
    html = client_for("student").get("/registration/").content.decode()
    assert 'data-plan-status="approved"' in html and "Жақсы, келісемін" in html


def test_returning_needs_a_comment_shown_on_the_field(world, users, client_for):
    plan = submitted_plan(world, users)
    response = client_for("adviser").post(reverse("plan_return", args=[plan.pk]), {"comment": "  "})
    assert response.status_code == 200
    form = response.context["return_form"]
    assert form.errors["comment"] == ["Say what the student should change: a comment is required."]
    assert "Say what the student should change" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_returning_with_a_comment_shows_it_to_the_student(world, users, client_for):
    plan = submitted_plan(world, users)
    response = client_for("adviser").post(
        reverse("plan_return", args=[plan.pk]), {"comment": "ELC2 орнына ELC1 алыңыз"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plan_review", args=[plan.pk])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.adviser_comment == "ELC2 орнына ELC1 алыңыз"
    html = client_for("student").get("/registration/").content.decode()
    assert 'id="adviser-comment"' in html and "ELC2 орнына ELC1 алыңыз" in html
    assert 'data-plan-status="returned"' in html


def test_approving_a_plan_that_is_not_submitted_is_refused_with_the_reason(world, users, client_for):
    plan = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    response = client_for("adviser").post(reverse("plan_approve", args=[plan.pk]), follow=True)
    assert "Only a submitted plan can be approved; this one is draft." in [str(m) for m in response.context["messages"]]


# --- notices ---------------------------------------------------------------------------------------------


def test_notices_list_badge_and_marking_read(world, users, client_for):
    plan = submitted_plan(world, users)  # the adviser is notified
    client = client_for("adviser")
    dashboard = client.get("/").content.decode()
    assert 'id="notices-unread">1<' in dashboard
    page = client.get(reverse("notices"))
    html = page.content.decode()
    assert page.status_code == 200 and "submitted a study plan" in html and 'data-read="no"' in html
    notice = Notice.objects.get(user=users["adviser"])
    response = client.post(reverse("notices"), {"open": notice.pk})
    assert response.status_code == 302 and response["Location"] == f"/registration/review/{plan.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'id="notices-unread"' not in client.get("/").content.decode()
    reg.plan_return(plan=plan, actor=users["adviser"], comment="Басқасын таңдаңыз")
    student = client_for("student")
    assert 'id="notices-unread">1<' in student.get("/").content.decode()
    response = student.post(reverse("notices"), {"read": "all"}, follow=True)
    assert "All notices are marked as read." in [str(m) for m in response.context["messages"]]
    assert not Notice.objects.filter(user=users["student"], read_at__isnull=True).exists()
    # A user reads only their own notices.
    assert client_for("another_student").post(reverse("notices"), {"open": notice.pk}).status_code == 302
    assert Notice.objects.filter(user=users["another_student"]).count() == 0


def test_the_notices_page_is_for_every_signed_in_user(client_for):
    assert client_for("teacher").get(reverse("notices")).status_code == 200
    response = client_for(None).get(reverse("notices"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_dashboard_panels_count_plans_to_review_and_show_the_students_plan(world, users, client_for):
    plan = submitted_plan(world, users)
    adviser = client_for("adviser").get("/").content.decode()
    assert 'id="plans-submitted">1<' in adviser
    assert f"{LIST}?term={plan.term_id}&amp;status=submitted" in adviser
    assert 'id="plans-submitted">0<' in client_for("another_adviser").get("/").content.decode()
    student = client_for("student").get("/").content.decode()
    assert 'id="panel-plan-status">submitted<' in student
    assert 'id="panel-plans-to-review"' not in student
