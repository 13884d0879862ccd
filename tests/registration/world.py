"""A small university ready for registration, shared by the registration tests.

`build_world(users)` makes the current academic year (by today's date) with its autumn, spring and
summer terms, a registration window for the spring term open today, an approved curriculum whose
term 2 (spring of year 1) holds two compulsory disciplines and an elective block "choose 1 of 3",
and a first-year student (the `student` fixture user) advised by the `adviser` fixture user.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from academics.choices import Component, PeriodKind, TermKind
from academics.models import CalendarPeriod, Curriculum, CurriculumItem, ElectiveBlock, Term
from enrollment.models import Section, Student
from registrar.dates import academic_year_of
from tests.academics.factories_calendar import year_with_terms
from tests.enrollment.factories_students import (
    CurriculumFactory,
    ProgrammeFactory,
    StudentFactory,
    factory_actor,
    teacher_for,
)
from tests.factories import DisciplineFactory


@dataclass
class World:
    term: Term
    autumn: Term
    summer: Term
    curriculum: Curriculum
    compulsory: list
    block: ElectiveBlock
    electives: list
    student: Student
    adviser_teacher: object
    programme: object
    window: CalendarPeriod
    extra: dict = field(default_factory=dict)

    def student_like(self, **kw) -> Student:
        """Another first-year student of the same curriculum (no user account unless given)."""
        defaults = {
            "programme": self.programme,
            "curriculum": self.curriculum,
            "intake_year": self.curriculum.intake_year,
            "year_of_study": 1,
            "language": "ru",
            "adviser": self.adviser_teacher,
        }
        defaults.update(kw)
        return StudentFactory(**defaults)

    def section(self, discipline, *, capacity=30, language="ru", number=None, teacher=None, term=None) -> Section:
        term = term or self.term
        number = number or (Section.objects.filter(term=term, discipline=discipline, language=language).count() + 1)
        return Section.objects.create(
            term=term,
            discipline=discipline,
            language=language,
            number=number,
            capacity=capacity,
            teacher=teacher,
        )


def build_world(users, *, window_open=True) -> World:
    today = timezone.localdate()
    start = academic_year_of(today)
    year = year_with_terms(start, summer=True)
    terms = {t.kind: t for t in year.terms.all()}
    programme = ProgrammeFactory()
    curriculum = CurriculumFactory(
        programme=programme,
        intake_year=start,
        status="approved",
        approved_by=factory_actor(),
        approved_at=timezone.now(),
    )
    compulsory = [DisciplineFactory(code=f"CMP{i}", component=Component.COMPULSORY) for i in (1, 2)]
    for d in compulsory:
        CurriculumItem.objects.create(curriculum=curriculum, discipline=d, term=2)
    block = ElectiveBlock.objects.create(
        curriculum=curriculum, code="E2", name="Elective block", term=2, choose_count=1
    )
    electives = [DisciplineFactory(code=f"ELC{i}", component=Component.ELECTIVE) for i in (1, 2, 3)]
    for d in electives:
        CurriculumItem.objects.create(curriculum=curriculum, discipline=d, term=2, block=block)
    adviser_teacher = teacher_for(users["adviser"])
    teacher_for(users["another_adviser"])
    student = StudentFactory(
        user=users["student"],
        programme=programme,
        curriculum=curriculum,
        intake_year=start,
        year_of_study=1,
        language="ru",
        adviser=adviser_teacher,
    )
    StudentFactory(user=users["another_student"], programme=programme, curriculum=curriculum, intake_year=start)
    delta = datetime.timedelta(days=5)
    starts, ends = (today - delta, today + delta) if window_open else (today + delta, today + 2 * delta)
    window = CalendarPeriod.objects.create(
        academic_year=year, term=terms[TermKind.SPRING], kind=PeriodKind.REGISTRATION, starts_on=starts, ends_on=ends
    )
    return World(
        term=terms[TermKind.SPRING],
        autumn=terms[TermKind.AUTUMN],
        summer=terms[TermKind.SUMMER],
        curriculum=curriculum,
        compulsory=compulsory,
        block=block,
        electives=electives,
        student=student,
        adviser_teacher=adviser_teacher,
        programme=programme,
        window=window,
    )
