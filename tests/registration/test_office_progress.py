"""The registration progress page: counts per programme × year of study checked against counts made
here independently, the students still missing a plan, a dean's office limited to its faculty, links
to the lists to chase, and a number of queries that does not grow with the programmes.

`campus(users)` (also used by the other test_office_* modules) builds on `world.build_world`: the
spring term with its registration window open today, two faculties with programmes, students in
every state and plans in every status.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from academics.choices import TermKind
from enrollment import selectors_registration as selectors
from enrollment.choices import PlanStatus, StudentStatus
from enrollment.models import Student, StudyPlan
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    ProgrammeFactory,
    StudentFactory,
    dean_office_of,
    teacher_for,
)

from .world import build_world

pytestmark = pytest.mark.django_db

STATUSES = [PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED, PlanStatus.LOCKED]


@dataclass
class Campus:
    world: object
    own: object  # programme of the dean's office's faculty (the world's programme)
    other: object  # programme of another faculty
    students: list


def make_plan(student, term, status, *, year=None, reviewer=None):
    done = status in (PlanStatus.APPROVED, PlanStatus.LOCKED)
    return StudyPlan.objects.create(
        student=student,
        term=term,
        status=status,
        year_of_study=year or student.year_of_study,
        curriculum_term=2 * (year or student.year_of_study),
        submitted_at=timezone.now() if status != PlanStatus.DRAFT else None,
        reviewed_by=reviewer if done or status == PlanStatus.RETURNED else None,
        approved_credits=30 if done else None,
        adviser_comment="Исправьте выбор элективов" if status == PlanStatus.RETURNED else "",
        locked_at=timezone.now() if status == PlanStatus.LOCKED else None,
    )


def campus(users, *, extra_programmes: int = 0) -> Campus:
    world = build_world(users)
    dean_office_of(users["dean_office"], world.programme.faculty)
    other = ProgrammeFactory()
    adviser = teacher_for(users["adviser"])
    group = AcademicGroupFactory(programme=world.programme)
    students = [world.student, Student.objects.get(user=users["another_student"])]
    statuses = [*STATUSES, None, None]  # None: no plan (missing when expected)
    n = 0
    for programme in [world.programme, other] + [ProgrammeFactory() for _ in range(extra_programmes)]:
        for year in (1, 2, 3, 4):
            for k in range(3 if programme in (world.programme, other) else 1):
                n += 1
                student = StudentFactory(
                    programme=programme,
                    year_of_study=year,
                    intake_year=world.term.academic_year.start_year - year + 1,
                    adviser=adviser if n % 2 else None,
                    group=group if programme == world.programme and k == 0 else None,
                )
                students.append(student)
                status = statuses[(n + year) % len(statuses)]
                if status is not None:
                    make_plan(student, world.term, status, reviewer=users["adviser"])
    # Not expected to register: on leave, expelled, and a fifth year of a four-year programme.
    students.append(StudentFactory(programme=other, year_of_study=2, status=StudentStatus.ON_LEAVE))
    students.append(StudentFactory(programme=other, year_of_study=3, status=StudentStatus.EXPELLED))
    students.append(StudentFactory(programme=other, year_of_study=5))
    # An expelled student's plan still counts in its status.
    gone = StudentFactory(programme=world.programme, year_of_study=2, status=StudentStatus.EXPELLED)
    make_plan(gone, world.term, PlanStatus.DRAFT)
    # A plan of another term does not count.
    make_plan(students[3], world.autumn, PlanStatus.LOCKED, reviewer=users["adviser"])
    return Campus(world, world.programme, other, students)


def independent_counts(term, faculty_ids=None) -> Counter:
    """(programme code, year, state) → students, counted one by one in Python."""
    counts = Counter()
    plans = {p.student_id: p for p in StudyPlan.objects.filter(term=term)}
    for student in Student.objects.select_related("programme"):
        if faculty_ids is not None and student.programme.faculty_id not in faculty_ids:
            continue
        plan = plans.get(student.pk)
        if plan is not None:
            counts[(student.programme.code, plan.year_of_study, plan.status)] += 1
        elif (
            student.status == StudentStatus.ACTIVE
            and 1 <= student.year_of_study <= math.ceil(student.programme.duration_years)
            and term.kind != TermKind.SUMMER
        ):
            counts[(student.programme.code, student.year_of_study, "missing")] += 1
    return counts


def page_counts(progress) -> Counter:
    counts = Counter()
    for row in progress.rows:
        for cell in row.cells:
            if cell.count:
                counts[(row.programme.code, row.year, cell.status)] += cell.count
    return counts


def test_counts_match_an_independent_count(users, client_for):
    c = campus(users)
    response = client_for("registrar").get(reverse("registration_office"))
    assert response.status_code == 200
    progress = response.context["progress"]
    assert progress.term == c.world.term  # the term whose registration window is open
    expected = independent_counts(c.world.term)
    assert page_counts(progress) == expected
    assert sum(expected.values()) == progress.totals.total
    assert progress.totals.counts["missing"] == sum(n for (_p, _y, s), n in expected.items() if s == "missing")
    for status in STATUSES:
        assert (
            progress.totals.counts.get(status, 0) == StudyPlan.objects.filter(term=c.world.term, status=status).count()
        )


def test_missing_counts_only_active_students_within_their_programme(users):
    c = campus(users)
    progress = selectors.registration_progress(c.world.term)
    other_rows = {row.year: row.counts for row in progress.rows if row.programme == c.other}
    assert 5 not in other_rows  # the fifth-year student of a four-year programme is not expected
    expected_missing = Student.objects.filter(
        programme=c.other, status=StudentStatus.ACTIVE, year_of_study__lte=4
    ).exclude(plans__term=c.world.term)
    assert sum(r.get("missing", 0) for r in other_rows.values()) == expected_missing.count()
    # One more active student without a plan is one more missing; giving them a plan moves them.
    newcomer = StudentFactory(programme=c.other, year_of_study=1)

    def row():
        rows = selectors.registration_progress(c.world.term).rows
        return next(r for r in rows if r.programme == c.other and r.year == 1)

    before = row().counts.get("missing", 0)
    make_plan(newcomer, c.world.term, PlanStatus.DRAFT)
    assert row().counts.get("missing", 0) == before - 1


def test_percentages_and_totals(users):
    c = campus(users)
    progress = selectors.registration_progress(c.world.term)
    for row in [*progress.rows, progress.totals]:
        assert row.total == sum(cell.count for cell in row.cells)
        assert abs(sum(cell.percent for cell in row.cells) - 100) < 1
        for cell in row.cells:
            assert cell.percent == round(100 * cell.count / row.total, 1)


def test_a_summer_term_expects_nobody(users):
    c = campus(users)
    assert selectors.registration_progress(c.world.summer).totals.counts.get("missing", 0) == 0


def test_the_deans_office_sees_only_its_faculty(users, client_for):
    c = campus(users)
    client = client_for("dean_office")
    response = client.get(reverse("registration_office"))
    assert response.status_code == 200
    progress = response.context["progress"]
    assert {row.programme for row in progress.rows} == {c.own}
    assert page_counts(progress) == independent_counts(c.world.term, {c.own.faculty_id})
    assert c.other.code not in response.content.decode()
    # Asking for another faculty shows nothing of it.
    response = client.get(reverse("registration_office"), {"faculty": c.other.faculty_id})
    assert {row.programme for row in response.context["progress"].rows} <= {c.own}
    assert c.other.code not in response.content.decode()
    # The office may narrow to a faculty.
    response = client_for("registrar").get(reverse("registration_office"), {"faculty": c.other.faculty_id})
    assert {row.programme for row in response.context["progress"].rows} == {c.other}


def test_every_count_links_to_its_list(users, client_for):
    campus(users)
    client = client_for("registrar")
    progress = client.get(reverse("registration_office")).context["progress"]
    checked = 0
    for row in [*progress.rows, progress.totals]:
        for cell in row.cells:
            if not cell.count:
                continue
            assert cell.url.startswith(reverse("registration_office_students"))
            listed = client.get(cell.url).context["table"].paginator.count
            assert listed == cell.count, (row.programme, row.year, cell.status)
            checked += 1
    assert checked > 10


def test_the_page_shows_the_table_the_bars_and_the_chart(users, client_for):
    c = campus(users)
    html = client_for("registrar").get(reverse("registration_office"), {"term": c.world.term.pk}).content.decode()
    assert 'id="progress-table"' in html and 'id="progress-totals"' in html
    assert "progress-stacked" in html
    assert "vendor/chartjs/chart.umd.min.js" in html and 'id="progress-chart-data"' in html
    assert "cdn" not in html.lower()
    assert re.search(r"The registration window is open: \d\d\.\d\d\.\d{4}–\d\d\.\d\d\.\d{4}", html)


def test_the_number_of_queries_does_not_grow_with_programmes(users, client_for, django_assert_max_num_queries):
    c = campus(users, extra_programmes=6)
    client = client_for("registrar")
    client.get(reverse("registration_office"))  # warm the settings cache and the session
    assert len(selectors.registration_progress(c.world.term).rows) >= 12
    with django_assert_max_num_queries(14):
        assert client.get(reverse("registration_office")).status_code == 200
    with django_assert_max_num_queries(4):
        selectors.registration_progress(c.world.term)


def test_the_dashboard_panel_counts_the_registration_term(users, client_for, django_assert_max_num_queries):
    c = campus(users)
    response = client_for("registrar").get(reverse("dashboard"))
    html = response.content.decode()
    assert 'id="panel-registration-progress"' in html
    submitted = StudyPlan.objects.filter(term=c.world.term, status=PlanStatus.SUBMITTED).count()
    assert re.search(rf'id="registration-submitted">{submitted}<', html)
    dean = client_for("dean_office").get(reverse("dashboard")).content.decode()
    own = StudyPlan.objects.filter(
        term=c.world.term, status=PlanStatus.SUBMITTED, student__programme__faculty=c.own.faculty
    ).count()
    assert re.search(rf'id="registration-submitted">{own}<', dean)
    assert 'id="panel-registration-progress"' not in client_for("adviser").get(reverse("dashboard")).content.decode()


def test_readers_and_refusals(users, client_for):
    campus(users)
    for role in ("registrar", "registrar_head", "administrator", "dean_office"):
        assert client_for(role).get(reverse("registration_office")).status_code == 200, role
    for role in ("adviser", "teacher", "student"):
        assert client_for(role).get(reverse("registration_office")).status_code == 403, role
    assert "/login/" in client_for(None).get(reverse("registration_office"))["Location"]
