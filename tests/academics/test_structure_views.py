"""Pages of the structure and the catalogue: lists (search, filters, sorting, export), forms,
detail pages, deleting, the menu and the dashboard panel, and the admin."""

from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academics.models import Curriculum, CurriculumItem, Department, Discipline, Faculty, Programme, Teacher
from registrar.models import User
from registrar.roles import Role
from tests.academics.factories_structure import (
    DepartmentFactory,
    DisciplineFactory,
    FacultyFactory,
    ProgrammeFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(users):
    """Assertions read English messages; the interface language is the user's (see UserLanguageMiddleware)."""
    User.objects.update(language="en")


HOURS_5 = {"hours_lecture": 15, "hours_practice": 30, "hours_lab": 0, "hours_self_with_teacher": 35, "hours_self": 70}


@pytest.fixture
def registrar(client_for):
    return client_for("registrar")


@pytest.fixture
def catalogue(db):
    """Thirty disciplines in two departments, each after the previous one."""
    departments = [DepartmentFactory(code="IS"), DepartmentFactory(code="EC")]
    previous = None
    items = []
    for n in range(30):
        previous = DisciplineFactory(
            code=f"D{n:03d}",
            name_ru=f"Дисциплина {n}",
            name_kk=f"Пән {n} ғылымы",
            name_en=f"Discipline {n}",
            department=departments[n % 2],
            prerequisites=[previous] if previous else None,
        )
        items.append(previous)
    return items


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _xlsx_rows(response):
    wb = load_workbook(BytesIO(response.content))
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


# Lists


@pytest.mark.parametrize(
    "name", ["faculty_list", "department_list", "teacher_list", "programme_list", "discipline_list"]
)
def test_every_list_page_opens_and_exports(registrar, catalogue, name):
    TeacherFactory()
    ProgrammeFactory()
    response = registrar.get(reverse(name))
    assert response.status_code == 200 and 'id="export-xlsx"' in response.content.decode()
    export = registrar.get(reverse(name) + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(_xlsx_rows(export)) >= 2


def test_the_discipline_list_searches_every_word_in_any_language(registrar, catalogue):
    page = registrar.get(reverse("discipline_list"), {"q": "пән 7 ғылым"}).content.decode()
    assert "D007" in page and "D008" not in page


def test_the_discipline_list_filters_by_department_and_cycle(registrar, catalogue):
    ec = Department.objects.get(code="EC")
    page = registrar.get(reverse("discipline_list"), {"department": ec.pk, "cycle": "BD"}).content.decode()
    assert ">D001</a>" in page and ">D000</a>" not in page  # D000 shows only as D001's prerequisite
    page = registrar.get(reverse("discipline_list"), {"cycle": "PD"}).content.decode()
    assert ">D001</a>" not in page


def test_the_discipline_list_sorts_by_name_in_the_active_language(registrar, catalogue):
    DisciplineFactory(code="ZZZ", name_ru="Аааа первая", name_kk="Яяя соңғы")
    registrar.post(reverse("language_set"), {"language": "ru", "next": "/"})
    page = registrar.get(reverse("discipline_list"), {"sort": "name"}).content.decode()
    assert page.index("ZZZ") < page.index("D000")
    registrar.post(reverse("language_set"), {"language": "kk", "next": "/"})
    page = registrar.get(reverse("discipline_list"), {"sort": "-name"}).content.decode()
    assert "Яяя соңғы" in page and page.index("ZZZ") < page.index(">D009<")  # Я comes last in Kazakh


def test_the_discipline_export_has_the_import_columns_and_prerequisites(registrar, catalogue):
    rows = _xlsx_rows(registrar.get(reverse("discipline_list") + "?export=xlsx&sort=code"))
    header = rows[0]
    assert header[:5] == ["Code", "Name (Kazakh)", "Name (Russian)", "Name (English)", "Credits (ECTS)"]
    d001 = next(r for r in rows if r[0] == "D001")
    assert "D000" in d001[header.index("Prerequisites")]
    assert len(rows) == 31  # every row, not one page


def test_the_discipline_list_is_paginated(registrar, catalogue):
    page = registrar.get(reverse("discipline_list"), {"sort": "code"}).content.decode()
    assert "D024" in page and "D025" not in page
    assert "D025" in registrar.get(reverse("discipline_list"), {"sort": "code", "page": 2}).content.decode()


def test_list_pages_do_not_query_per_row(registrar, catalogue, django_assert_max_num_queries):
    for _n in range(10):
        TeacherFactory(department=Department.objects.get(code="IS"))
        ProgrammeFactory(department=Department.objects.get(code="EC"))
    for name in ("faculty_list", "department_list", "teacher_list", "programme_list", "discipline_list"):
        with django_assert_max_num_queries(14):
            assert registrar.get(reverse(name)).status_code == 200
        with django_assert_max_num_queries(14):
            assert registrar.get(reverse(name) + "?export=xlsx").status_code == 200


def test_the_teacher_list_filters_by_faculty_and_degree(registrar):
    a = TeacherFactory(academic_degree="phd", user=UserFactory(last_name="Әлиева"))
    b = TeacherFactory(academic_degree="", user=UserFactory(last_name="Петров"))
    page = registrar.get(reverse("teacher_list"), {"faculty": a.department.faculty.pk}).content.decode()
    assert "Әлиева" in page and "Петров" not in page
    page = registrar.get(reverse("teacher_list"), {"academic_degree": "none"}).content.decode()
    assert "Петров" in page and "Әлиева" not in page
    assert b.pk


def test_the_programme_list_filters_by_level_and_language(registrar):
    ProgrammeFactory(code="6B06101", lang_en=True)
    ProgrammeFactory(code="7M06101", level="master", master_track="scientific", total_credits=120, lang_en=False)
    page = registrar.get(reverse("programme_list"), {"level": "master"}).content.decode()
    assert "7M06101" in page and "6B06101" not in page
    page = registrar.get(reverse("programme_list"), {"language": "en"}).content.decode()
    assert "6B06101" in page and "7M06101" not in page


def test_viewers_see_lists_without_add_buttons(client_for, catalogue):
    page = client_for("teacher").get(reverse("discipline_list")).content.decode()
    assert "D000" in page and 'id="create-link"' not in page and 'id="import-link"' not in page
    page = client_for("registrar").get(reverse("discipline_list")).content.decode()
    assert 'id="create-link"' in page and 'id="import-link"' in page


# Forms


def test_a_registrar_creates_a_faculty_and_a_department(registrar):
    data = {"code": "FIT", "name_kk": "АТ факультеті", "name_ru": "Факультет ИТ", "name_en": "Faculty of IT"}
    assert registrar.post(reverse("faculty_create"), data).status_code == 302
    faculty = Faculty.objects.get(code="FIT")
    data = {"code": "IS", "faculty": faculty.pk, "name_kk": "АЖ", "name_ru": "ИС", "name_en": "IS"}
    assert registrar.post(reverse("department_create"), data).status_code == 302
    assert Department.objects.get(code="IS").faculty == faculty


def test_a_duplicate_faculty_code_is_shown_on_the_form(registrar):
    FacultyFactory(code="FIT")
    data = {"code": "FIT", "name_kk": "А", "name_ru": "Б", "name_en": "C"}
    response = registrar.post(reverse("faculty_create"), data)
    assert response.status_code == 200 and "FIT" in response.context["form"].errors["code"][0]


def test_a_registrar_makes_an_account_a_teacher(registrar):
    person = UserFactory(last_name="Оспанова")
    department = DepartmentFactory()
    data = {
        "user": person.pk,
        "department": department.pk,
        "position": "professor",
        "academic_degree": "doctor",
        "employment": "full_time",
        "rate": "1.00",
        "is_active": "on",
    }
    assert registrar.post(reverse("teacher_create"), data).status_code == 302
    assert Teacher.objects.get(user=person).position == "professor"
    assert person.groups.filter(name=Role.TEACHER).exists()
    form = registrar.get(reverse("teacher_create")).context["form"]
    assert person not in form.fields["user"].queryset  # already a teacher


def test_students_are_not_offered_as_teachers(registrar, users):
    form = registrar.get(reverse("teacher_create")).context["form"]
    assert users["student"] not in form.fields["user"].queryset


def test_a_teacher_card_is_edited_without_changing_the_account(registrar):
    teacher = TeacherFactory()
    data = {"user": "999999", "department": teacher.department.pk, "position": "lecturer", "academic_degree": "",
            "employment": "part_time", "rate": "0.50"}  # fmt: skip
    assert registrar.post(reverse("teacher_edit", args=[teacher.pk]), data).status_code == 302
    teacher.refresh_from_db()
    assert (teacher.employment, teacher.is_active, teacher.user.pk) == ("part_time", False, teacher.user.pk)


def _programme_post(department, **overrides):
    data = {
        "code": "6B06101",
        "short_code": "ИС",
        "name_kk": "Ақпараттық жүйелер",
        "name_ru": "Информационные системы",
        "name_en": "Information Systems",
        "level": "bachelor",
        "master_track": "",
        "degree_kk": "Бакалавр",
        "degree_ru": "Бакалавр",
        "degree_en": "Bachelor",
        "duration_years": "4",
        "total_credits": "240",
        "full_time": "on",
        "lang_kk": "on",
        "lang_ru": "on",
        "faculty": department.faculty.pk,
        "department": department.pk,
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_a_registrar_creates_a_programme_and_lands_on_its_page(registrar):
    department = DepartmentFactory()
    response = registrar.post(reverse("programme_create"), _programme_post(department))
    programme = Programme.objects.get(code="6B06101")
    assert response["Location"] == reverse("programme_detail", args=[programme.pk])


def test_programme_form_errors_name_the_rule(registrar):
    department = DepartmentFactory()
    response = registrar.post(reverse("programme_create"), _programme_post(department, code="6B0610"))
    assert "6B06101" in response.context["form"].errors["code"][0]
    response = registrar.post(reverse("programme_create"), _programme_post(department, total_credits="200"))
    assert "240" in response.context["form"].errors["total_credits"][0]
    assert not Programme.objects.exists()


def _discipline_post(department, **overrides):
    data = {
        "code": "INS3104",
        "name_kk": "Деректер қорын басқару жүйелері",
        "name_ru": "Системы управления базами данных",
        "name_en": "Database Management Systems",
        "credits": "5",
        "control_form": "exam",
        "cycle": "PD",
        "component": "VK",
        "department": department.pk,
        "is_active": "on",
        **{k: str(v) for k, v in HOURS_5.items()},
    }
    data.update(overrides)
    return data


def test_a_registrar_adds_a_discipline_with_prerequisites(registrar, catalogue):
    department = Department.objects.get(code="IS")
    data = _discipline_post(department, prerequisites=[catalogue[0].pk, catalogue[3].pk])
    response = registrar.post(reverse("discipline_create"), data)
    discipline = Discipline.objects.get(code="INS3104")
    assert response["Location"] == reverse("discipline_detail", args=[discipline.pk])
    assert set(discipline.prerequisites.values_list("code", flat=True)) == {"D000", "D003"}


def test_hours_not_adding_up_are_shown_with_both_numbers(registrar, catalogue):
    department = Department.objects.get(code="IS")
    response = registrar.post(reverse("discipline_create"), _discipline_post(department, hours_self="80"))
    errors = " ".join(response.context["form"].non_field_errors())
    assert "160" in errors and "150" in errors
    assert not Discipline.objects.filter(code="INS3104").exists()


def test_a_prerequisite_cycle_is_shown_on_the_prerequisites_field(registrar, catalogue):
    first = catalogue[0]
    data = _discipline_post(first.department, code=first.code, prerequisites=[catalogue[2].pk])
    response = registrar.post(reverse("discipline_edit", args=[first.pk]), data)
    assert "D000 → D002 → D001 → D000" in response.context["form"].errors["prerequisites"][0]
    assert not first.prerequisites.exists()


def test_a_discipline_is_not_offered_as_its_own_prerequisite(registrar, catalogue):
    form = registrar.get(reverse("discipline_edit", args=[catalogue[0].pk])).context["form"]
    assert catalogue[0] not in form.fields["prerequisites"].queryset


def test_credits_below_the_minimum_save_with_a_warning(registrar, catalogue):
    department = Department.objects.get(code="IS")
    hours = {"hours_lecture": "15", "hours_practice": "15", "hours_self_with_teacher": "10", "hours_self": "20"}
    response = registrar.post(reverse("discipline_create"), _discipline_post(department, credits="2", **hours))
    assert response.status_code == 302
    assert any("minimum" in m for m in _messages(response))


def test_viewers_cannot_post_changes(client_for):
    department = DepartmentFactory()
    response = client_for("teacher").post(reverse("discipline_create"), _discipline_post(department))
    assert response.status_code == 403 and not Discipline.objects.exists()


# Deleting


def test_deleting_asks_for_a_confirmation(registrar):
    faculty = FacultyFactory()
    registrar.post(reverse("faculty_delete", args=[faculty.pk]))
    assert Faculty.objects.filter(pk=faculty.pk).exists()
    registrar.post(reverse("faculty_delete", args=[faculty.pk]), {"confirm": "1"})
    assert not Faculty.objects.filter(pk=faculty.pk).exists()


def test_deleting_a_used_department_is_refused_with_a_message_not_an_error_page(registrar, catalogue):
    department = Department.objects.get(code="IS")
    response = registrar.post(reverse("department_delete", args=[department.pk]), {"confirm": "1"})
    assert response.status_code == 302
    assert any("D000" in m for m in _messages(response))
    assert Department.objects.filter(pk=department.pk).exists()


# Detail pages


def test_the_discipline_page_shows_prerequisites_postrequisites_usage_and_history(registrar, catalogue, users):
    middle = catalogue[5]
    programme = ProgrammeFactory(code="6B06101")
    curriculum = Curriculum.objects.create(
        programme=programme, intake_year=2025, language="kk", status="approved",
        approved_by=users["registrar_head"], approved_at=timezone.now(),
    )  # fmt: skip
    CurriculumItem.objects.create(curriculum=curriculum, discipline=middle, term=3)
    page = registrar.get(reverse("discipline_detail", args=[middle.pk])).content.decode()
    prerequisites = page[page.index('id="prerequisites"') : page.index('id="postrequisites"')]
    assert "D004" in prerequisites and "D006" not in prerequisites
    assert "D006" in page[page.index('id="postrequisites"') : page.index('id="usage"')]
    assert "6B06101" in page[page.index('id="usage"') :]
    assert 'id="history-panel"' in page


def test_the_discipline_page_warns_about_hours_that_do_not_add_up(registrar):
    discipline = DisciplineFactory(hours_self=10)
    page = registrar.get(reverse("discipline_detail", args=[discipline.pk])).content.decode()
    assert "alert-warning" in page and "90" in page and "150" in page


def test_the_programme_page_shows_fields_curricula_and_history(registrar, users):
    programme = ProgrammeFactory(code="6B06101", name_kk="Ақпараттық жүйелер")
    Curriculum.objects.create(programme=programme, intake_year=2024, language="ru")
    page = registrar.get(reverse("programme_detail", args=[programme.pk])).content.decode()
    assert "Ақпараттық жүйелер" in page and "2024" in page and 'id="history-panel"' in page


def test_detail_pages_use_a_bounded_number_of_queries(registrar, catalogue, users, django_assert_max_num_queries):
    programme = ProgrammeFactory()
    for year in range(2020, 2026):
        curriculum = Curriculum.objects.create(programme=programme, intake_year=year, language="ru")
        CurriculumItem.objects.create(curriculum=curriculum, discipline=catalogue[5], term=1)
    with django_assert_max_num_queries(25):
        registrar.get(reverse("discipline_detail", args=[catalogue[5].pk]))
    with django_assert_max_num_queries(25):
        registrar.get(reverse("programme_detail", args=[programme.pk]))


def test_pages_follow_the_interface_language(client_for, catalogue):
    client = client_for("registrar")
    client.post(reverse("language_set"), {"language": "kk", "next": "/"})
    page = client.get(reverse("discipline_detail", args=[catalogue[0].pk])).content.decode()
    assert "Пән 0 ғылымы" in page[: page.index("</h1>")]


# Menu, dashboard, admin


def test_the_menu_offers_the_structure_to_viewers_and_the_import_to_the_office(client_for):
    page = client_for("teacher").get(reverse("dashboard")).content.decode()
    assert reverse("discipline_list") in page and reverse("discipline_import") not in page
    page = client_for("registrar").get(reverse("dashboard")).content.decode()
    assert reverse("discipline_import") in page
    assert reverse("discipline_list") not in client_for("student").get(reverse("dashboard")).content.decode()


def test_the_office_dashboard_counts_the_structure(client_for, catalogue):
    TeacherFactory()
    ProgrammeFactory(is_active=False)
    DisciplineFactory(hours_self=10)
    page = client_for("registrar").get(reverse("dashboard")).content.decode()
    panel = page[page.index('id="panel-structure"') :]
    assert 'id="count-disciplines">31<' in panel and 'id="count-programmes">0<' in panel
    assert 'id="hours-mismatch"' in panel
    assert 'id="panel-structure"' not in client_for("teacher").get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("model", ["faculty", "department", "teacher", "programme", "discipline"])
def test_the_admin_lists_and_adds_every_model(client_for, catalogue, model):
    TeacherFactory()
    ProgrammeFactory()
    client = client_for("administrator")
    assert client.get(reverse(f"admin:academics_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:academics_{model}_add")).status_code == 200


def test_the_admin_refuses_a_prerequisite_cycle_like_the_pages(client_for, catalogue):
    first = catalogue[0]
    client = client_for("administrator")
    data = _discipline_post(first.department, code=first.code, prerequisites=[catalogue[2].pk])
    data.pop("is_active")
    response = client.post(reverse("admin:academics_discipline_change", args=[first.pk]), data)
    assert response.status_code == 200 and "D000 → D002 → D001 → D000" in response.content.decode()
    assert not first.prerequisites.exists()


def test_the_admin_saves_through_the_service(client_for, users):
    department = DepartmentFactory()
    client = client_for("administrator")
    response = client.post(reverse("admin:academics_discipline_add"), _discipline_post(department))
    assert response.status_code == 302
    discipline = Discipline.objects.get(code="INS3104")
    assert discipline.history.latest().history_user == users["administrator"]


def test_a_programme_without_study_form_or_language_gets_a_plain_message(registrar):
    department = DepartmentFactory()
    data = _programme_post(department)
    del data["full_time"]
    response = registrar.post(reverse("programme_create"), data)
    assert response.context["form"].errors["full_time"] == ["Choose at least one study form."]
    data = _programme_post(department)
    del data["lang_kk"], data["lang_ru"]
    response = registrar.post(reverse("programme_create"), data)
    assert response.context["form"].errors["lang_kk"] == ["Choose at least one language of instruction."]
    assert "Constraint" not in response.content.decode()


def test_a_registrar_edits_a_programme(registrar):
    programme = ProgrammeFactory(code="6B06101")
    data = _programme_post(programme.department, name_en="Information Systems (new)", distance="on")
    response = registrar.post(reverse("programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name_en == "Information Systems (new)" and programme.distance
