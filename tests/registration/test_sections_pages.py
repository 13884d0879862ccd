"""The sections pages: who may open and change what, query counts that do not grow with the data,
the xlsx exports, the formation and offering pages, adjustments through the pages, and the teaching load
(a teacher sees their own)."""

from io import BytesIO

import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from enrollment.choices import SectionKind, SectionStatus
from enrollment.models import PlanItem, Section
from enrollment.services.formation import sections_form
from registrar import policy
from tests.access_samples import sections as samples
from tests.conftest import ROLE_USERS
from tests.enrollment.factories_students import dean_office_of, teacher_for

from .factories_sections import cohort, lab_discipline, teachers
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def formed(world, users, n):
    cohort(world, n, elective=world.electives[0], extra=[lab_discipline(code=f"LAB{n}")])
    sections_form(term=world.term, actor=users["registrar"])
    return world


# --- access ----------------------------------------------------------------------------------------------------

ALL_URLS = [
    "section_list",
    "section_create",
    "sections_open_for_term",
    "section_formation",
    "teacher_load",
    *samples.SAMPLES,
]


def test_every_sections_url_answers_each_role_as_its_policy_says(users, client_for):
    """The access matrix for this module's URLs alone (tests/test_access_matrix.py walks the project)."""
    failures = []
    cases = []
    for name in ALL_URLS:
        if name in samples.SAMPLES:
            factory, allowed = samples.SAMPLES[name]
            cases.append((name, reverse(name, kwargs=factory(users)), allowed))
        else:
            cases.append((name, reverse(name), None))
    for name, factory, allowed in samples.EXTRA:
        cases.append((name, reverse(name, kwargs=factory(users)), allowed))
    for name, url, allowed_roles in cases:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
        action = resolve(url.split("?")[0]).func.access_policy
        for role in ROLE_USERS:
            allowed = role in allowed_roles if allowed_roles is not None else policy.may(users[role], action)
            client = client_for(role)
            status = client.get(url).status_code
            if status == 405:
                status = client.post(url).status_code
            if allowed and status not in (200, 302, 400, 405):
                failures.append(f"{role} {url} ({name}): allowed but got {status}")
            if not allowed and status not in (403, 404):
                failures.append(f"{role} {url} ({name}): must be refused but got {status}")
    assert not failures, "\n".join(failures)


def test_students_and_teachers_cannot_change_sections(world, users, client_for):
    formed(world, users, 40)
    group = Section.objects.filter(kind=SectionKind.PRACTICE, discipline=world.compulsory[0]).first()
    for name in ("student", "teacher", "adviser"):
        client = client_for(name)
        assert client.post(reverse("section_formation"), {"term": world.term.pk}).status_code == 403
        assert client.post(reverse("sections_open_for_term"), {"term": world.term.pk}).status_code == 403
        assert client.post(reverse("section_split", args=[group.pk]), {"parts": 2}).status_code == 403
        assert client.get(reverse("section_edit", args=[group.pk])).status_code == 403
    assert client_for("student").get(reverse("section_list")).status_code == 403
    assert client_for("student").get(reverse("teacher_load")).status_code == 403


