"""The list of students to chase: filters by plan state ("no plan yet" included), programme, year,
group and adviser; search, sorting, pages and xlsx; links to the plan or the card; the reminder."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.choices import PlanStatus, StudentStatus
from enrollment.models import Student, StudyPlan
from registrar.models import Notice
from tests.enrollment.factories_students import StudentFactory, UserFactory

from .test_office_progress import campus, make_plan

pytestmark = pytest.mark.django_db

URL = "registration_office_students"


def listed(client, **params):
    response = client.get(reverse(URL), params)
    assert response.status_code == 200
    return response, [row.record for row in response.context["table"].page.object_list]


def test_plan_states_filter_the_students_of_the_term(users, client_for):
    c = campus(users)
    client = client_for("registrar")
    term = c.world.term
    for status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED):
        _r, rows = listed(client, term=term.pk, state=status)
        expected = set(StudyPlan.objects.filter(term=term, status=status).values_list("student_id", flat=True))
        assert {r.pk for r in rows} == expected and rows, status
        assert all(r.plan_state == status and r.plan_id for r in rows)
    _r, rows = listed(client, term=term.pk, state="missing")
    assert rows and all(r.plan_id is None for r in rows)
    assert {r.pk for r in rows} == set(
        Student.objects.filter(status="active", year_of_study__lte=4)
        .exclude(plans__term=term)
        .values_list("pk", flat=True)
    )


def test_programme_year_group_adviser_and_search(users, client_for):
    c = campus(users)
    client = client_for("registrar")
    term = c.world.term.pk
    _r, rows = listed(client, term=term, programme=c.other.pk, year=2)
    assert rows and all(r.programme_id == c.other.pk and r.term_year == 2 for r in rows)
    group = Student.objects.filter(group__isnull=False).first().group
    _r, rows = listed(client, term=term, group=group.pk)
    assert rows and all(r.group_id == group.pk for r in rows)
    adviser = c.world.adviser_teacher
    _r, rows = listed(client, term=term, adviser=adviser.pk)
    assert rows and all(r.adviser_id == adviser.pk for r in rows)
    target = c.students[5]
    _r, rows = listed(client, term=term, q=target.student_number)
    assert [r.pk for r in rows] == [target.pk]
    _r, rows = listed(client, term=term, q=target.last_name.lower())  # Kazakh letters, any case
    assert target.pk in {r.pk for r in rows}


def test_sorting_and_pages(users, client_for):
    campus(users)
    for n in range(30):
        StudentFactory(year_of_study=1 + n % 4)
    client = client_for("registrar")
    _r, first = listed(client, sort="student_number")
    numbers = [r.student_number for r in first]
    assert numbers == sorted(numbers) and len(first) == 25
    _r, second = listed(client, sort="student_number", page=2)
    assert second and second[0].student_number > numbers[-1]
    _r, by_state = listed(client, sort="-plan_state")
    states = [r.plan_state for r in by_state]
    assert states == sorted(states, reverse=True)


def test_rows_link_to_the_plan_or_to_the_card(users, client_for):
    c = campus(users)
    response, rows = listed(client_for("registrar"), term=c.world.term.pk, sort="student_number")
    html = response.content.decode()
    with_plan = next(r for r in rows if r.plan_id)
    without = next(r for r in rows if not r.plan_id)
    assert f'href="{reverse("plan_review", args=[with_plan.plan_id])}"' in html
    assert f'href="{reverse("student_detail", args=[without.pk])}"' in html


def test_xlsx_export_has_the_filtered_rows(users, client_for):
    c = campus(users)
    response = client_for("registrar").get(
        reverse(URL), {"term": c.world.term.pk, "state": "missing", "export": "xlsx"}
    )
    assert response.status_code == 200 and "spreadsheet" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "study plan" in header and "student ID number" in header
    missing = Student.objects.filter(status="active", year_of_study__lte=4).exclude(plans__term=c.world.term)
    assert len(body) == missing.count()
    state = header.index("study plan")
    assert {r[state] for r in body} == {"no plan yet"}


def test_the_deans_office_lists_only_its_faculty(users, client_for):
    c = campus(users)
    _r, rows = listed(client_for("dean_office"), term=c.world.term.pk)
    assert rows and {r.programme_id for r in rows} == {c.own.pk}
    _r, rows = listed(client_for("dean_office"), term=c.world.term.pk, q=c.students[-8].student_number)
    assert all(r.programme_id == c.own.pk for r in rows)
    response = client_for("dean_office").get(reverse(URL))
    assert 'id="remind-form"' not in response.content.decode()


def test_the_list_runs_a_bounded_number_of_queries(users, client_for, django_assert_max_num_queries):
    c = campus(users)
    client = client_for("registrar")
    client.get(reverse(URL))
    with django_assert_max_num_queries(14):
        client.get(reverse(URL), {"term": c.world.term.pk})
    for n in range(20):
        StudentFactory(programme=c.other, year_of_study=1 + n % 4)
    with django_assert_max_num_queries(14):
        client.get(reverse(URL), {"term": c.world.term.pk})


def test_remind_notifies_students_without_a_submitted_plan_and_advisers_of_waiting_plans(users, client_for):
    c = campus(users)
    term = c.world.term
    client = client_for("registrar")

    def with_state(state, **kw):
        _r, rows = listed(client, term=term.pk, state=state, **kw)
        return rows

    # Students need an account to be notified.
    for student in Student.objects.filter(user__isnull=True):
        student.user = UserFactory()
        student.save(update_fields=["user"])

    # The campus has an expelled student with a draft plan; which row comes first depends on the
    # factories' name sequences, so pick active students explicitly.
    def first_active(state):
        return next(r for r in with_state(state) if r.status == StudentStatus.ACTIVE)

    missing, draft, returned = first_active("missing"), first_active("draft"), first_active("returned")
    submitted = [r for r in with_state("submitted") if r.adviser_id]
    approved = with_state("approved")[0]
    ticked = [missing, draft, returned, approved, *submitted]
    Notice.objects.all().delete()
    response = client.post(
        reverse("registration_office_remind"), {"term": term.pk, "student": [s.pk for s in ticked]}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Reminders sent: 3 students, 1 adviser." in text
    assert "1 ticked student was left out" in text
    reminded = set(
        Notice.objects.filter(subject__startswith="Submit your study plan").values_list("user_id", flat=True)
    )
    assert reminded == {missing.user_id, draft.user_id, returned.user_id}
    notice = Notice.objects.get(user=users["adviser"])
    assert f"{len(submitted)} study plan" in notice.subject and "wait" in notice.subject
    assert all(s.last_name in notice.body for s in submitted)
    assert "The registration window closes on" in Notice.objects.get(user_id=missing.user_id).body


def test_remind_needs_ticked_students_and_the_office(users, client_for):
    c = campus(users)
    response = client_for("registrar").post(
        reverse("registration_office_remind"), {"term": c.world.term.pk}, follow=True
    )
    assert "Tick the students to remind first." in response.content.decode()
    assert not Notice.objects.exists()
    student = c.students[4]
    response = client_for("dean_office").post(
        reverse("registration_office_remind"), {"term": c.world.term.pk, "student": [student.pk]}
    )
    assert response.status_code == 403
    assert client_for("registrar").get(reverse("registration_office_remind")).status_code == 405


def test_plans_of_a_later_term_show_the_year_of_study_in_that_term(users, client_for):
    """The next academic year's term: students count one year up (as `plan_position` places them)."""
    c = campus(users)
    from tests.academics.factories_calendar import year_with_terms

    nxt = year_with_terms(c.world.term.academic_year.start_year + 1)
    autumn = nxt.terms.get(kind="autumn")
    student = c.students[6]
    make_plan(student, autumn, PlanStatus.DRAFT, year=student.year_of_study + 1)
    _r, rows = listed(client_for("registrar"), term=autumn.pk, q=student.student_number)
    assert rows[0].term_year == student.year_of_study + 1
    _r, rows = listed(client_for("registrar"), term=autumn.pk, state="missing", year=1)
    assert not rows  # nobody is in year 1 next year yet: this year's first years will be second years
