"""Factories of the structure and catalogue tests (factory_boy)."""

from decimal import Decimal

import factory

from academics.models import Teacher
from registrar.models import User
from tests import factories as base


class FacultyFactory(base.FacultyFactory):
    code = factory.Sequence(lambda n: f"SF{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Экономика және бизнес факультеті {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет экономики и бизнеса {n}")
    name_en = factory.Sequence(lambda n: f"Faculty of Economics and Business {n}")


class DepartmentFactory(base.DepartmentFactory):
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


class ProgrammeFactory(base.ProgrammeFactory):
    name_kk = factory.Sequence(lambda n: f"Қаржы {n}")
    name_ru = factory.Sequence(lambda n: f"Финансы {n}")
    name_en = factory.Sequence(lambda n: f"Finance {n}")
    degree_kk = "Бизнес және басқару бакалавры"
    degree_ru = "Бакалавр бизнеса и управления"
    degree_en = "Bachelor of Business and Management"
    department = factory.SubFactory(DepartmentFactory)


class DisciplineFactory(base.DisciplineFactory):
    code = factory.Sequence(lambda n: f"SDS{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Қаржылық талдау {n}")
    name_ru = factory.Sequence(lambda n: f"Финансовый анализ {n}")
    name_en = factory.Sequence(lambda n: f"Financial Analysis {n}")
    department = factory.SubFactory(DepartmentFactory)
