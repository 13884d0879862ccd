"""A programme with final-year students in two academic groups, an academic year with a final-attestation
period (25.05–20.06 of its second calendar year), rooms and teachers: the world of the attestation tests."""

import datetime
from dataclasses import dataclass, field

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from tests.academics.factories_calendar import AcademicYearFactory
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    ProgrammeFactory,
    StudentFactory,
    TeacherFactory,
)

from .factories_timetable import RoomFactory

# (group index, surname) of the final-year students, created in this (unsorted) order
FINAL_YEAR = [
    (2, "Әбенов"),
    (1, "Серікова"),
    (1, "Ахметов"),
    (2, "Бекова"),
    (1, "Жұмабаев"),
]


@dataclass
class AttestationWorld:
    year: object
    programme: object
    other_programme: object
    groups: list
    final: list  # final-year students in the expected order (group 1 then 2, by surname)
    not_final: list  # year 3, on leave, another programme
    rooms: list
    teachers: list
    period: object = None
    extra: dict = field(default_factory=dict)


def attestation_world(start_year=2033, with_period=True, extra_final=0) -> AttestationWorld:
    year = AcademicYearFactory(start_year=start_year)
    period = None
    if with_period:
        period = CalendarPeriod.objects.create(
            academic_year=year,
            kind=PeriodKind.FINAL_ATTESTATION,
            starts_on=datetime.date(start_year + 1, 5, 25),
            ends_on=datetime.date(start_year + 1, 6, 20),
            year_of_study=4,
        )
    programme = ProgrammeFactory()
    other = ProgrammeFactory()
    g1 = AcademicGroupFactory(programme=programme, intake_year=start_year - 3, number=1)
    g2 = AcademicGroupFactory(programme=programme, intake_year=start_year - 3, number=2)
    groups = [g1, g2]
    students = []
    for g, surname in FINAL_YEAR:
        students.append(StudentFactory(programme=programme, group=groups[g - 1], year_of_study=4, last_name=surname))
    for i in range(extra_final):
        students.append(StudentFactory(programme=programme, group=g2, year_of_study=4, last_name=f"Яковлев{i:03d}"))
    not_final = [
        StudentFactory(programme=programme, group=g1, year_of_study=3, last_name="Третьяков"),
        StudentFactory(programme=programme, group=g1, year_of_study=4, last_name="Отпускова", status="on_leave"),
        StudentFactory(programme=other, year_of_study=4, last_name="Другой"),
    ]
    final = sorted(students, key=lambda s: (s.group.name, s.last_name))
    rooms = [RoomFactory(number=f"F-{i}", capacity=40) for i in range(3)]
    teachers = [TeacherFactory() for _ in range(3)]
    return AttestationWorld(year, programme, other, groups, final, not_final, rooms, teachers, period)
