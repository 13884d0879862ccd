"""The structure and catalogue services: every rule the registrar relies on, with its message."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from academics.models import Curriculum, CurriculumItem, Department, Discipline, Faculty, Programme
from academics.services import structure as services
from registrar.errors import DomainError
from registrar.models import UniversitySettings
from registrar.roles import Role
from registrar.selectors import forget_university_settings, university_settings
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
def _english():
    """Messages are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


HOURS_5 = {"hours_lecture": 15, "hours_practice": 30, "hours_lab": 0, "hours_self_with_teacher": 35, "hours_self": 70}


def _discipline_data(department, **overrides):
    data = {
        "code": "FIN3104",
        "name_kk": "Қаржы нарықтары мен институттары",
        "name_ru": "Финансовые рынки и институты",
        "name_en": "Financial Markets and Institutions",
        "credits": 5,
        "national_credits": None,
        "control_form": "exam",
        "cycle": "PD",
        "component": "VK",
        "department": department,
        "is_physical_education": False,
        "is_active": True,
        **HOURS_5,
    }
    data.update(overrides)
    return data


@pytest.fixture
def registrar(users):
    return users["registrar"]


@pytest.fixture
def department(db):
    return DepartmentFactory()


# Disciplines


def test_a_discipline_with_hours_adding_up_is_created_with_the_actor_in_its_history(registrar, department):
    saved = services.discipline_save(actor=registrar, data=_discipline_data(department), prerequisites=[])
    assert saved.warnings == []
    obj = Discipline.objects.get(code="FIN3104")
    assert obj.name_kk == "Қаржы нарықтары мен институттары"
    assert obj.history.latest().history_user == registrar


def test_hours_not_adding_up_to_credits_are_refused_with_both_numbers(registrar, department):
    data = _discipline_data(department, hours_self=60)  # 140 hours for 5 credits
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data=data)
    assert "140" in exc.value.message and "150" in exc.value.message
    assert not Discipline.objects.exists()


def test_hours_per_credit_come_from_the_university_settings(registrar, department):
    university_settings()  # the settings row exists from here on
    UniversitySettings.objects.filter(pk=1).update(hours_per_credit=25)
    forget_university_settings()
    hours = {**HOURS_5, "hours_self": 45}  # 125 = 5 × 25
    services.discipline_save(actor=registrar, data=_discipline_data(department, **hours))
    assert Discipline.objects.get().total_hours == 125


def test_credits_below_the_minimum_are_saved_with_a_warning(registrar, department):
    hours = {**HOURS_5, "hours_practice": 0, "hours_self": 25, "hours_lecture": 15, "hours_self_with_teacher": 20}
    saved = services.discipline_save(actor=registrar, data=_discipline_data(department, credits=2, **hours))
    assert Discipline.objects.get().credits == 2
    assert len(saved.warnings) == 1 and "2" in saved.warnings[0] and "5" in saved.warnings[0]


def test_a_duplicate_discipline_code_is_refused_naming_the_code(registrar, department):
    DisciplineFactory(code="FIN3104")
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data=_discipline_data(department))
    assert "FIN3104" in exc.value.message and exc.value.field == "code"


def test_a_code_with_spaces_is_refused(registrar, department):
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data=_discipline_data(department, code="FIN 3104"))
    assert exc.value.field == "code"


def test_a_discipline_cannot_be_its_own_prerequisite(registrar):
    d = DisciplineFactory(code="A1")
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data={}, prerequisites=[d], discipline=d)
    assert "A1" in exc.value.message and exc.value.field == "prerequisites"


def test_a_prerequisite_cycle_is_refused_naming_the_cycle(registrar):
    a = DisciplineFactory(code="A1")
    b = DisciplineFactory(code="B1", prerequisites=[a])
    c = DisciplineFactory(code="C1", prerequisites=[b])
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data={}, prerequisites=[c], discipline=a)
    assert "A1 → C1 → B1 → A1" in exc.value.message
    assert list(a.prerequisites.all()) == []


def test_a_cycle_is_found_even_when_the_code_changes_in_the_same_edit(registrar):
    a = DisciplineFactory(code="A1")
    b = DisciplineFactory(code="B1", prerequisites=[a])
    with pytest.raises(DomainError) as exc:
        services.discipline_save(actor=registrar, data={"code": "A2"}, prerequisites=[b], discipline=a)
    assert "A2 → B1 → A2" in exc.value.message


