"""Factories of the curricula tests: their own structure and catalogue, so they do not depend on
the structure part's factories."""

import factory
import pytest

from academics.choices import CurriculumStatus
from academics.models import Curriculum, CurriculumItem, ElectiveBlock
from tests import factories as base


class FacultyFactory(base.FacultyFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CF{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Ақпараттық технологиялар факультеті {n}")
    name_ru = factory.Sequence(lambda n: f"Факультет информационных технологий {n}")
    name_en = factory.Sequence(lambda n: f"Faculty of Information Technology {n}")


class DepartmentFactory(base.DepartmentFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CD{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Информатика кафедрасы {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра информатики {n}")
    name_en = factory.Sequence(lambda n: f"Department of Computer Science {n}")
    faculty = factory.SubFactory(FacultyFactory)


class ProgrammeFactory(base.ProgrammeFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"6B06{n % 1000:03d}")
    name_kk = factory.Sequence(lambda n: f"Бағдарламалық инженерия {n}")
    name_ru = factory.Sequence(lambda n: f"Программная инженерия {n}")
    name_en = factory.Sequence(lambda n: f"Software Engineering {n}")
    department = factory.SubFactory(DepartmentFactory)


class DisciplineFactory(base.DisciplineFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DSC{n:04d}")
    name_kk = factory.Sequence(lambda n: f"Әдіснама және ғылым: құрылым, өңдеу {n}")
    name_ru = factory.Sequence(lambda n: f"Методология и наука {n}")
    name_en = factory.Sequence(lambda n: f"Methodology and Science {n}")
    hours_self_with_teacher = 30
    hours_self = 75
    department = factory.SubFactory(DepartmentFactory)


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum

    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2025
    study_form = "full_time"
    language = "ru"
    version = 1
    status = CurriculumStatus.DRAFT


class ElectiveBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectiveBlock

    curriculum = factory.SubFactory(CurriculumFactory)
    code = factory.Sequence(lambda n: f"KV{n}")
    name = "Элективный модуль"
    term = 3
    choose_count = 1
    choose_credits = None


class CurriculumItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurriculumItem

    curriculum = factory.SubFactory(CurriculumFactory)
    discipline = factory.SubFactory(DisciplineFactory)
    term = 1
    block = None


def full_curriculum(*, programme=None, terms=8, per_term=6, credits=5, **kwargs) -> Curriculum:
    """A draft that passes every blocking rule: `per_term` disciplines of `credits` in each term.

    With the defaults: 8 terms × 6 × 5 = 240 credits, 30 a term; one elective block in term 3
    (choose 1 of 2) replaces one compulsory discipline there.
    """
    curriculum = CurriculumFactory(programme=programme or ProgrammeFactory(), **kwargs)
    for term in range(1, terms + 1):
        count = per_term - 1 if term == 3 else per_term
        for _ in range(count):
            CurriculumItemFactory(curriculum=curriculum, term=term, discipline=DisciplineFactory(credits=credits))
    block = ElectiveBlockFactory(curriculum=curriculum, term=3, choose_count=1)
    for _ in range(2):
        CurriculumItemFactory(curriculum=curriculum, term=3, block=block, discipline=DisciplineFactory(credits=credits))
    return curriculum


@pytest.fixture
def english(users):
    """Run a test in English: messages are matched by their English source text, and the Kazakh and
    Russian catalogues grow while the code is written (the users fixture's accounts default to Russian)."""
    from django.utils import translation

    from registrar.models import User

    User.objects.update(language="en")
    for user in users.values():
        user.language = "en"
    with translation.override("en"):
        yield
