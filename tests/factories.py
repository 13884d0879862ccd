"""Factories of the academic structure shared by every test package.

Each package subclasses them only for what its tests need to differ (names, codes, a language
offer); the rest — a valid bachelor programme, a 5-credit discipline whose hours add up — is here once.
"""

from decimal import Decimal

import factory

from academics.choices import Component, ControlForm, Cycle
from academics.models import Department, Discipline, Faculty, Programme


class FacultyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Faculty

    code = factory.Sequence(lambda n: f"F{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Факультет {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет {n}")
    name_en = factory.Sequence(lambda n: f"Faculty {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Кафедра {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    faculty = factory.SubFactory(FacultyFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A four-year bachelor programme of 240 credits."""

    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"6B09{n % 1000:03d}")
    name_kk = factory.Sequence(lambda n: f"Бағдарлама {n}")
    name_ru = factory.Sequence(lambda n: f"Программа {n}")
    name_en = factory.Sequence(lambda n: f"Programme {n}")
    level = "bachelor"
    degree_kk = "Бакалавр"
    degree_ru = "Бакалавр"
    degree_en = "Bachelor"
    duration_years = Decimal("4")
    total_credits = 240
    department = factory.SubFactory(DepartmentFactory)
    faculty = factory.LazyAttribute(lambda o: o.department.faculty)


class DisciplineFactory(factory.django.DjangoModelFactory):
    """A 5-credit exam course whose hours add up (15 + 30 + 35 + 70 = 150 = 5 × 30)."""

    class Meta:
        model = Discipline
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"DS{n:05d}")
    name_kk = factory.Sequence(lambda n: f"Пән {n}")
    name_ru = factory.Sequence(lambda n: f"Дисциплина {n}")
    name_en = factory.Sequence(lambda n: f"Discipline {n}")
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