def test_prerequisites_are_saved_and_show_as_postrequisites(registrar, department):
    a = DisciplineFactory(code="A1")
    services.discipline_save(actor=registrar, data=_discipline_data(department, code="B1"), prerequisites=[a])
    assert [d.code for d in a.postrequisites.all()] == ["B1"]


def test_editing_without_prerequisites_leaves_them(registrar):
    a = DisciplineFactory(code="A1")
    b = DisciplineFactory(code="B1", prerequisites=[a])
    services.discipline_save(actor=registrar, data={"name_ru": "Новое название"}, discipline=b)
    b.refresh_from_db()
    assert b.name_ru == "Новое название" and list(b.prerequisites.all()) == [a]


# Programmes


def _programme_data(department, **overrides):
    data = {
        "code": "6B06103",
        "short_code": "КИ",
        "name_kk": "Компьютерлік инженерия",
        "name_ru": "Компьютерная инженерия",
        "name_en": "Computer Engineering",
        "level": "bachelor",
        "master_track": "",
        "extended": False,
        "degree_kk": "Бакалавр",
        "degree_ru": "Бакалавр",
        "degree_en": "Bachelor",
        "duration_years": Decimal("4"),
        "total_credits": 240,
        "full_time": True,
        "distance": False,
        "lang_kk": True,
        "lang_ru": True,
        "lang_en": False,
        "faculty": department.faculty,
        "department": department,
        "is_active": True,
    }
    data.update(overrides)
    return data


def test_a_programme_is_created(registrar, department):
    services.programme_save(actor=registrar, data=_programme_data(department))
    assert Programme.objects.get().code == "6B06103"


@pytest.mark.parametrize("code", ["6B0610", "6X06101", "B06101", "6b06101", "6B061011"])
def test_a_programme_code_in_the_wrong_format_is_refused(registrar, department, code):
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, code=code))
    assert exc.value.field == "code" and "6B06101" in exc.value.message


def test_a_duplicate_programme_code_is_refused_naming_the_code(registrar, department):
    ProgrammeFactory(code="6B06103")
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department))
    assert "6B06103" in exc.value.message


@pytest.mark.parametrize(
    ("overrides", "minimum"),
    [
        ({"total_credits": 239}, 240),
        ({"total_credits": 299, "extended": True}, 300),
        ({"level": "master", "master_track": "scientific", "total_credits": 90}, 120),
        ({"level": "doctorate", "total_credits": 179}, 180),
    ],
)
def test_programme_total_below_the_level_minimum_is_refused(registrar, department, overrides, minimum):
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, **overrides))
    assert exc.value.field == "total_credits" and str(minimum) in exc.value.message


def test_a_profile_master_of_60_credits_is_accepted(registrar, department):
    data = _programme_data(department, code="7M06103", level="master", master_track="profile", total_credits=60)
    services.programme_save(actor=registrar, data=data)
    assert Programme.objects.get().total_credits == 60


def test_a_master_track_only_for_masters_and_extended_only_for_bachelors(registrar, department):
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, master_track="profile"))
    assert exc.value.field == "master_track"
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, level="master", code="7M06103"))
    assert exc.value.field == "master_track"
    data = _programme_data(department, level="doctorate", code="8D06103", extended=True, total_credits=180)
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=data)
    assert exc.value.field == "extended"


def test_a_programme_needs_a_study_form_and_a_language(registrar, department):
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, full_time=False))
    assert exc.value.field == "full_time"
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, lang_kk=False, lang_ru=False))
    assert exc.value.field == "lang_kk"


def test_the_department_must_belong_to_the_programme_faculty(registrar, department):
    other = FacultyFactory()
    with pytest.raises(DomainError) as exc:
        services.programme_save(actor=registrar, data=_programme_data(department, faculty=other))
    assert exc.value.field == "department" and department.code in exc.value.message


# Faculties, departments, teachers


def test_a_duplicate_faculty_code_is_refused_naming_the_code(registrar):
    FacultyFactory(code="FIT")
    data = {"code": "FIT", "name_kk": "Ф", "name_ru": "Ф", "name_en": "F"}
    with pytest.raises(DomainError) as exc:
        services.faculty_save(actor=registrar, data=data)
    assert "FIT" in exc.value.message


