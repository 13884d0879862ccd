"""Data of the grading benchmark: a university of 30,000 students with eight terms of results each
(about 1.5 million results), generated with PostgreSQL COPY (the ORM one row at a time would take
longer than everything measured).

Ten programmes in three faculties, 48 disciplines per programme (six per term, 5 credits; one
pass/fail practice in every even term, physical education in the first four terms, a final
attestation in term 8), students in academic groups of 25, full-time and distance, grant and paid.
Scores follow each student's own level; an FX is retaken in the same term (attempt 2, source
retake), an F is studied again in the next term (attempt 2). Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from registrar.scale import DEFAULT_SCALE, band_for

PROGRAMMES = 10
DISCIPLINES_PER_TERM = 6
CREDITS = 5
GROUP_SIZE = 25


@dataclass
class GradingData:
    registrar: object
    head: object
    terms: list  # the eight terms with results, oldest first
    current_term: object  # the term of the sheet to close
    programmes: list
    student_ids: list[int]
    results: int = 0
    extra: dict = field(default_factory=dict)


def _people():
    from django.contrib.auth.models import Group

    from registrar.models import User
    from registrar.roles import Role, sync_role_groups
    from registrar.services import settings_ensure_defaults

    sync_role_groups()
    settings_ensure_defaults()
    groups = {g.name: g for g in Group.objects.all()}
    people = {}
    for username, role in (("bench-registrar", Role.REGISTRAR), ("bench-head", Role.REGISTRAR_HEAD)):
        user, _created = User.objects.get_or_create(username=username, defaults={"last_name": username})
        user.groups.set([groups[role]])
        people[username] = user
    return people


def _calendar(first_year: int, years: int):
    from academics.choices import TermKind
    from academics.models import AcademicYear, Term

    terms = []
    for y in range(first_year, first_year + years):
        year = AcademicYear.objects.create(
            start_year=y, starts_on=datetime.date(y, 9, 1), ends_on=datetime.date(y + 1, 8, 31)
        )
        terms.append(
            Term.objects.create(
                academic_year=year,
                kind=TermKind.AUTUMN,
                starts_on=datetime.date(y, 9, 1),
                ends_on=datetime.date(y + 1, 1, 10),
            )
        )
        terms.append(
            Term.objects.create(
                academic_year=year,
                kind=TermKind.SPRING,
                starts_on=datetime.date(y + 1, 1, 19),
                ends_on=datetime.date(y + 1, 6, 10),
            )
        )
    return terms


def _structure():
    from academics.choices import Component, ControlForm, Cycle
    from academics.models import Department, Discipline, Faculty, Programme

    faculties = [
        Faculty.objects.create(
            code=f"BF{i}", name_kk=f"Факультет {i}", name_ru=f"Факультет {i}", name_en=f"Faculty {i}"
        )
        for i in range(1, 4)
    ]
    departments = [
        Department.objects.create(
            code=f"BD{i}", faculty=f, name_kk=f"Кафедра {i}", name_ru=f"Кафедра {i}", name_en=f"Department {i}"
        )
        for i, f in enumerate(faculties, start=1)
    ]
    programmes, plans = [], {}
    disciplines = []
    for p in range(PROGRAMMES):
        dept = departments[p % len(departments)]
        programme = Programme.objects.create(
            code=f"6B0{p % 10}1{p:02d}",
            short_code=f"БП{p}",
            name_kk=f"Бағдарлама {p}",
            name_ru=f"Программа {p}",
            name_en=f"Programme {p}",
            degree_kk="Бакалавр",
            degree_ru="Бакалавр",
            degree_en="Bachelor",
            faculty=dept.faculty,
            department=dept,
            distance=True,
        )
        programmes.append(programme)
        per_term = []
        for term_no in range(1, 9):
            row = []
            for k in range(DISCIPLINES_PER_TERM):
                pass_fail = term_no % 2 == 0 and k == DISCIPLINES_PER_TERM - 1
                attestation = term_no == 8 and k == 0
                pe = term_no <= 4 and k == 1
                d = Discipline(
                    code=f"P{p:02d}T{term_no}D{k}",
                    name_kk=f"Пән {p}.{term_no}.{k}",
                    name_ru=f"Дисциплина {p}.{term_no}.{k}",
                    name_en=f"Discipline {p}.{term_no}.{k}",
                    credits=CREDITS,
                    hours_lecture=15,
                    hours_practice=30,
                    hours_self_with_teacher=35,
                    hours_self=70,
                    control_form=(
                        ControlForm.PASS_FAIL
                        if pass_fail
                        else ControlForm.FINAL_ATTESTATION
                        if attestation
                        else ControlForm.EXAM
                    ),
                    cycle=Cycle.FINAL_ATTESTATION if attestation else Cycle.BASIC,
                    component=Component.COMPULSORY,
                    department=dept,
                    is_physical_education=pe,
                )
                row.append(d)
                disciplines.append(d)
            per_term.append(row)
        plans[programme.code] = per_term
    Discipline.objects.bulk_create(disciplines)
    return faculties, programmes, plans


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY rows into `table`. The data is made consistent here, so when the database role may, the
    foreign-key triggers are skipped for the load (session_replication_role = replica: a superuser
    setting; without it the load is slower, not different)."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    n = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    replica = _try(raw, "SET session_replication_role = replica")
    try:
        with raw.cursor() as cur, cur.copy(statement) as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
    finally:
        if replica:
            _try(raw, "SET session_replication_role = DEFAULT")
    return n


def _try(raw, statement: str) -> bool:
    import psycopg

    try:
        with raw.cursor() as cur:
            cur.execute(statement)
        return True
    except psycopg.Error:
        if not raw.autocommit:
            raw.rollback()
        return False


def _grade(score: int) -> tuple[str, Decimal, bool]:
    band = band_for(score, DEFAULT_SCALE)
    return band.letter, band.points, band.is_passing


def build(students: int = 30_000, seed: int = 7) -> GradingData:
    from django.db import connection

    from academics.models import Term
    from enrollment.models import AcademicGroup, Result, Student
    from registrar.demo import person_name

    rng = random.Random(seed)
    people = _people()
    today = datetime.date.today()
    this_year = today.year if today.month >= 9 else today.year - 1
    terms = _calendar(this_year - 4, 5)
    current_term, terms = terms[8], terms[:8]
    _faculties, programmes, plans = _structure()

    # Academic groups: per programme and form, GROUP_SIZE students each.
    per_programme = students // len(programmes)
    group_rows, group_keys = [], []
    for programme in programmes:
        for form in ("full_time", "distance"):
            count = per_programme // 2
            for number in range(1, (count + GROUP_SIZE - 1) // GROUP_SIZE + 1):
                name = f"{programme.short_code}-{form[0].upper()}{(this_year - 3) % 100:02d}-{number}"
                group_rows.append((name, programme.pk, this_year - 3, form, "kk", number, True))
                group_keys.append((programme.pk, form, number))
    _copy(
        AcademicGroup._meta.db_table,
        ["name", "programme_id", "intake_year", "study_form", "language", "number", "is_active"],
        group_rows,
    )
    group_ids = dict(zip(group_keys, AcademicGroup.objects.order_by("pk").values_list("pk", flat=True), strict=True))

    student_rows, placement = [], []
    serial = 0
    for programme in programmes:
        for form in ("full_time", "distance"):
            for i in range(per_programme // 2):
                serial += 1
                last, first, patronymic = person_name(rng)
                sex = "F" if patronymic.endswith(("қызы", "вна")) else "M"
                student_rows.append(
                    (
                        f"B{serial:06d}",
                        last,
                        first,
                        patronymic,
                        "",
                        "",
                        datetime.date(2004, 1, 1) + datetime.timedelta(days=serial % 900),
                        sex,
                        "KZ",
                        "",
                        "",
                        "",
                        this_year - 3,
                        4,
                        form,
                        "kk",
                        "grant" if serial % 3 else "paid",
                        "active",
                        datetime.date(this_year - 3, 9, 1),
                        programme.pk,
                        group_ids[(programme.pk, form, i // GROUP_SIZE + 1)],
                    )
                )
                placement.append(programme.code)
    _copy(
        Student._meta.db_table,
        [
            "student_number", "last_name", "first_name", "patronymic", "last_name_latin", "first_name_latin",
            "birth_date", "sex", "citizenship", "phone", "email", "address", "intake_year", "year_of_study",
            "study_form", "language", "funding", "status", "status_since", "programme_id", "group_id",
        ],
        student_rows,
    )  # fmt: skip
    student_ids = list(Student.objects.order_by("pk").values_list("pk", flat=True))

    now = datetime.datetime.now(datetime.UTC)
    registrar_id = people["bench-registrar"].pk
    term_ids = [t.pk for t in terms]

    def results():
        for student_id, code in zip(student_ids, placement, strict=True):
            level = rng.gauss(76, 8)
            attempts: dict[int, int] = {}
            for term_no, term_id in enumerate(term_ids, start=1):
                for d in plans[code][term_no - 1]:
                    attempts[d.pk] = attempts.get(d.pk, 0) + 1
                    if d.control_form == "pass_fail":
                        passed = rng.random() > 0.03
                        yield (attempts[d.pk], CREDITS, None, "P" if passed else "NP", None, passed, "sheet",
                               "", "", now, d.pk, registrar_id, student_id, term_id)  # fmt: skip
                        continue
                    score = max(0, min(100, round(rng.gauss(level, 11))))
                    letter, points, passed = _grade(score)
                    yield (attempts[d.pk], CREDITS, score, letter, points, passed, "sheet", "", "", now, d.pk,
                           registrar_id, student_id, term_id)  # fmt: skip
                    if passed:
                        continue
                    # FX: retaken in the same term; F: studied again in the next term (the last: same term).
                    attempts[d.pk] += 1
                    again = max(0, min(100, round(rng.gauss(level - 8, 9))))
                    letter, points, passed = _grade(again)
                    retake_term = term_id if letter == "FX" or term_no == len(term_ids) else term_ids[term_no]
                    source = "retake" if score >= 25 else "sheet"
                    yield (attempts[d.pk], CREDITS, again, letter, points, passed, source, "", "", now, d.pk,
                           registrar_id, student_id, retake_term)  # fmt: skip

    count = _copy(
        Result._meta.db_table,
        [
            "attempt", "credits", "score", "letter", "points", "passed", "source", "original_grade",
            "institution", "recorded_at", "discipline_id", "recorded_by_id", "student_id", "term_id",
        ],
        results(),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return GradingData(
        registrar=people["bench-registrar"],
        head=people["bench-head"],
        terms=list(Term.objects.filter(pk__in=term_ids).order_by("starts_on")),
        current_term=current_term,
        programmes=programmes,
        student_ids=student_ids,
        results=count,
        extra={"plans": plans},
    )
