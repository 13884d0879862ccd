"""Factories of the structure and catalogue tests (factory_boy)."""

from decimal import Decimal

import factory

from academics.choices import Component, ControlForm, Cycle
from academics.models import Department, Discipline, Faculty, Programme, Teacher
from registrar.models import User


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    code = factory.Sequence(lambda n: f"SF{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Экономика және бизнес факультеті {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет экономики и бизнеса {n}")
    name_en = factory.Sequence(lambda n: f"Faculty of Economics and Business {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"SD{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Қаржы кафедрасы {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра финансов {n}")
    name_en = factory.Sequence(lambda n: f"Department of Finance {n}")
    faculty = factory.SubFactory(FacultyFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n:03d}")
    last_name = factory.Sequence(lambda n: f"Жұмабеков{n}")
    first_name = "Ерлан"
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    rate = Decimal("1.00")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"6B09{n % 1000:03d}")
    name_kk = factory.Sequence(lambda n: f"Қаржы {n}")
    name_ru = factory.Sequence(lambda n: f"Финансы {n}")
    name_en = factory.Sequence(lambda n: f"Finance {n}")
    level = "bachelor"
    degree_kk = "Бизнес және басқару бакалавры"
    degree_ru = "Бакалавр бизнеса и управления"
    degree_en = "Bachelor of Business and Management"
    duration_years = Decimal("4")
    total_credits = 240
    department = factory.SubFactory(DepartmentFactory)
    faculty = factory.SelfAttribute("department.faculty")


class DisciplineFactory(factory.django.DjangoModelFactory):
    """A 5-credit lecture course whose hours add up (15 + 30 + 35 + 70 = 150 = 5 × 30)."""

    class Meta:
        model = Discipline
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"SDS{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Қаржылық талдау {n}")
    name_ru = factory.Sequence(lambda n: f"Финансовый анализ {n}")
    name_en = factory.Sequence(lambda n: f"Financial Analysis {n}")
    credits = 5
    hours_lecture = 15
    hours_practice = 30
    hours_lab = 0
    hours_self_with_teacher = 35
    hours_self = 70
    control_form = ControlForm.EXAM
    cycle = Cycle.BASIC
    component = Component.UNIVERSITY
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def prerequisites(self, create, extracted, **kwargs):
        if create and extracted:
            self.prerequisites.set(extracted)
