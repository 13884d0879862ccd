import datetime

import pytest

from enrollment.choices import Movement
from grading.services.gpa import gpa_recompute
from tests.enrollment.factories_students import (
    AcademicGroupFactory,
    change,
    dean_office_of,
)
from tests.grading.gpa_world import gpa_world, record

from . import world as world_module


@pytest.fixture
def world(db):
    return world_module.build()


@pytest.fixture
def dean_f1(users, world):
    """The `dean_office` user, reading faculty F1."""
    dean_office_of(users["dean_office"], world["f1"])
    return users["dean_office"]


@pytest.fixture
def sheet_world(users):
    """Three groups with autumn-2030 results (the summary sheet and session results); the
    `dean_office` user reads the faculty of the first two."""
    w = gpa_world(users)  # the dean's office reads w.faculty
    autumn, spring = w.term(2030, "autumn"), w.term(2030, "spring")
    g1 = AcademicGroupFactory(programme=w.programme, name="ИС-30-1", intake_year=2030)
    g2 = AcademicGroupFactory(programme=w.programme, name="ИС-30-2", intake_year=2030)
    g3 = AcademicGroupFactory(programme=w.other_programme, name="ФМ-30-1", intake_year=2030)
    d = w.disciplines

    def student(group, last_name, *grades, programme=None):
        s = w.student(group=group, programme=programme or w.programme, last_name=last_name, year_of_study=1)
        for discipline, letter in grades:
            record(s, discipline, autumn, letter)
        return s

    s1 = student(g1, "Абенов", (d[0], "A"), (d[1], "B"))
    s2 = student(g1, "Бекова", (d[0], "FX"), (d[0], "C+"), (d[1], "A-"))  # FX retaken in the term: C+
    s3 = student(g1, "Гүлиев", (d[0], "F"), (d[2], "B-"))
    s4 = student(g1, "Жұмаев", (w.pass_fail, "P"), (d[1], "D"))
    s5 = student(g2, "Иманов", (d[0], "A"))  # another group
    s6 = student(g3, "Кенжеев", (d[0], "B"), programme=w.other_programme)
    record(s1, d[3], spring, "F")  # another term
    # Moved to g2 after the term: still on g1's autumn sheet, not on g2's.
    change(s4, Movement.TRANSFERRED, datetime.date(2031, 3, 1), group_id=g2.pk)
    gpa_recompute()
    w.extra.update(groups=(g1, g2, g3), students=(s1, s2, s3, s4, s5, s6), autumn=autumn, spring=spring)
    return w