def test_a_department_is_created_in_its_faculty(registrar):
    faculty = FacultyFactory()
    data = {"code": "IS", "faculty": faculty, "name_kk": "Ақпараттық жүйелер", "name_ru": "ИС", "name_en": "IS"}
    services.department_save(actor=registrar, data=data)
    assert Department.objects.get(code="IS").faculty == faculty


def test_making_a_user_a_teacher_gives_the_teacher_role(registrar, department):
    person = UserFactory()
    data = {
        "user": person,
        "department": department,
        "position": "senior_lecturer",
        "academic_degree": "phd",
        "employment": "part_time",
        "rate": Decimal("0.50"),
        "is_active": True,
    }
    services.teacher_save(actor=registrar, data=data)
    assert person.teacher.department == department
    assert person.groups.filter(name=Role.TEACHER).exists()


def test_a_user_cannot_be_a_teacher_twice(registrar, department):
    teacher = TeacherFactory()
    data = {"user": teacher.user, "department": department, "rate": Decimal("1.00")}
    with pytest.raises(DomainError) as exc:
        services.teacher_save(actor=registrar, data=data)
    assert exc.value.field == "user"


def test_a_rate_out_of_range_is_refused(registrar, department):
    data = {"user": UserFactory(), "department": department, "rate": Decimal("2.00")}
    with pytest.raises(DomainError) as exc:
        services.teacher_save(actor=registrar, data=data)
    assert exc.value.field == "rate"


def test_only_the_office_may_change_the_structure(users, department):
    for name in ("teacher", "dean_office", "adviser", "student"):
        with pytest.raises(PermissionDenied):
            services.discipline_save(actor=users[name], data=_discipline_data(department))
        with pytest.raises(PermissionDenied):
            services.structure_delete(actor=users[name], obj=department)
    assert Group.objects.filter(name=Role.TEACHER).exists()


# Deleting


def test_a_faculty_with_departments_is_kept_and_the_message_names_them(registrar):
    department = DepartmentFactory(code="IS")
    with pytest.raises(DomainError) as exc:
        services.structure_delete(actor=registrar, obj=department.faculty)
    assert "IS" in exc.value.message
    assert Faculty.objects.filter(pk=department.faculty.pk).exists()


def test_a_discipline_that_is_a_prerequisite_is_kept(registrar):
    a = DisciplineFactory(code="A1")
    DisciplineFactory(code="B1", prerequisites=[a])
    with pytest.raises(DomainError) as exc:
        services.structure_delete(actor=registrar, obj=a)
    assert "B1" in exc.value.message


def test_a_discipline_in_a_curriculum_is_kept(registrar, users):
    programme = ProgrammeFactory()
    discipline = DisciplineFactory()
    curriculum = Curriculum.objects.create(
        programme=programme,
        intake_year=2025,
        language="ru",
        status="approved",
        approved_by=users["registrar_head"],
        approved_at=timezone.now(),
    )
    CurriculumItem.objects.create(curriculum=curriculum, discipline=discipline, term=1)
    with pytest.raises(DomainError) as exc:
        services.structure_delete(actor=registrar, obj=discipline)
    assert "1" in exc.value.message
    with pytest.raises(DomainError):
        services.structure_delete(actor=registrar, obj=programme)
    assert Discipline.objects.filter(pk=discipline.pk).exists()


def test_an_unused_discipline_is_deleted_with_its_own_prerequisites(registrar):
    a = DisciplineFactory(code="A1")
    b = DisciplineFactory(code="B1", prerequisites=[a])
    services.structure_delete(actor=registrar, obj=b)
    assert list(Discipline.objects.values_list("code", flat=True)) == ["A1"]


def test_an_unused_teacher_card_is_deleted_and_the_account_stays(registrar):
    teacher = TeacherFactory()
    services.structure_delete(actor=registrar, obj=teacher)
    teacher.user.refresh_from_db()
    assert teacher.user.pk


def test_one_edit_of_fields_and_prerequisites_is_one_history_entry(registrar):
    a = DisciplineFactory(code="A1")
    b = DisciplineFactory(code="B1")
    before = b.history.count()
    services.discipline_save(actor=registrar, data={"name_en": "Edited"}, prerequisites=[a], discipline=b)
    assert b.history.count() == before + 1
    latest = b.history.latest()
    assert latest.history_user == registrar and latest.name_en == "Edited"
    assert [r.to_discipline.code for r in latest.prerequisites.all()] == ["A1"]
