"""The student's "My study plan" page and the POSTs that change a plan: the page for the open window,
refusals with their messages (window closed, block full, section full, credit maximum), the JSON
contract of the registration-day client (200 / 409), htmx fragments, plain POST + 303, who may
post to which plan, and query counts that do not grow with the plan."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from enrollment.choices import PlanItemKind, PlanStatus, StudentStatus
from enrollment.models import PlanItem, Section, StudyPlan
from enrollment.services import registration as reg
from registrar.selectors import forget_university_settings, university_settings
from tests.enrollment.factories_students import TeacherFactory
from tests.factories import DisciplineFactory

from .world import build_world

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
HTMX = {"HTTP_HX_REQUEST": "true"}
MY_PLAN = "/registration/"


@pytest.fixture
def world(users):
    return build_world(users)


def open_plan(world, users):
    return reg.plan_open(student=world.student, term=world.term, actor=users["student"])


def add_url(plan):
    return reverse("plan_item_add", args=[plan.pk])


def post_json(client, url, data=None):
    response = client.post(url, data or {}, **JSON)
    return response, json.loads(response.content)


def set_credit_limits(minimum, maximum):
    s = university_settings()
    s.registration_min_credits, s.registration_max_credits = minimum, maximum
    s.save()
    forget_university_settings()


# --- the page ------------------------------------------------------------------------------------------


def test_the_page_opens_the_plan_of_the_open_window_with_the_compulsory_disciplines(world, users, client_for):
    assert reverse("my_plan") == MY_PLAN
    response = client_for("student").get(MY_PLAN)
    assert response.status_code == 200
    plan = StudyPlan.objects.get(student=world.student)
    assert plan.term == world.term and plan.status == PlanStatus.DRAFT
    html = response.content.decode()
    assert 'id="plan"' in html and str(world.term) in html
    for code in ("CMP1", "CMP2", "ELC1", "ELC2", "ELC3"):
        assert code in html
    assert 'data-group="compulsory"' in html and 'data-group="block-E2"' in html
    assert 'id="plan-total">10<' in html
    assert "minimum 15, maximum 39" in html
    # The checks say what to do; submitting waits for them.
    assert "Choose 1 more discipline in block E2." in html
    assert "Add 5 more." in html
    assert 'id="plan-submit" disabled' in html
    # A second visit finds the same plan.
    client_for("student").get(MY_PLAN)
    assert StudyPlan.objects.filter(student=world.student).count() == 1


def test_with_the_window_closed_the_page_names_the_next_opening_date(users, client_for):
    world = build_world(users, window_open=False)
    response = client_for("student").get(MY_PLAN)
    html = response.content.decode()
    assert response.status_code == 200
    assert not StudyPlan.objects.exists()
    opens = world.window.starts_on.strftime("%d.%m.%Y")
    closes = world.window.ends_on.strftime("%d.%m.%Y")
    assert "No registration window is open for you now." in html
    assert f"opens on {opens} and closes on {closes}" in html


def test_a_change_with_the_window_closed_is_refused_naming_the_opening_date(users, client_for):
    world = build_world(users, window_open=False)
    plan = open_plan(world, users)
    opens = world.window.starts_on.strftime("%d.%m.%Y")
    response, body = post_json(client_for("student"), add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 409
    assert body["ok"] is False and f"window is closed; it opens on {opens}" in body["errors"][0]
    # The plan page shows it read-only with the same reason.
    html = client_for("student").get(f"{MY_PLAN}?term={world.term.pk}").content.decode()
    assert f"it opens on {opens}" in html and 'id="plan-readonly"' in html
    assert "item-add" not in html


def test_the_plans_so_far_are_listed_and_another_term_is_shown_read_only(world, users, client_for):
    open_plan(world, users)
    response = client_for("student").get(f"{MY_PLAN}?term={world.autumn.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have no study plan for this term" in html
    assert f'data-term="{world.term.pk}"' in html
    assert not StudyPlan.objects.filter(term=world.autumn).exists()
    assert client_for("student").get(f"{MY_PLAN}?term=999999").status_code == 404
    assert client_for("student").get(f"{MY_PLAN}?term=x").status_code == 404


def test_a_student_not_active_gets_no_new_plan(world, users, client_for):
    world.student.status = StudentStatus.ON_LEAVE
    world.student.save()
    html = client_for("student").get(MY_PLAN).content.decode()
    assert "Only active students register for disciplines" in html
    assert not StudyPlan.objects.exists()


def test_sections_show_teacher_language_and_seats(world, users, client_for):
    teacher = TeacherFactory(user__last_name="Жұмабаева", user__first_name="Гүлнар")
    first = world.section(world.electives[0], capacity=25, teacher=teacher)
    world.section(world.electives[0], capacity=20)
    Section.objects.filter(pk=first.pk).update(seats_taken=5)
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    html = client_for("student").get(MY_PLAN).content.decode()
    assert "Жұмабаева Гүлнар" in html
    assert "20 of 25 seats free" in html and "20 of 20 seats free" in html
    assert f'action="{reverse("plan_item_section", args=[plan.items.get(discipline=world.electives[0]).pk])}"' in html
    assert "choose a section" in html


# --- adding, choosing a section, removing ----------------------------------------------------------------


def test_adding_an_elective_with_a_plain_post_redirects_303_with_a_message(world, users, client_for):
    plan = open_plan(world, users)
    client = client_for("student")
    response = client.post(add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 303
    assert response["Location"] == f"{MY_PLAN}?term={world.term.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "ELC1 is added to the plan." in page
    assert plan.items.filter(discipline=world.electives[0], kind=PlanItemKind.ELECTIVE).exists()


def test_the_json_contract_answers_200_and_409(world, users, client_for):
    plan = open_plan(world, users)
    client = client_for("student")
    response, body = post_json(client, add_url(plan), {"discipline": world.electives[0].pk})
    item = plan.items.get(discipline=world.electives[0])
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert body == {"ok": True, "item": item.pk, "status": "draft"}
    response, body = post_json(client, add_url(plan), {"discipline": world.electives[1].pk})
    assert response.status_code == 409
    assert body == {
        "ok": False,
        "errors": ["Block E2 allows 1 discipline and you have chosen it; drop it to choose another."],
    }
    response, body = post_json(client, reverse("plan_item_remove", args=[item.pk]))
    assert (response.status_code, body) == (200, {"ok": True, "item": None, "status": "draft"})
    response, body = post_json(client, add_url(plan), {"discipline": "nonsense"})
    assert response.status_code == 400 and body["ok"] is False and body["errors"]


def test_htmx_answers_with_the_plan_fragment_and_shows_a_refusal_inline(world, users, client_for):
    plan = open_plan(world, users)
    client = client_for("student")
    response = client.post(add_url(plan), {"discipline": world.electives[0].pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="plan"') and "<html" not in html
    assert "ELC1 is added to the plan." in html
    response = client.post(add_url(plan), {"discipline": world.electives[1].pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert-danger' in html and "Block E2 allows 1 discipline" in html
    assert plan.items.count() == 3


def test_a_full_block_disables_the_other_add_buttons_with_the_reason(world, users, client_for):
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    html = client_for("student").get(MY_PLAN).content.decode()
    assert html.count("item-add") == 2  # ELC2 and ELC3; ELC1 is in the plan
    assert html.count('class="btn btn-sm btn-primary item-add" disabled') == 2
    assert "Block E2 allows 1 discipline and you have chosen it; drop it to choose another." in html


def test_the_credit_maximum_is_refused_and_shown_on_the_add_buttons(world, users, client_for):
    set_credit_limits(5, 12)
    plan = open_plan(world, users)
    response, body = post_json(client_for("student"), add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 409
    assert body["errors"] == [
        "This would make 15 credits, above the maximum of 12 for the term; your plan has 10 now. "
        "Drop a discipline first."
    ]
    html = client_for("student").get(MY_PLAN).content.decode()
    assert "above the maximum of 12" in html and "maximum 12" in html


def test_a_full_section_offers_the_sections_with_seats(world, users, client_for):
    full = world.section(world.electives[0], capacity=1)
    other = world.section(world.electives[0], capacity=5)
    Section.objects.filter(pk=full.pk).update(seats_taken=1)
    plan = open_plan(world, users)
    item = reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    url = reverse("plan_item_section", args=[item.pk])
    client = client_for("student")
    response, body = post_json(client, url, {"section": full.pk})
    assert response.status_code == 409
    assert body["errors"] == [f"Section {full.code} is full. Sections with free seats: {other.code} (5 seats left)."]
    response = client.post(url, {"section": full.pk})
    assert response.status_code == 303
    page = client.get(response["Location"]).content.decode()
    assert f"Sections with free seats: {other.code} (5 seats left)." in page
    response, body = post_json(client, url, {"section": other.pk})
    assert (response.status_code, body) == (200, {"ok": True, "item": item.pk, "status": "draft"})
    other.refresh_from_db()
    item.refresh_from_db()
    assert other.seats_taken == 1 and item.section == other


def test_an_elective_with_every_section_full_cannot_be_added(world, users, client_for):
    only = world.section(world.electives[2], capacity=1)
    Section.objects.filter(pk=only.pk).update(seats_taken=1)
    plan = open_plan(world, users)
    html = client_for("student").get(MY_PLAN).content.decode()
    message = f"Section {only.code} is full and no other section of ELC3 has free seats; ask your adviser."
    assert message in html
    response, body = post_json(client_for("student"), add_url(plan), {"discipline": world.electives[2].pk})
    assert response.status_code == 409 and body["errors"] == [message]


def test_a_compulsory_discipline_stays_unless_the_office_removes_it(world, users, client_for):
    plan = open_plan(world, users)
    item = plan.items.get(discipline=world.compulsory[0])
    html = client_for("student").get(MY_PLAN).content.decode()
    assert reverse("plan_item_remove", args=[item.pk]) not in html
    response, body = post_json(client_for("student"), reverse("plan_item_remove", args=[item.pk]))
    assert response.status_code == 409 and "only the registrar's office can remove it" in body["errors"][0]
    response, body = post_json(client_for("registrar"), reverse("plan_item_remove", args=[item.pk]))
    assert response.status_code == 200 and not PlanItem.objects.filter(pk=item.pk).exists()


def test_the_office_posting_without_json_returns_to_the_review_page(world, users, client_for):
    plan = open_plan(world, users)
    response = client_for("registrar").post(add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 303 and response["Location"] == reverse("plan_review", args=[plan.pk])


# --- submit and withdraw ----------------------------------------------------------------------------------


def test_submitting_an_incomplete_plan_lists_every_problem(world, users, client_for):
    plan = open_plan(world, users)
    response, body = post_json(client_for("student"), reverse("plan_submit", args=[plan.pk]))
    assert response.status_code == 409
    assert "Choose 1 more discipline in block E2." in body["errors"]
    assert any("the minimum for the term is 15" in e for e in body["errors"])


def test_submit_and_withdraw(world, users, client_for):
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    client = client_for("student")
    html = client.get(MY_PLAN).content.decode()
    assert 'id="plan-submit">' in html and "The plan passes every check." in html
    response, body = post_json(client, reverse("plan_submit", args=[plan.pk]))
    assert (response.status_code, body) == (200, {"ok": True, "item": None, "status": "submitted"})
    html = client.get(MY_PLAN).content.decode()
    assert 'data-plan-status="submitted"' in html and 'id="plan-withdraw"' in html
    assert "The plan is with your adviser. Withdraw the submission to change it." in html
    assert "item-add" not in html and "item-remove" not in html
    response = client.post(reverse("plan_withdraw", args=[plan.pk]), **HTMX)
    assert response.status_code == 200 and 'data-status="draft"' in response.content.decode()
    response, body = post_json(client, reverse("plan_withdraw", args=[plan.pk]))
    assert response.status_code == 409 and body["errors"] == ["Only a submitted plan can be withdrawn."]


# --- who may post to which plan -----------------------------------------------------------------------------


def test_a_student_cannot_open_or_change_another_students_plan(world, users, client_for):
    plan = open_plan(world, users)
    item = plan.items.first()
    other = client_for("another_student")
    for url, data in (
        (add_url(plan), {"discipline": world.electives[0].pk}),
        (reverse("plan_item_section", args=[item.pk]), {"section": world.section(item.discipline).pk}),
        (reverse("plan_item_remove", args=[item.pk]), {}),
        (reverse("plan_submit", args=[plan.pk]), {}),
        (reverse("plan_withdraw", args=[plan.pk]), {}),
    ):
        assert other.post(url, data, **JSON).status_code == 403, url
        assert other.post(url, data).status_code == 403, url
    assert other.get(reverse("plan_review", args=[plan.pk])).status_code == 403
    # ?term= shows the viewer's own plan of that term, never another student's.
    other.get(f"{MY_PLAN}?term={world.term.pk}")
    own = StudyPlan.objects.get(student__user=users["another_student"])
    assert own.pk != plan.pk
    assert plan.items.count() == 2


@pytest.mark.parametrize("role", ["teacher", "adviser", "dean_office"])
def test_staff_other_than_the_office_cannot_change_a_plan(world, users, client_for, role):
    plan = open_plan(world, users)
    client = client_for(role)
    assert client.post(add_url(plan), {"discipline": world.electives[0].pk}, **JSON).status_code == 403
    assert client.post(reverse("plan_submit", args=[plan.pk])).status_code == 403
    assert client.get(MY_PLAN).status_code == 403


def test_missing_plans_and_items_are_404(world, users, client_for):
    client = client_for("student")
    assert client.post(reverse("plan_item_add", args=[999999]), {"discipline": 1}, **JSON).status_code == 404
    assert client.post(reverse("plan_item_remove", args=[999999]), **JSON).status_code == 404
    assert client.get(add_url(open_plan(world, users))).status_code == 405


# --- query counts -----------------------------------------------------------------------------------------


def _grow(world, users, plan, n):
    """`n` more items (retakes), each with two sections taught by different teachers."""
    for i in range(n):
        d = DisciplineFactory(code=f"GRW{plan.items.count()}{i}")
        d.prerequisites.add(world.compulsory[0])
        world.section(d, teacher=TeacherFactory())
        section = world.section(d, teacher=TeacherFactory())
        PlanItem.objects.create(
            plan=plan, discipline=d, kind=PlanItemKind.RETAKE, credits=1, added_by=users["student"], section=section
        )


def test_the_page_takes_the_same_queries_for_3_and_12_items(world, users, client_for, django_assert_max_num_queries):
    plan = open_plan(world, users)
    for d in world.electives:
        world.section(d, teacher=TeacherFactory())
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    assert plan.items.count() == 3
    client = client_for("student")
    client.get(MY_PLAN)
    with django_assert_max_num_queries(30) as small:
        assert client.get(MY_PLAN).status_code == 200
    _grow(world, users, plan, 9)
    assert plan.items.count() == 12
    client.get(MY_PLAN)  # curriculum edits drop the per-process caches: warm them as above
    with django_assert_max_num_queries(30) as large:
        html = client.get(MY_PLAN).content.decode()
    assert html.count('id="item-') == 12
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_json_post_takes_the_same_queries_for_3_and_12_items(world, users, client_for, django_assert_max_num_queries):
    plan = open_plan(world, users)
    for d in world.electives:
        world.section(d, teacher=TeacherFactory())
    client = client_for("student")
    university_settings()
    with django_assert_max_num_queries(30) as small:
        response, body = post_json(client, add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 200
    post_json(client, reverse("plan_item_remove", args=[body["item"]]))
    _grow(world, users, plan, 10)
    with django_assert_max_num_queries(30) as large:
        response, body = post_json(client, add_url(plan), {"discipline": world.electives[0].pk})
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_add_drop_window_after_approval_keeps_the_page_editable(world, users, client_for):
    plan = open_plan(world, users)
    reg.plan_item_add(plan=plan, discipline=world.electives[0], actor=users["student"])
    reg.plan_submit(plan=plan, actor=users["student"])
    reg.plan_approve(plan=plan, actor=users["adviser"])
    today = timezone.localdate()
    CalendarPeriod.objects.filter(pk=world.window.pk).update(ends_on=today - datetime.timedelta(days=1))
    html = client_for("student").get(MY_PLAN).content.decode()
    assert "No registration window is open for you now." in html
    CalendarPeriod.objects.create(
        academic_year=world.term.academic_year,
        term=world.term,
        kind=PeriodKind.ADD_DROP,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    html = client_for("student").get(MY_PLAN).content.decode()
    assert 'data-plan-status="approved"' in html and "item-remove" in html
    assert "15 credits at approval" in html


def test_registration_for_next_year_uses_the_year_of_study_in_that_term(world, users, client_for):
    """In April a first-year student registers for the autumn of the next year as a second-year one:
    a window for year 2 applies to them, a window for year 1 of that term does not."""
    from tests.academics.factories_calendar import year_with_terms

    today = timezone.localdate()
    CalendarPeriod.objects.filter(pk=world.window.pk).update(ends_on=today - datetime.timedelta(days=1))
    next_year = year_with_terms(world.term.academic_year.start_year + 1)
    autumn = next_year.terms.get(kind="autumn")

    def window(year_of_study):
        CalendarPeriod.objects.create(
            academic_year=next_year,
            term=autumn,
            kind=PeriodKind.REGISTRATION,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=2 * year_of_study),
            year_of_study=year_of_study,
        )

    window(1)
    html = client_for("student").get(MY_PLAN).content.decode()
    assert "No registration window is open for you now." in html and not StudyPlan.objects.exists()
    window(2)
    html = client_for("student").get(MY_PLAN).content.decode()
    plan = StudyPlan.objects.get(student=world.student)
    assert plan.term == autumn and (plan.year_of_study, plan.curriculum_term) == (2, 3)
    assert str(autumn) in html
