"""Demo seeder of the academic structure (order 20): faculties, departments, programmes, the
discipline catalogue with prerequisites (all from academics.demo_data) and teachers.

Deterministic and idempotent: only what is missing is created, with bulk inserts (history rows
included), so a second run changes nothing and the whole seeder takes well under a second.
"""

import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from registrar.demo import DEMO_PASSWORD, DemoContext, person_name
from registrar.models import User
from registrar.roles import Role

from . import demo_data as data
from .choices import AcademicDegree, Employment, Position
from .models import Department, Discipline, Faculty, Programme, Teacher
from .services.structure import prerequisite_history_snapshot, settings_limits

# Demo accounts that teach: (username, department).
DEMO_TEACHERS = [("teacher", "IS"), ("teacher2", "CE"), ("adviser", "IS"), ("adviser2", "EC")]
GENERATED_TEACHERS = 20

_DEGREE_BY_POSITION = {
    Position.ASSISTANT: [AcademicDegree.NONE, AcademicDegree.MASTER],
    Position.LECTURER: [AcademicDegree.MASTER, AcademicDegree.MASTER, AcademicDegree.NONE],
    Position.SENIOR_LECTURER: [AcademicDegree.MASTER, AcademicDegree.PHD, AcademicDegree.CANDIDATE],
    Position.ASSOCIATE_PROFESSOR: [AcademicDegree.CANDIDATE, AcademicDegree.PHD],
    Position.PROFESSOR: [AcademicDegree.DOCTOR, AcademicDegree.PHD],
    Position.HEAD_OF_DEPARTMENT: [AcademicDegree.CANDIDATE, AcademicDegree.PHD, AcademicDegree.DOCTOR],
}


def seed_structure(ctx: DemoContext) -> None:
    faculties, _new = _seed_units(
        Faculty, [{"code": c, "name_kk": kk, "name_ru": ru, "name_en": en} for c, kk, ru, en in data.FACULTIES]
    )
    departments, _new = _seed_units(
        Department,
        [
            {"code": c, "faculty_id": faculties[f].pk, "name_kk": kk, "name_ru": ru, "name_en": en}
            for c, f, kk, ru, en in data.DEPARTMENTS
        ],
    )
    programmes, _new = _seed_units(
        Programme, [_programme_fields(code, info, faculties, departments) for code, info in data.PROGRAMME_INFO.items()]
    )
    disciplines = _seed_disciplines(departments)
    teachers = _seed_teachers(ctx, departments)
    ctx.log(
        f"structure: {len(faculties)} faculties, {len(departments)} departments, {len(programmes)} programmes, "
        f"{len(disciplines)} disciplines, {teachers} teachers"
    )


def _seed_units(model, rows: list[dict], *, history: bool = True) -> dict:
    """Create the rows whose code is missing; return {code: object} of all of them and the new objects."""
    existing = {o.code: o for o in model.objects.filter(code__in=[r["code"] for r in rows])}
    new = [model(**r) for r in rows if r["code"] not in existing]
    if new:
        if history:
            bulk_create_with_history(new, model, batch_size=500)
        else:
            model.objects.bulk_create(new, batch_size=500)
    objects = {o.code: o for o in model.objects.filter(code__in=[r["code"] for r in rows])}
    return objects, [objects[o.code] for o in new]


def _programme_fields(code: str, info: dict, faculties, departments) -> dict:
    kk, ru, en = info["names"]
    dkk, dru, den = info["degree"]
    master = info["level"] == "master"
    return {
        "code": code,
        "short_code": info.get("short_code", ""),
        "name_kk": kk,
        "name_ru": ru,
        "name_en": en,
        "level": info["level"],
        "master_track": info.get("master_track", ""),
        "degree_kk": dkk,
        "degree_ru": dru,
        "degree_en": den,
        "duration_years": Decimal(2 if master else 4),
        "total_credits": 120 if master else 240,
        "full_time": True,
        "distance": code == "6B06101",  # one programme also taught at a distance, to show scoped calendars
        "lang_kk": "kk" in info["languages"],
        "lang_ru": "ru" in info["languages"],
        "lang_en": "en" in info["languages"],
        "faculty_id": faculties[info["faculty"]].pk,
        "department_id": departments[info["department"]].pk,
    }


def _seed_disciplines(departments) -> dict:
    per_credit = settings_limits()["hours_per_credit"]
    rows = []
    for d in data.DISCIPLINES.values():
        rows.append(
            {
                "code": d.code,
                "name_kk": d.name_kk,
                "name_ru": d.name_ru,
                "name_en": d.name_en,
                "credits": d.credits,
                "cycle": d.cycle,
                "component": d.component,
                "control_form": data.CONTROL_FORMS[d.kind],
                "department_id": departments[d.department].pk,
                "is_physical_education": d.kind == "pe",
                **data.discipline_hours(d.credits, d.kind, per_credit),
            }
        )
    disciplines, new = _seed_units(Discipline, rows, history=False)
    Through = Discipline.prerequisites.through
    Through.objects.bulk_create(
        [
            Through(from_discipline_id=disciplines[d.code].pk, to_discipline_id=disciplines[p].pk)
            for d in data.DISCIPLINES.values()
            for p in d.prerequisites
        ],
        ignore_conflicts=True,
    )
    # History after the prerequisites, so the "created" entry shows them too.
    prerequisite_history_snapshot(Discipline.history.bulk_history_create(new))
    return disciplines


def _seed_teachers(ctx: DemoContext, departments) -> int:
    """The demo users who teach plus generated accounts teacher03..teacher22, two per department."""
    rng = random.Random(ctx.seed * 7919 + 20)
    dept_codes = [code for code, *_rest in data.DEPARTMENTS]
    wanted = list(DEMO_TEACHERS)
    generated = []
    for n in range(GENERATED_TEACHERS):
        username = f"teacher{n + 3:02d}"
        # Fill the departments the demo users leave empty first, then the rest in turn.
        dept = dept_codes[(n + 4) % len(dept_codes)]
        generated.append((username, dept, person_name(rng)))  # drawn for every number: reruns draw the same
        wanted.append((username, dept))
    users = {u.username: u for u in User.objects.filter(username__in=[u for u, _d in wanted])}
    missing = [(u, names) for u, _d, names in generated if u not in users]
    if missing:
        password = make_password(DEMO_PASSWORD)
        User.objects.bulk_create(
            [
                User(
                    username=u,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    email=f"{u}@demo.university.kz",
                    password=password,
                )
                for u, (last, first, patronymic) in missing
            ]
        )
        users = {u.username: u for u in User.objects.filter(username__in=[u for u, _d in wanted])}
    group, _created = Group.objects.get_or_create(name=Role.TEACHER)
    group.user_set.add(*users.values())
    have = set(Teacher.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    positions = list(Position)
    cards = []
    for username, dept in wanted:
        position = rng.choice(positions)
        degree = rng.choice(_DEGREE_BY_POSITION[position])
        part_time = rng.random() < 0.2
        rate = (
            rng.choice([Decimal("0.50"), Decimal("0.25")])
            if part_time
            else rng.choice([Decimal("1.00"), Decimal("1.25")])
        )
        user = users.get(username)
        if user is None or user.pk in have:
            continue
        cards.append(
            Teacher(
                user=user,
                department=departments[dept],
                position=position,
                academic_degree=degree,
                employment=Employment.PART_TIME if part_time else Employment.FULL_TIME,
                rate=rate,
            )
        )
    if cards:
        bulk_create_with_history(cards, Teacher)
    return Teacher.objects.filter(user__in=users.values()).count()
