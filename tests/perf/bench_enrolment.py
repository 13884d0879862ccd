"""Signing an enrolment order of 2,000 applicants (issue 4: under 20 s on the project's machine).

Minimal structure (a faculty, a department, a programme with a short code, one adviser), a draft
enrolment order with one item per applicant as an admission list makes it, then `order_sign` timed:
every item checked, 2,000 students created, placed in groups of the settings' size, given the
adviser, each with its status-history row.
"""

import datetime
import time
from decimal import Decimal

APPLICANTS = 2000
LIMIT_SECONDS = 20


def _structure():
    from django.contrib.auth.models import Group

    from academics.models import Department, Faculty, Programme, Teacher
    from registrar.models import User
    from registrar.roles import Role, sync_role_groups
    from registrar.services import settings_ensure_defaults

    sync_role_groups()
    settings_ensure_defaults()
    groups = {g.name: g for g in Group.objects.all()}
    people = {}
    for username, roles in (
        ("bench-registrar", [Role.REGISTRAR]),
        ("bench-head", [Role.REGISTRAR_HEAD]),
        ("bench-adviser", [Role.ADVISER, Role.TEACHER]),
    ):
        user, _created = User.objects.get_or_create(username=username, defaults={"last_name": username})
        user.groups.set([groups[r] for r in roles])
        people[username] = user
    faculty, _c = Faculty.objects.get_or_create(
        code="BF", defaults={"name_kk": "Факультет", "name_ru": "Факультет", "name_en": "Faculty"}
    )
    department, _c = Department.objects.get_or_create(
        code="BD", defaults={"faculty": faculty, "name_kk": "Кафедра", "name_ru": "Кафедра", "name_en": "Department"}
    )
    programme, _c = Programme.objects.get_or_create(
        code="6B06199",
        defaults={
            "short_code": "БИС",
            "name_kk": "Ақпараттық жүйелер",
            "name_ru": "Информационные системы",
            "name_en": "Information Systems",
            "degree_kk": "Бакалавр",
            "degree_ru": "Бакалавр",
            "degree_en": "Bachelor",
            "duration_years": Decimal("4"),
            "faculty": faculty,
            "department": department,
            "lang_en": True,
        },
    )
    Teacher.objects.get_or_create(user=people["bench-adviser"], defaults={"department": department})
    return people, programme


def _applicants(programme, n: int) -> list[dict]:
    import random

    from enrollment.iin import make_iin
    from enrollment.logins import transliterate
    from registrar.demo import KAZAKH_FEMALE, RUSSIAN_FEMALE, person_name

    rng = random.Random(4)
    rows = []
    for i in range(n):
        last, first, patronymic = person_name(rng)
        sex = "F" if first in KAZAKH_FEMALE or first in RUSSIAN_FEMALE else "M"
        born = datetime.date(2007, 1, 1) + datetime.timedelta(days=i % 700)
        rows.append(
            {
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "last_name_latin": transliterate(last).title(),
                "first_name_latin": transliterate(first).title(),
                "iin": make_iin(born, sex, serial=i),
                "birth_date": born.isoformat(),
                "sex": sex,
                "citizenship": "KZ",
                "programme": programme.code,
                "year_of_study": 1,
                "study_form": "full_time",
                "language": ("kk", "ru", "en")[i % 7 % 3],
                "funding": ("grant", "paid")[i % 3 == 0],
            }
        )
    return rows


def run() -> dict:
    from enrollment.models import AcademicGroup, Student
    from orders.choices import OrderType
    from orders.services import order_create, order_items_add, order_sign

    people, programme = _structure()
    order = order_create(
        actor=people["bench-registrar"],
        order_type=OrderType.ENROLMENT,
        order_date=datetime.date(2026, 8, 25),
        effective_on=datetime.date(2026, 9, 1),
        basis="bench",
    )
    started = time.perf_counter()
    order_items_add(
        actor=people["bench-registrar"], order=order, entries=[(None, p) for p in _applicants(programme, APPLICANTS)]
    )
    drafted = time.perf_counter() - started
    started = time.perf_counter()
    order_sign(actor=people["bench-head"], order=order)
    seconds = time.perf_counter() - started
    created = Student.objects.filter(programme=programme).count()
    assert created == APPLICANTS, created
    return {
        "applicants": APPLICANTS,
        "seconds": round(seconds, 2),
        "limit_seconds": LIMIT_SECONDS,
        "draft_items_seconds": round(drafted, 2),
        "groups": AcademicGroup.objects.filter(programme=programme).count(),
        "per_applicant_ms": round(seconds * 1000 / APPLICANTS, 2),
    }
