"""The demo university: deterministic and idempotent. Each app registers a seeder in its
AppConfig.ready(); `manage.py seed_demo` runs them in order, so the demo shows everything
that exists. A seeder gets a `DemoContext` and must be safe to run again on its own output."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from .roles import Role

DEMO_PASSWORD = "demo12345"


@dataclass
class DemoContext:
    seed: int
    students: int
    log: Callable[[str], None]
    rng: random.Random = field(init=False)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (role label, username, password)

    def __post_init__(self):
        self.rng = random.Random(self.seed)


_SEEDERS: list[tuple[int, str, Callable[[DemoContext], None]]] = []


def register_seeder(order: int, name: str, fn: Callable[[DemoContext], None]) -> None:
    if name not in {n for _o, n, _f in _SEEDERS}:
        _SEEDERS.append((order, name, fn))


def seeders():
    return sorted(_SEEDERS)


# Kazakh and Russian names (Kazakh letters on purpose: every screen must show them).
KAZAKH_MALE = [
    "Ерлан",
    "Дәурен",
    "Нұрлан",
    "Асқар",
    "Бауыржан",
    "Қайрат",
    "Ержан",
    "Әлібек",
    "Санжар",
    "Темірлан",
    "Ұлан",
    "Мұхтар",
    "Жандос",
    "Айдос",
    "Нұрсұлтан",
    "Ақжол",
]
KAZAKH_FEMALE = [
    "Айгүл",
    "Гүлнар",
    "Әсел",
    "Аружан",
    "Жанар",
    "Мөлдір",
    "Дана",
    "Балжан",
    "Ақмарал",
    "Назерке",
    "Іңкәр",
    "Сәуле",
    "Айым",
    "Томирис",
    "Ұлжан",
    "Қарлығаш",
]
KAZAKH_SURNAMES = [
    "Серікбаев",
    "Жұмабеков",
    "Нұрланов",
    "Әлиев",
    "Қасымов",
    "Оспанов",
    "Төлеуов",
    "Ғабитов",
    "Мұқанов",
    "Ысқақов",
    "Бекқожин",
    "Құрманғалиев",
    "Сейітов",
    "Үсенов",
]
RUSSIAN_MALE = ["Сергей", "Андрей", "Дмитрий", "Алексей", "Игорь", "Максим", "Павел", "Артём"]
RUSSIAN_FEMALE = ["Ольга", "Елена", "Анна", "Мария", "Наталья", "Ирина", "Екатерина", "Юлия"]
RUSSIAN_SURNAMES = ["Смирнов", "Петров", "Иванов", "Ким", "Попов", "Васильев", "Соколов", "Морозов"]
RUSSIAN_PATRONYMIC_ROOTS = ["Иван", "Сергее", "Николае", "Александр", "Петр", "Андрее"]


def person_name(rng: random.Random) -> tuple[str, str, str]:
    """(surname, given name, patronymic), Kazakh three times in four, Russian otherwise."""
    female = rng.random() < 0.5
    if rng.random() < 0.75:
        father = rng.choice(KAZAKH_MALE)
        surname = rng.choice(KAZAKH_SURNAMES) + ("а" if female else "")
        given = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
        patronymic = father + ("қызы" if female else "ұлы")
    else:
        surname = rng.choice(RUSSIAN_SURNAMES)
        surname += "а" if female and surname != "Ким" else ""
        given = rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE)
        patronymic = rng.choice(RUSSIAN_PATRONYMIC_ROOTS) + ("вна" if female else "вич")
    return surname, given, patronymic


# The demo's people: one login per role, plus "another" adviser, teacher and student for trying access.
DEMO_PEOPLE = [
    ("registrar", Role.REGISTRAR, ("Әлиева", "Гүлнар", "Серікқызы"), True),
    ("head", Role.REGISTRAR_HEAD, ("Жұмабеков", "Ерлан", "Қайратұлы"), True),
    ("dean", Role.DEAN_OFFICE, ("Смирнова", "Ольга", "Ивановна"), False),
    ("adviser", Role.ADVISER, ("Нұрланова", "Айгүл", "Болатқызы"), False),
    ("adviser2", Role.ADVISER, ("Ким", "Андрей", "Сергеевич"), False),
    ("teacher", Role.TEACHER, ("Петров", "Сергей", "Николаевич"), False),
    ("teacher2", Role.TEACHER, ("Оспанова", "Мөлдір", "Асқарқызы"), False),
    ("student", Role.STUDENT, ("Серікбаев", "Дәурен", "Асқарұлы"), False),
    ("student2", Role.STUDENT, ("Иванова", "Мария", "Петровна"), False),
    ("admin", Role.ADMINISTRATOR, ("Ахметов", "Тимур", "Ғалымұлы"), True),
]


def seed_core(ctx: DemoContext) -> None:
    from .models import UniversitySettings, User
    from .roles import sync_role_groups
    from .services import settings_ensure_defaults

    sync_role_groups()
    settings_ensure_defaults()
    UniversitySettings.objects.filter(pk=1, name_ru="Университет").update(
        name_kk="Демо университеті", name_ru="Демо-университет", name_en="Demo University"
    )
    groups = {g.name: g for g in Group.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)
    for username, role, (last, first, patronymic), staff in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": last,
                "first_name": first,
                "patronymic": patronymic,
                "email": f"{username}@demo.university.kz",
                "password": password_hash,
                "is_staff": staff,
                "is_superuser": role == Role.ADMINISTRATOR,
                "language": "kk" if username in ("adviser", "student") else "ru",
            },
        )
        user.groups.add(groups[role])
        if username in ("adviser", "adviser2"):
            user.groups.add(groups[Role.TEACHER])  # advisers teach too
        ctx.logins.append((str(Role(role).label), username, DEMO_PASSWORD))
    _seed_student_accounts(ctx, groups[Role.STUDENT], password_hash)


def _seed_student_accounts(ctx: DemoContext, group, password_hash: str) -> None:
    """`--students N` accounts s00001.. with the demo password (one hash, bulk insert: fast)."""
    from .models import User

    rng = random.Random(ctx.seed * 7919 + 1)
    wanted = [f"s{n:05d}" for n in range(1, ctx.students + 1)]
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    new = []
    for username in wanted:
        last, first, patronymic = person_name(rng)  # drawn for every number: names do not depend on reruns
        if username not in existing:
            new.append(
                User(
                    username=username,
                    last_name=last,
                    first_name=first,
                    patronymic=patronymic,
                    password=password_hash,
                    email=f"{username}@demo.university.kz",
                )
            )
    User.objects.bulk_create(new, batch_size=1000)
    ids = User.objects.filter(username__in=wanted).values_list("pk", flat=True)
    Through = User.groups.through
    Through.objects.bulk_create(
        [Through(user_id=pk, group_id=group.pk) for pk in ids], batch_size=1000, ignore_conflicts=True
    )
    ctx.log(f"student accounts: {len(wanted)} ({len(new)} new)")


register_seeder(10, "core", seed_core)
