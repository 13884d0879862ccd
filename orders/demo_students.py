"""The demo student body (seeder 50), built the way a registrar's office builds it: through signed orders.

Four intakes (this academic year's and the three before), each enrolled by one enrolment order drafted
by the demo "registrar" and signed by the demo "head"; a promotion order every September moves the
earlier intakes up a year; in between, orders of academic leave (and the returns when the leave is
over), expulsion on various grounds, transfer within the university, reinstatement and change of
funding, all dated in the past. So the status history answers "who was studying on 1 October last
year" for real. Students are placed in groups and given advisers by the signing itself.

The demo user "student" is a second-year student of the demo adviser's department with that adviser;
"student2" a third-year student advised by "adviser2"; every other demo student is linked to one of the
core's s00001… accounts, whose names they carry. Deterministic for a seed; a second run finds the
demo orders (by their basis) and changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field

from registrar.demo import KAZAKH_FEMALE, RUSSIAN_FEMALE, person_name

DEMO_BASIS = "Демо-данные"
LANGUAGE_WEIGHTS = {"kk": 6, "ru": 3.5, "en": 0.5}
SPECIAL = {
    # demo username: (names, sex, years before this one's intake, adviser username)
    "student": (("Серікбаев", "Дәурен", "Асқарұлы"), "M", 1, "adviser"),
    "student2": (("Иванова", "Мария", "Петровна"), "F", 2, "adviser2"),
}
# Shares of the active students an order of each kind takes in a past academic year.
SHARES = {"leave": 0.02, "expulsion": 0.03, "transfer": 0.015, "funding": 0.01}
EXPULSION_GROUNDS = ["academic_failure", "academic_failure", "own_wish", "own_wish", "non_payment", "absences",
                     "conduct", "transfer"]  # fmt: skip


@dataclass
class Plan:
    """What the seeder knows while it signs the orders in date order."""

    rng: random.Random
    today: datetime.date
    registrar: object
    head: object
    special_ids: set = field(default_factory=set)
    expelled_own_wish: list = field(default_factory=list)  # (student id, year of expulsion)
    orders: int = 0


def _latin(word: str) -> str:
    from enrollment.logins import transliterate

    return transliterate(word).title()


def _sex_of(given: str) -> str:
    return "F" if given in KAZAKH_FEMALE or given in RUSSIAN_FEMALE else "M"


def seed_students(ctx) -> None:
    try:
        from orders.models import Order
        from orders.services import order_create, order_items_add, order_sign  # noqa: F401
    except ImportError:
        ctx.log("students: the orders app has no services yet; no demo students")
        return
    from academics.models import Programme
    from registrar.models import User

    if Order.objects.filter(basis__startswith=DEMO_BASIS).exists():
        ctx.log("students: the demo orders exist already, nothing to do")
        return
    programmes = list(Programme.objects.filter(is_active=True).order_by("code"))
    staff = {u.username: u for u in User.objects.filter(username__in=["registrar", "head"])}
    if not programmes or len(staff) < 2 or ctx.students < 1:
        ctx.log("students: no programmes or no demo registrar/head; no demo students")
        return
    from django.utils import timezone

    today = timezone.localdate()
    current = today.year if today >= datetime.date(today.year, 9, 1) else today.year - 1
    plan = Plan(random.Random(ctx.seed * 1009 + 50), today, staff["registrar"], staff["head"])
    applicants = _applicants(ctx, plan, programmes, current)
    for year in range(current - 3, current + 1):
        _academic_year(plan, year, applicants.get(year, []))
    from enrollment.models import Student

    ctx.log(f"students: {Student.objects.count()} through {plan.orders} signed orders")


def _applicants(ctx, plan: Plan, programmes, current: int) -> dict[int, list[dict]]:
    """Applicants per intake year: names of the core's s-accounts, valid IINs, weighted choices."""
    from academics.models import Teacher
    from enrollment.iin import make_iin
    from orders.rules import programme_years
    from registrar.models import User

    rng = plan.rng
    intakes = list(range(current - 3, current + 1))
    accounts = {
        u.username: u
        for u in User.objects.filter(username__in=[f"s{n:05d}" for n in range(1, ctx.students + 1)]).only(
            "username", "last_name", "first_name", "patronymic"
        )
    }
    teachers = {t.user.username: t for t in Teacher.objects.filter(user__username__in=["adviser", "adviser2"])}
    taken_iins: set[str] = set()
    result: dict[int, list[dict]] = {y: [] for y in intakes}
    specials = [name for name in SPECIAL if ctx.students > len(SPECIAL)]
    regular = ctx.students - len(specials)
    for index in range(ctx.students):
        special = specials[index] if index < len(specials) else None
        if special:
            (last, given, patronymic), sex, back, adviser = SPECIAL[special]
            intake = current - back
            teacher = teachers.get(adviser)
            choices = [p for p in programmes if teacher is None or p.department_id == teacher.department_id]
            programme = (choices or programmes)[0]
        else:
            number = index - len(specials) + 1
            account = accounts.get(f"s{number:05d}")
            last, given, patronymic = (
                (account.last_name, account.first_name, account.patronymic) if account else person_name(rng)
            )
            sex = _sex_of(given)
            intake = intakes[min(3, (number - 1) * 4 // max(regular, 1))]
            fitting = [p for p in programmes if programme_years(p.duration_years) > current - intake]
            programme = rng.choices(
                fitting or programmes, weights=[1 if p.level == "master" else 4 for p in fitting or programmes]
            )[0]
        languages = programme.languages
        language = rng.choices(languages, weights=[LANGUAGE_WEIGHTS[c] for c in languages])[0]
        form = "distance" if (not programme.full_time or (programme.distance and rng.random() < 0.1)) else "full_time"
        born = datetime.date(intake - 18, 1, 1) + datetime.timedelta(days=rng.randint(-200, 500))
        serial = rng.randint(0, 9999)
        iin = make_iin(born, sex, serial)
        while iin in taken_iins:
            serial += 1
            iin = make_iin(born, sex, serial)
        taken_iins.add(iin)
        params = {
            "last_name": last,
            "first_name": given,
            "patronymic": patronymic,
            "last_name_latin": _latin(last),
            "first_name_latin": _latin(given),
            "iin": iin,
            "birth_date": born.isoformat(),
            "sex": sex,
            "citizenship": "KZ",
            "phone": f"+7 70{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "programme": programme.code,
            "year_of_study": 1,
            "study_form": form,
            "language": language,
            "funding": rng.choices(["grant", "paid", "other"], weights=[60, 38, 2])[0],
        }
        if special:
            params.update(study_form="full_time" if programme.full_time else form, funding="grant")
            if teacher is not None:
                params["adviser"] = teacher.pk
        account = special or f"s{index - len(specials) + 1:05d}"
        result[intake].append({"params": params, "account": account})
    return result


def _sign(plan: Plan, order_type: str, date: datetime.date, basis: str, entries, params=None, order_date=None):
    """Draft (registrar), fill and sign (head) one order; returns it, or None when it has no items."""
    from orders.services import order_create, order_items_add, order_sign

    if not entries or date > plan.today:
        return None
    order = order_create(
        actor=plan.registrar,
        order_type=order_type,
        order_date=order_date or date - datetime.timedelta(days=3),
        effective_on=date,
        basis=f"{DEMO_BASIS}: {basis}",
        params=params,
    )
    order_items_add(actor=plan.registrar, order=order, entries=entries)
    plan.orders += 1
    return order_sign(actor=plan.head, order=order)


def _active(plan: Plan, *, exclude_special=True):
    from enrollment.choices import StudentStatus
    from enrollment.models import Student

    qs = Student.objects.filter(status=StudentStatus.ACTIVE).select_related("programme").order_by("pk")
    return [s for s in qs if not (exclude_special and s.pk in plan.special_ids)]


def _pick(plan: Plan, students: list, share: float, used: set) -> list:
    free = [s for s in students if s.pk not in used]
    chosen = plan.rng.sample(free, min(len(free), round(len(students) * share)))
    used.update(s.pk for s in chosen)
    return sorted(chosen, key=lambda s: s.pk)


def _academic_year(plan: Plan, year: int, applicants: list[dict]) -> None:
    """Every order of academic year `year`/`year+1`, in date order."""
    from enrollment.models import Student
    from orders.rules import add_months, programme_years

    sept = datetime.date(year, 9, 1)
    promoted = [
        s
        for s in _active(plan, exclude_special=False)
        if s.year_of_study < programme_years(s.programme.duration_years) and s.intake_year < year
    ]
    _sign(plan, "promotion", sept, f"решение учёного совета о переводе, {year}", [(s, None) for s in promoted])
    back = [(sid, y) for sid, y in plan.expelled_own_wish if y == year - 1]
    reinstated = list(Student.objects.filter(pk__in=[sid for sid, _y in back[: max(1, len(back) // 2)]]).order_by("pk"))
    _sign(plan, "reinstatement", sept, "заявления обучающихся", [(s, {"funding": "paid"}) for s in reinstated])
    used: set = set()
    grants = [s for s in _active(plan) if s.funding == "paid"]
    _sign(
        plan,
        "funding_change",
        sept,
        "решение комиссии по присуждению вакантных грантов",
        [(s, None) for s in _pick(plan, grants, SHARES["funding"] * 3, used)],
        params={"funding": "grant"},
    )
    order = _sign(
        plan,
        "enrolment",
        sept,
        f"протокол приёмной комиссии № 1 от 15.08.{year}",
        [(None, a["params"]) for a in applicants],
        order_date=datetime.date(year, 8, 20),
    )
    if order is not None:
        _link_accounts(plan, order, applicants)
    _returns(plan, datetime.date(year, 11, 1))
    nov = datetime.date(year, 11, 1)
    active = _active(plan)
    entries = []
    for s in _pick(plan, active, SHARES["leave"], used):
        ground = plan.rng.choice(["medical", "medical", "military" if s.sex == "M" else "child_care"])
        params = {"leave_ground": ground, "leave_until": (add_months(nov, 12) - datetime.timedelta(days=1)).isoformat()}
        if ground == "child_care":
            params["child_birth_date"] = (nov - datetime.timedelta(days=60)).isoformat()
        entries.append((s, params))
    _sign(plan, "academic_leave", nov, "заявления обучающихся, заключения ВКК", entries)
    feb = datetime.date(year + 1, 2, 1)
    entries = []
    for s in _pick(plan, active, SHARES["expulsion"], used):
        ground = plan.rng.choice(
            EXPULSION_GROUNDS if s.funding == "paid" else [g for g in EXPULSION_GROUNDS if g != "non_payment"]
        )
        entries.append((s, {"expulsion_ground": ground}))
        if ground == "own_wish":
            plan.expelled_own_wish.append((s.pk, year))
    _sign(plan, "expulsion", feb, "представления деканатов, заявления обучающихся", entries)
    _sign(plan, "transfer", feb, "заявления обучающихся", _transfers(plan, active, used))


def _returns(plan: Plan, on: datetime.date) -> None:
    """Students whose leave ended the day before `on` come back (placed with the cohort of their year)."""
    from enrollment.models import Student

    back = Student.objects.filter(status="on_leave", leave_until=on - datetime.timedelta(days=1)).order_by("pk")
    _sign(plan, "return_from_leave", on, "заявления обучающихся об окончании отпуска", [(s, None) for s in back])


def _transfers(plan: Plan, active: list, used: set) -> list:
    """Internal transfers: to the programme's other language, else to another programme of the faculty."""
    from academics.models import Programme
    from orders.rules import programme_years

    programmes = list(Programme.objects.filter(is_active=True).order_by("code"))
    entries = []
    for s in _pick(plan, active, SHARES["transfer"], used):
        other_languages = [c for c in s.programme.languages if c != s.language]
        if other_languages:
            entries.append((s, {"kind": "internal", "language": other_languages[0]}))
            continue
        targets = [
            p
            for p in programmes
            if p.pk != s.programme_id
            and p.faculty_id == s.programme.faculty_id
            and s.language in p.languages
            and s.study_form in p.study_forms
            and programme_years(p.duration_years) >= s.year_of_study
        ]
        if targets:
            entries.append((s, {"kind": "internal", "programme": targets[0].code}))
    return entries


def _link_accounts(plan: Plan, order, applicants: list[dict]) -> None:
    """The new students get their demo accounts: "student"/"student2", or the s-account whose name they carry."""
    from enrollment.models import Student
    from registrar.models import User

    account_of = {a["params"]["iin"]: a["account"] for a in applicants}
    wanted = {item.student_id: account_of.get(item.params.get("iin")) for item in order.items.all()}
    users = {
        u.username: u.pk
        for u in User.objects.filter(username__in=[a for a in wanted.values() if a], student__isnull=True)
    }
    linked = []
    for student_id, account in wanted.items():
        if account in SPECIAL:
            plan.special_ids.add(student_id)
        if account in users:
            linked.append(Student(pk=student_id, user_id=users[account]))
    # Not a tracked field of the status: a plain update (no status history), in batches.
    Student.objects.bulk_update(linked, ["user"], batch_size=500)
