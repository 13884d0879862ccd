"""The generated university of the registration-day benchmark (bench_registration_rush).

`build(students=5000, clients=200)` makes, in bulk where it is safe:

- 5 bachelor programmes, each with an approved curriculum per language of instruction (kk, ru) for
  this year's intake; term 2 (the spring term) holds 3 compulsory disciplines and 3 elective blocks
  "choose 1 of 5" over a university-wide catalogue of 15 elective disciplines;
- 60 elective lecture sections: each elective discipline has 2 sections in Kazakh and 2 in Russian;
- this academic year with its terms and a registration window for the spring term open today;
- `students` active first-year students with user accounts (English UI, so refusals can be read),
  half taught in Kazakh, half in Russian, each with the enrolment row of the status history;
- a study plan for every student with its compulsory items: the `clients` students who take part in
  the rush open theirs through `services.registration.plan_open` (the real path); the others get the
  same plan in bulk, and half of them have already chosen their electives (seats taken before the
  rush, so the tables hold realistic data and the seat counts start above zero).

Seats: a section's capacity is its seats already taken plus a headroom sized against the clients'
demand. Popular disciplines have little headroom (their sections fill during the rush and students
fall back to other sections, then other disciplines), and in block E3 the headroom sums to fewer
seats than the clients want, so some students find every section full.

Passwords are hashed with MD5 (one hash for every generated account): the bench server runs with
`tests.perf.settings_bench`, which changes only PASSWORD_HASHERS, so 200 logins measure the web
stack rather than PBKDF2. Never use these accounts or that hasher anywhere else.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

PASSWORD = "rush-pass-2026"
PROGRAMMES = 5
LANGUAGES = ("kk", "ru")
BLOCKS = 3
PER_BLOCK = 5  # alternatives in each "choose 1" block
SECTIONS_PER_LANGUAGE = 2
COMPULSORY_PER_PROGRAMME = 3
# Popularity of the alternatives in a block (first = most wanted) and the headroom of each of their
# sections, per language, against the clients' demand (clients / 2 per language and block).
POPULARITY = (0.35, 0.25, 0.18, 0.12, 0.10)
HEADROOM_SHARE = {
    # block index -> headroom of one section of each alternative, as a share of the per-language demand
    0: (0.08, 0.10, 0.12, 0.14, 0.16),  # 2 × 0.60 = 1.20 × demand: enough in all, popular ones fill
    1: (0.08, 0.10, 0.12, 0.14, 0.16),
    2: (0.04, 0.06, 0.08, 0.10, 0.12),  # 2 × 0.40 = 0.80 × demand: seats run out for some students
}
PRE_REGISTERED_SHARE = 0.5  # of the students outside the rush, those who chose their electives already


@dataclass
class SectionInfo:
    id: int
    discipline_id: int
    language: str
    capacity: int
    pre_taken: int


@dataclass
class ClientSpec:
    """What one simulated student knows from their plan page: the plan and, per block, the
    alternatives in order of preference, each with its sections taught in their language as
    (section id, section code) in the order the student will try them."""

    username: str
    plan_id: int
    language: str
    choices: list[list[tuple[int, list[tuple[int, str]]]]] = field(default_factory=list)


@dataclass
class RushWorld:
    term_id: int
    password: str
    students: int
    clients: list[ClientSpec]
    sections: dict[int, SectionInfo]
    pre_registered: int


def _hours():
    return {
        "credits": 5,
        "hours_lecture": 15,
        "hours_practice": 30,
        "hours_lab": 0,
        "hours_self_with_teacher": 35,
        "hours_self": 70,
    }


def _structure():
    from academics.choices import Component, ControlForm, Cycle
    from academics.models import Department, Discipline, Faculty, Programme

    faculty = Faculty.objects.create(
        code="RF", name_kk="Ақпараттық технологиялар факультеті", name_ru="Факультет ИТ", name_en="Faculty of IT"
    )
    department = Department.objects.create(
        code="RD",
        faculty=faculty,
        name_kk="Ақпараттық жүйелер кафедрасы",
        name_ru="Кафедра информационных систем",
        name_en="Department of Information Systems",
    )
    programmes = [
        Programme.objects.create(
            code=f"6B06{i + 1:03d}",
            short_code=f"П{i + 1}",
            name_kk=f"Бағдарлама {i + 1}",
            name_ru=f"Программа {i + 1}",
            name_en=f"Programme {i + 1}",
            degree_kk="Бакалавр",
            degree_ru="Бакалавр",
            degree_en="Bachelor",
            duration_years=Decimal("4"),
            faculty=faculty,
            department=department,
        )
        for i in range(PROGRAMMES)
    ]
    common = {"control_form": ControlForm.EXAM, "department": department, **_hours()}
    compulsory = {
        p.pk: Discipline.objects.bulk_create(
            [
                Discipline(
                    code=f"C{i + 1}{j + 1}",
                    name_kk=f"Міндетті пән {i + 1}.{j + 1}",
                    name_ru=f"Обязательная дисциплина {i + 1}.{j + 1}",
                    name_en=f"Compulsory discipline {i + 1}.{j + 1}",
                    cycle=Cycle.BASIC,
                    component=Component.UNIVERSITY,
                    **common,
                )
                for j in range(COMPULSORY_PER_PROGRAMME)
            ]
        )
        for i, p in enumerate(programmes)
    }
    electives = [
        Discipline.objects.bulk_create(
            [
                Discipline(
                    code=f"E{b + 1}{k + 1}",
                    name_kk=f"Таңдау пәні {b + 1}.{k + 1}",
                    name_ru=f"Элективная дисциплина {b + 1}.{k + 1}",
                    name_en=f"Elective discipline {b + 1}.{k + 1}",
                    cycle=Cycle.PROFILE,
                    component=Component.ELECTIVE,
                    **common,
                )
                for k in range(PER_BLOCK)
            ]
        )
        for b in range(BLOCKS)
    ]
    return programmes, compulsory, electives


def _calendar():
    from django.utils import timezone

    from academics.choices import PeriodKind, TermKind
    from academics.models import AcademicYear, CalendarPeriod, Term
    from registrar.dates import academic_year_of

    today = timezone.localdate()
    y = academic_year_of(today)
    year = AcademicYear.objects.create(
        start_year=y, starts_on=datetime.date(y, 9, 1), ends_on=datetime.date(y + 1, 8, 31)
    )
    dates = {
        TermKind.AUTUMN: (datetime.date(y, 9, 1), datetime.date(y + 1, 1, 10)),
        TermKind.SPRING: (datetime.date(y + 1, 1, 19), datetime.date(y + 1, 6, 10)),
        TermKind.SUMMER: (datetime.date(y + 1, 6, 15), datetime.date(y + 1, 7, 31)),
    }
    terms = {
        kind: Term.objects.create(academic_year=year, kind=kind, starts_on=s, ends_on=e)
        for kind, (s, e) in dates.items()
    }
    spring = terms[TermKind.SPRING]
    delta = datetime.timedelta(days=3)
    CalendarPeriod.objects.create(
        academic_year=year, term=spring, kind=PeriodKind.REGISTRATION, starts_on=today - delta, ends_on=today + delta
    )
    return y, spring


def _curricula(actor, intake, programmes, compulsory, electives):
    from django.utils import timezone

    from academics.models import Curriculum, CurriculumItem, ElectiveBlock

    curricula = {}
    items, blocks = [], []
    for p in programmes:
        for lang in LANGUAGES:
            c = Curriculum.objects.create(
                programme=p,
                intake_year=intake,
                language=lang,
                status="approved",
                approved_by=actor,
                approved_at=timezone.now(),
            )
            curricula[(p.pk, lang)] = c
            items += [CurriculumItem(curriculum=c, discipline=d, term=2) for d in compulsory[p.pk]]
            blocks += [
                ElectiveBlock(curriculum=c, code=f"E{b + 1}", name=f"Elective block {b + 1}", term=2, choose_count=1)
                for b in range(BLOCKS)
            ]
    ElectiveBlock.objects.bulk_create(blocks)
    block_of = {}
    for block in ElectiveBlock.objects.filter(curriculum__in=curricula.values()):
        block_of[(block.curriculum_id, int(block.code[1:]) - 1)] = block
    for c in curricula.values():
        for b in range(BLOCKS):
            items += [
                CurriculumItem(curriculum=c, discipline=d, term=2, block=block_of[(c.pk, b)]) for d in electives[b]
            ]
    CurriculumItem.objects.bulk_create(items)
    return curricula, block_of


def _people(n: int, programmes, curricula, intake: int, rng: random.Random):
    """n student accounts and students, one MD5 hash for all (see the module docstring)."""
    from django.contrib.auth.hashers import MD5PasswordHasher
    from django.contrib.auth.models import Group

    from enrollment.choices import Funding, Movement, Sex, StudentStatus
    from enrollment.iin import make_iin
    from enrollment.logins import transliterate
    from enrollment.models import StatusChange, Student
    from registrar.demo import KAZAKH_FEMALE, RUSSIAN_FEMALE, person_name
    from registrar.models import User
    from registrar.roles import Role

    password_hash = MD5PasswordHasher().encode(PASSWORD, "rushsalt")
    users = []
    people = []
    for i in range(n):
        last, first, patronymic = person_name(rng)
        people.append((last, first, patronymic))
        users.append(
            User(
                username=f"rush{i + 1:05d}",
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                password=password_hash,
                language="en",
            )
        )
    User.objects.bulk_create(users, batch_size=1000)
    user_ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
    group = Group.objects.get(name=Role.STUDENT)
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=pk, group_id=group.pk) for pk in user_ids.values()], batch_size=2000)
    enrolled = datetime.date(intake, 9, 1)
    students = []
    for i, (last, first, patronymic) in enumerate(people):
        sex = Sex.FEMALE if first in KAZAKH_FEMALE or first in RUSSIAN_FEMALE else Sex.MALE
        born = datetime.date(2007, 1, 1) + datetime.timedelta(days=i % 700)
        programme = programmes[i % len(programmes)]
        lang = LANGUAGES[(i // len(programmes)) % len(LANGUAGES)]
        students.append(
            Student(
                user_id=user_ids[f"rush{i + 1:05d}"],
                student_number=f"R{i + 1:07d}",
                iin=make_iin(born, sex, serial=i),
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                last_name_latin=transliterate(last).title(),
                first_name_latin=transliterate(first).title(),
                birth_date=born,
                sex=sex,
                programme=programme,
                curriculum=curricula[(programme.pk, lang)],
                intake_year=intake,
                year_of_study=1,
                study_form="full_time",
                language=lang,
                funding=(Funding.STATE_GRANT, Funding.PAID)[i % 3 == 0],
                status=StudentStatus.ACTIVE,
                status_since=enrolled,
            )
        )
    Student.objects.bulk_create(students, batch_size=1000)
    students = list(Student.objects.select_related("user").order_by("student_number"))
    from enrollment.services.status import student_snapshot

    registrar_user = User.objects.get(username="rush-registrar")
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                student=s,
                effective_on=enrolled,
                movement=Movement.ENROLLED,
                before={},
                after=student_snapshot(s),
                recorded_by=registrar_user,
            )
            for s in students
        ],
        batch_size=1000,
    )
    return students


def _headroom(demand: int, block: int, rank: int) -> int:
    return max(1, round(HEADROOM_SHARE[block][rank] * demand))


def build(students: int = 5000, clients: int = 200, seed: int = 2026) -> RushWorld:
    from django.contrib.auth.models import Group

    from academics.models import ElectiveBlock
    from enrollment.choices import PlanItemKind, SectionKind
    from enrollment.models import PlanItem, Section, StudyPlan
    from enrollment.services.registration import plan_open
    from registrar.models import User
    from registrar.roles import Role, sync_role_groups
    from registrar.services import settings_ensure_defaults

    assert clients % (2 * PROGRAMMES) == 0 and clients <= students, "clients: a multiple of 10, at most students"
    rng = random.Random(seed)
    sync_role_groups()
    settings_ensure_defaults()
    actor = User.objects.create(username="rush-registrar", last_name="Тіркеуші", language="en")
    actor.groups.add(Group.objects.get(name=Role.REGISTRAR))
    programmes, compulsory, electives = _structure()
    intake, term = _calendar()
    curricula, block_of = _curricula(actor, intake, programmes, compulsory, electives)
    people = _people(students, programmes, curricula, intake, rng)

    # Who takes part in the rush: the same number from each programme and language.
    buckets: dict[tuple, list] = {}
    for s in people:
        buckets.setdefault((s.programme_id, s.language), []).append(s)
    client_set = {s.pk for bucket in buckets.values() for s in rng.sample(bucket, clients // len(buckets))}
    rush_students = [s for s in people if s.pk in client_set]
    others = [s for s in people if s.pk not in client_set]

    # Pre-registered electives of half the other students, by the same popularity.
    pre = [s for s in others if rng.random() < PRE_REGISTERED_SHARE]
    chosen: list[tuple] = []  # (student, block, discipline, language, number)
    for s in pre:
        for b in range(BLOCKS):
            d = rng.choices(electives[b], weights=POPULARITY)[0]
            chosen.append((s, b, d, s.language, rng.randrange(SECTIONS_PER_LANGUAGE) + 1))
    taken: dict[tuple, int] = {}
    for _s, _b, d, lang, number in chosen:
        taken[(d.pk, lang, number)] = taken.get((d.pk, lang, number), 0) + 1
    demand = clients // len(LANGUAGES)  # per language and block
    sections = []
    for b in range(BLOCKS):
        for rank, d in enumerate(electives[b]):
            for lang in LANGUAGES:
                for number in range(1, SECTIONS_PER_LANGUAGE + 1):
                    already = taken.get((d.pk, lang, number), 0)
                    sections.append(
                        Section(
                            term=term,
                            discipline=d,
                            kind=SectionKind.LECTURE,
                            language=lang,
                            number=number,
                            capacity=already + _headroom(demand, b, rank),
                            seats_taken=already,
                        )
                    )
    Section.objects.bulk_create(sections)
    section_by = {
        (x.discipline_id, x.language, x.number): x
        for x in Section.objects.filter(term=term).select_related("discipline")
    }

    # Plans of the students outside the rush, in bulk: what plan_open would make (checked below).
    plans = StudyPlan.objects.bulk_create(
        [StudyPlan(student=s, term=term, year_of_study=1, curriculum_term=2) for s in others], batch_size=1000
    )
    plan_of = {p.student_id: p for p in plans}
    items = [
        PlanItem(
            plan=plan_of[s.pk],
            discipline=d,
            kind=PlanItemKind.COMPULSORY,
            credits=d.credits,
            added_by_id=s.user_id,
        )
        for s in others
        for d in compulsory[s.programme_id]
    ]
    items += [
        PlanItem(
            plan=plan_of[s.pk],
            discipline=d,
            kind=PlanItemKind.ELECTIVE,
            block=block_of[(s.curriculum_id, b)],
            credits=d.credits,
            section=section_by[(d.pk, lang, number)],
            added_by_id=s.user_id,
        )
        for s, b, d, lang, number in chosen
    ]
    PlanItem.objects.bulk_create(items, batch_size=2000)

    # The rush students open their plans through the service, as the plan page would.
    specs = []
    for s in rush_students:
        plan = plan_open(student=s, term=term, actor=s.user)
        spec = ClientSpec(username=s.user.username, plan_id=plan.pk, language=s.language)
        for b in range(BLOCKS):
            order = _preference(electives[b], rng)
            spec.choices.append(
                [
                    (
                        d.pk,
                        _shuffled(
                            [
                                (x.pk, x.code)
                                for x in (
                                    section_by[(d.pk, s.language, n)] for n in range(1, SECTIONS_PER_LANGUAGE + 1)
                                )
                            ],
                            rng,
                        ),
                    )
                    for d in order
                ]
            )
        specs.append(spec)
    _check_plans_alike(term, rush_students[0], others[0])
    assert ElectiveBlock.objects.filter(curriculum__in=curricula.values()).count() == len(curricula) * BLOCKS
    info = {
        x.pk: SectionInfo(x.pk, x.discipline_id, x.language, x.capacity, x.seats_taken)
        for x in Section.objects.filter(term=term)
    }
    return RushWorld(
        term_id=term.pk,
        password=PASSWORD,
        students=len(people),
        clients=specs,
        sections=info,
        pre_registered=len(pre),
    )


def _preference(alternatives, rng: random.Random) -> list:
    """The alternatives in a student's order of preference: weighted draws without replacement."""
    left = list(zip(alternatives, POPULARITY, strict=True))
    order = []
    while left:
        pick = rng.choices(range(len(left)), weights=[w for _d, w in left])[0]
        order.append(left.pop(pick)[0])
    return order


def _shuffled(values: list, rng: random.Random) -> list:
    rng.shuffle(values)
    return values


def _check_plans_alike(term, via_service, in_bulk) -> None:
    """A bulk-made plan holds what plan_open made for a rush student of the same kind."""
    from enrollment.models import StudyPlan

    def shape(student):
        plan = StudyPlan.objects.get(student=student, term=term)
        kinds = sorted(plan.items.filter(kind="compulsory").values_list("kind", "credits", "discipline__code"))
        return (plan.status, plan.year_of_study, plan.curriculum_term, [(k, c, code[:2]) for k, c, code in kinds])

    a, b = shape(via_service), shape(in_bulk)
    assert a[:3] == b[:3] and len(a[3]) == len(b[3]), (a, b)
