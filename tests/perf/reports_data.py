"""Data of the reports benchmark: a university of 30,000 students over ten intake years with the
status history that ten years of orders write (enrolment, promotion, repeat year, internal transfer,
transfer in, academic leave and return, expulsion by ground, reinstatement, change of funding,
graduation), loaded with PostgreSQL COPY.

Each student's life is drawn from a random generator seeded by the student's number, so it can be
drawn twice: once for the student row (the final state) and once for the history rows, streamed
into COPY without holding 150,000 snapshots in memory (the benchmark measures the peak memory of the
process). Each history row keeps the tracked fields before and after it, as the status writer
(`enrollment.services.status`) records them; ids are given here so the history can point at its
students without reading them back.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass

from registrar.dates import academic_year_of

from .grading_data import _copy, _people

FACULTIES = 3
PROGRAMMES = 10
YEARS = 10
GROUNDS = ("own_wish", "academic_failure", "absences", "non_payment", "transfer", "conduct")
SURNAMES = ("Әлиев", "Серікбаев", "Жұмабеков", "Оспанов", "Ким", "Ғабитов", "Қасымов", "Иванов", "Нұрланов")
GIVEN = ("Дәурен", "Нұрлан", "Асқар", "Сергей", "Ұлан", "Айгүл", "Әсел", "Мадина", "Ерлан")


@dataclass
class ReportsData:
    students: int
    changes: int
    programmes: list
    first_year: int  # the first intake year
    last_day: datetime.date


class _Stop(Exception):
    pass


def _life(serial: int, seed: int, intake: int, programmes: list[int], last_day: datetime.date):
    """(first state, [(day, movement, ground, before, after)]) of one student, chronological."""
    rng = random.Random(seed * 1_000_003 + serial)
    programme = programmes[serial % len(programmes)]
    state = {
        "status": "active",
        "programme_id": programme,
        "curriculum_id": None,
        "year_of_study": 1,
        "study_form": "distance" if rng.random() < 0.2 else "full_time",
        "language": "kk" if rng.random() < 0.6 else ("ru" if rng.random() < 0.9 else "en"),
        "funding": "grant" if rng.random() < 0.55 else "paid",
        "group_id": None,
        "last_name": SURNAMES[serial % len(SURNAMES)],
        "first_name": GIVEN[(serial // 7) % len(GIVEN)],
        "patronymic": "",
        "last_name_latin": "",
        "first_name_latin": "",
        "leave_until": None,
    }
    events = []

    def apply(day, movement, ground="", **changes):
        if day > last_day:
            raise _Stop
        before = dict(state) if events else {}
        state.update(changes)
        events.append((day, movement, ground, before, dict(state)))

    try:
        if rng.random() < 0.03:
            state["year_of_study"] = 2
            apply(datetime.date(intake, 9, 1), "transferred_in")
        else:
            apply(datetime.date(intake, 9, 1), "enrolled")
        y = intake
        reinstated = False
        while True:
            if state["status"] == "expelled":
                if reinstated or rng.random() > 0.15:
                    break
                reinstated = True
                apply(datetime.date(y, 9, 1), "reinstated", status="active")
            r = rng.random()
            if r < 0.04:
                apply(datetime.date(y + 1, 2, 1), "leave", "medical", status="on_leave",
                      leave_until=f"{y + 2}-02-01")  # fmt: skip
                apply(datetime.date(y + 2, 2, 1), "returned", status="active", leave_until=None)
                y += 1
            elif r < 0.11:
                day = datetime.date(y, 11, 15) if rng.random() < 0.5 else datetime.date(y + 1, 3, 15)
                apply(day, "expelled", rng.choice(GROUNDS), status="expelled")
                y += 1
                continue
            elif r < 0.14:
                other = programmes[(programmes.index(state["programme_id"]) + 1 + rng.randrange(3)) % len(programmes)]
                apply(datetime.date(y, 10, 1), "transferred", programme_id=other)
            elif r < 0.17:
                apply(datetime.date(y + 1, 2, 1), "funding_changed",
                      funding="paid" if state["funding"] == "grant" else "grant")  # fmt: skip
            if state["year_of_study"] >= 4:
                apply(datetime.date(y + 1, 6, 30), "graduated", status="graduated")
                break
            if rng.random() < 0.04:
                apply(datetime.date(y + 1, 9, 1), "repeat_year", funding="paid")
            else:
                apply(datetime.date(y + 1, 9, 1), "promoted", year_of_study=state["year_of_study"] + 1)
            y += 1
    except _Stop:
        pass
    return state, events


def _status_since(events) -> datetime.date:
    """The date of the last change that moved the status."""
    for day, _movement, _ground, before, after in reversed(events):
        if before.get("status") != after["status"]:
            return day
    return events[0][0]


def build(students: int = 30_000, seed: int = 11) -> ReportsData:
    from django.db import connection

    from academics.models import Department, Faculty, Programme
    from enrollment.models import StatusChange, Student

    people = _people()
    registrar_id = people["bench-registrar"].pk
    today = datetime.date.today()
    this_year = academic_year_of(today)
    first_year = this_year - YEARS + 1
    last_day = today

    faculties = [
        Faculty.objects.create(
            code=f"RF{i}", name_kk=f"Факультет {i}", name_ru=f"Факультет {i}", name_en=f"Faculty {i}"
        )
        for i in range(1, FACULTIES + 1)
    ]
    departments = [
        Department.objects.create(
            code=f"RD{i}", faculty=f, name_kk=f"Кафедра {i}", name_ru=f"Кафедра {i}", name_en=f"Department {i}"
        )  # fmt: skip
        for i, f in enumerate(faculties, start=1)
    ]
    programmes = []
    for p in range(PROGRAMMES):
        dept = departments[p % len(departments)]
        programmes.append(
            Programme.objects.create(
                code=f"6B0{p % 10}1{p:02d}",
                short_code=f"РП{p}",
                name_kk=f"Бағдарлама {p}",
                name_ru=f"Программа {p}",
                name_en=f"Programme {p}",
                degree_kk="Бакалавр",
                degree_ru="Бакалавр",
                degree_en="Bachelor",
                faculty=dept.faculty,
                department=dept,
                distance=True,
                lang_en=True,
            )  # fmt: skip
        )
    programme_ids = [p.pk for p in programmes]
    per_year = students // YEARS

    def lives():
        for i in range(students):
            intake = first_year + min(i // per_year, YEARS - 1)
            yield i + 1, intake, _life(i + 1, seed, intake, programme_ids, last_day)

    def student_rows():
        for serial, intake, (state, events) in lives():
            rng = random.Random(serial)
            status_since = _status_since(events)
            yield (
                serial, f"R{serial:06d}", state["last_name"], state["first_name"], "", "", "",
                datetime.date(intake - 18, 1, 1) + datetime.timedelta(days=serial % 365),
                "F" if rng.random() < 0.52 else "M", "KZ" if rng.random() < 0.97 else rng.choice(("UZ", "RU", "KG")),
                "", "", "", intake, state["year_of_study"], state["study_form"], state["language"], state["funding"],
                state["status"], status_since, state["leave_until"], state["programme_id"],
            )  # fmt: skip

    _copy(
        Student._meta.db_table,
        ["id", "student_number", "last_name", "first_name", "patronymic", "last_name_latin", "first_name_latin",
         "birth_date", "sex", "citizenship", "phone", "email", "address", "intake_year", "year_of_study",
         "study_form", "language", "funding", "status", "status_since", "leave_until", "programme_id"],
        student_rows(),
    )  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)

    def change_rows():
        for serial, _intake, (_state, events) in lives():
            for day, movement, ground, before, after in events:
                yield (serial, day, movement, ground, json.dumps(before, ensure_ascii=False),
                       json.dumps(after, ensure_ascii=False), "", now, registrar_id)  # fmt: skip

    changes = _copy(
        StatusChange._meta.db_table,
        ["student_id", "effective_on", "movement", "ground", "before", "after", "order_number", "recorded_at",
         "recorded_by_id"],
        change_rows(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{Student._meta.db_table}', 'id'), "
            f"(SELECT MAX(id) FROM {Student._meta.db_table}))"
        )
        cursor.execute("ANALYZE")
    return ReportsData(students, changes, programmes, first_year, last_day)