def test_a_teacher_sees_own_sections_only(world, users, client_for):
    formed(world, users, 40)
    mine = Section.objects.filter(discipline=world.compulsory[0], kind=SectionKind.LECTURE).get()
    mine.teacher = teacher_for(users["teacher"])
    mine.save()
    others = Section.objects.exclude(pk=mine.pk).exclude(parent=mine).first()
    client = client_for("teacher")
    assert client.get(reverse("section_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("section_detail", args=[others.pk])).status_code == 404
    listed = client.get(reverse("section_list"), {"term": world.term.pk}).context["table"].data.data
    assert {s.pk for s in listed} == {mine.pk, *mine.children.values_list("pk", flat=True)}
    assert client_for("another_teacher").get(reverse("section_detail", args=[mine.pk])).status_code == 404


def test_a_deans_office_sees_its_faculty(world, users, client_for):
    formed(world, users, 40)
    dean_office_of(users["dean_office"], world.compulsory[0].department.faculty)
    client = client_for("dean_office")
    listed = client.get(reverse("section_list"), {"term": world.term.pk}).context["table"].data.data
    assert {s.discipline_id for s in listed} == {world.compulsory[0].pk}


# --- query counts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("students", [40, 200])
def test_list_detail_and_load_pages_use_a_bounded_number_of_queries(
    world, users, client_for, django_assert_max_num_queries, students
):
    formed(world, users, students)
    teachers(world.compulsory[0].department, 3)
    sections_form(term=world.term, actor=users["registrar"])
    client = client_for("registrar")
    stream = Section.objects.filter(discipline=world.compulsory[0], kind=SectionKind.LECTURE).first()
    group = stream.children.first()
    with django_assert_max_num_queries(16):
        assert client.get(reverse("section_list"), {"term": world.term.pk}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("section_detail", args=[stream.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("section_detail", args=[group.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("teacher_load"), {"term": world.term.pk}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("section_formation"), {"term": world.term.pk}).status_code == 200


# --- the pages -------------------------------------------------------------------------------------------------


def test_the_section_list_filters_searches_and_exports(world, users, client_for):
    formed(world, users, 40)
    client = client_for("registrar")
    response = client.get(reverse("section_list"), {"term": world.term.pk, "kind": "lecture", "q": "CMP1"})
    rows = list(response.context["table"].data.data)
    assert [s.code for s in rows] == ["CMP1-L1-ru"]
    response = client.get(reverse("section_list"), {"term": world.term.pk, "kind": "lab", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[:2] == ["section", "discipline"]
    assert sheet.max_row == 1 + Section.objects.filter(kind="lab").count()


def test_the_section_list_opens_on_the_working_term(world, users, client_for):
    response = client_for("registrar").get(reverse("section_list"))
    assert response.status_code == 302 and "term=" in response["Location"]


def test_the_section_page_shows_students_with_their_groups_and_inner_groups(world, users, client_for):
    formed(world, users, 40)
    stream = Section.objects.get(discipline=world.compulsory[0], kind=SectionKind.LECTURE)
    page = client_for("registrar").get(reverse("section_detail", args=[stream.pk])).content.decode()
    student = PlanItem.objects.filter(section=stream).select_related("plan__student__group").first().plan.student
    assert student.full_name in page and student.group.name in page
    for child in stream.children.all():
        assert child.code in page


def test_the_formation_page_previews_then_forms_then_has_nothing_to_change(world, users, client_for):
    cohort(world, 45, elective=world.electives[0])
    cohort(world, 8, elective=world.electives[1])
    client = client_for("registrar")
    preview = client.get(reverse("section_formation"), {"term": world.term.pk})
    text = preview.content.decode()
    assert "Electives to be cancelled for too few students" in text and "ELC2" in text
    assert not Section.objects.exists()
    done = client.post(reverse("section_formation"), {"term": world.term.pk})
    assert "Sections of the" in done.content.decode() and done.context["report"].changed
    assert Section.objects.filter(kind=SectionKind.LECTURE, status=SectionStatus.OPEN).count() == 3
    again = client.post(reverse("section_formation"), {"term": world.term.pk})
    assert "Nothing to change" in again.content.decode()


def test_the_offering_page_opens_sections_and_goes_to_the_list(world, users, client_for):
    for _ in range(40):
        world.student_like()
    client = client_for("registrar")
    page = client.get(reverse("sections_open_for_term"), {"term": world.term.pk})
    assert "CMP1" in page.content.decode()
    response = client.post(reverse("sections_open_for_term"), {"term": world.term.pk})
    assert response.status_code == 302 and f"term={world.term.pk}" in response["Location"]
    assert Section.objects.filter(term=world.term, discipline=world.compulsory[0]).count() == 1


def test_creating_and_editing_a_section_through_the_pages(world, users, client_for):
    client = client_for("registrar")
    teacher = teacher_for(users["teacher"])
    data = {
        "term": world.term.pk,
        "discipline": world.compulsory[0].pk,
        "kind": "lecture",
        "language": "en",
        "capacity": 50,
    }
    refused = client.post(reverse("section_create"), data)
    assert "needed in this term in Russian only" in refused.content.decode()
    response = client.post(reverse("section_create"), {**data, "language": "ru", "teacher": teacher.pk})
    section = Section.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("section_detail", args=[section.pk])
    inner = client.post(
        reverse("section_create") + f"?parent={section.pk}", {"kind": "practice", "capacity": 25}, follow=True
    )
    assert inner.status_code == 200 and section.children.count() == 1
    edit = client.post(reverse("section_edit", args=[section.pk]), {"capacity": 200, "teacher": teacher.pk})
    assert edit.status_code == 302
    messages = [str(m) for m in client.get(edit["Location"]).context["messages"]]
    assert any("above the maximum of 120" in m for m in messages)


def test_a_refused_move_is_explained_on_the_page(world, users, client_for):
    cohort(world, 50, group_size=10)
    sections_form(term=world.term, actor=users["registrar"])
    p1, p2 = Section.objects.filter(discipline=world.compulsory[0], kind=SectionKind.PRACTICE).order_by("number")
    item = PlanItem.objects.filter(practice_section=p2).first()
    response = client_for("registrar").post(
        reverse("section_move_student", args=[p2.pk]), {"item": item.pk, "target": p1.pk}, follow=True
    )
    assert "is full (30 of 30 seats)" in response.content.decode()
    item.refresh_from_db()
    assert item.practice_section_id == p2.pk


# --- teaching load ---------------------------------------------------------------------------------------------


def test_the_load_counts_hours_per_teacher_and_a_teacher_sees_their_own(world, users, client_for):
    mine = teacher_for(users["teacher"], department=world.compulsory[0].department)
    other = teacher_for(users["another_teacher"], department=world.compulsory[0].department)
    cohort(world, 100)
    sections_form(term=world.term, actor=users["registrar"])
    sections = Section.objects.filter(discipline=world.compulsory[0], status=SectionStatus.OPEN)
    expected = {}
    for t in (mine, other):
        own = sections.filter(teacher=t)
        expected[t.pk] = 15 * own.filter(kind="lecture").count() + 30 * own.filter(kind="practice").count()
    assert expected[mine.pk] > 0 and expected[other.pk] > 0
    office = client_for("registrar").get(reverse("teacher_load"), {"term": world.term.pk})
    rows = {t.pk: t for t in office.context["table"].data.data}
    assert {pk: rows[pk].total_hours for pk in expected} == expected
    own = client_for("teacher").get(reverse("teacher_load"), {"term": world.term.pk})
    assert [t.pk for t in own.context["table"].data.data] == [mine.pk]
    export = client_for("registrar").get(reverse("teacher_load"), {"term": world.term.pk, "export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[0] == "teacher" and header[-1] == "total hours"
