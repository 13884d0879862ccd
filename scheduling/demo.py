"""Demo timetable (seeder 99, after every seeder that makes sections and plans): the demo university's
rooms, the time grid of both study forms, a few unavailable and undesired times of the demo `teacher`, a few
unavailable room times, and a timetable of the term with the most sections computed with a short time limit
and published (with any hard violation listed on its page); then, when that term has an exam session in the
calendar, its exam schedule computed the same way and published. Idempotent: rooms, grid rows and times are
found by their keys, and a term that has a version already is not computed again."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

DEMO_ORDER = 99
DEMO_TIME_LIMIT = 5  # seconds: the demo of 200 students is seeded in well under ten
DEMO_EXAM_TIME_LIMIT = 3  # seconds: the exam session of the demo term (a few dozen exams)

# (building, number, capacity, kind, features)
MAIN, LAB, SPORT = "Бас ғимарат", "Зертханалық корпус", "Спорт кешені"
DEMO_ROOMS = [
    (MAIN, "101", 150, "lecture_hall", ["projector", "microphone"]),
    (MAIN, "102", 120, "lecture_hall", ["projector", "microphone"]),
    (MAIN, "103", 90, "lecture_hall", ["projector"]),
    (MAIN, "104", 60, "lecture_hall", ["projector"]),
    *[(MAIN, str(200 + n), 30 if n % 3 else 40, "classroom", ["smart board"] if n % 2 else []) for n in range(1, 13)],
    *[(LAB, str(300 + n), 25, "computer_lab", ["projector", "25 computers"]) for n in range(1, 5)],
    (LAB, "310", 20, "laboratory", ["fume hood"]),
    (LAB, "311", 20, "laboratory", ["oscilloscopes"]),
    (SPORT, "1", 60, "gym", []),
]


def _periods(first: datetime.time, count: int, minutes: int = 50, gap: int = 10, lunch_after: int = 3):
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), first)
    out = []
    for n in range(1, count + 1):
        end = start + datetime.timedelta(minutes=minutes)
        out.append((n, start.time(), end.time()))
        start = end + datetime.timedelta(minutes=40 if n == lunch_after else gap)
    return out


# study form -> [(days, [(number, starts_at, ends_at)])]
DEMO_GRID = {
    "full_time": [
        # Seven a day: the demo's busiest teacher has 36 weekly lectures, more than 6 × 5 + 3 periods.
        ((1, 2, 3, 4, 5), _periods(datetime.time(8, 30), 7)),
        ((6,), _periods(datetime.time(8, 30), 3)),
    ],
    "distance": [
        ((1, 2, 3, 4, 5), _periods(datetime.time(18, 30), 2, minutes=80)),
        ((6,), _periods(datetime.time(10, 0), 3, minutes=80)),
    ],
}


def _seed_rooms() -> int:
    from .models import Room

    existing = set(Room.objects.values_list("building", "number"))
    new = [
        Room(building=b, number=n, capacity=c, kind=k, features=f)
        for b, n, c, k, f in DEMO_ROOMS
        if (b, n) not in existing
    ]
    Room.objects.bulk_create(new)
    return len(new)


def _seed_grid() -> int:
    from .models import ClassPeriod

    existing = set(ClassPeriod.objects.values_list("study_form", "day", "number"))
    new = [
        ClassPeriod(study_form=form, day=day, number=n, starts_at=s, ends_at=e)
        for form, blocks in DEMO_GRID.items()
        for days, periods in blocks
        for day in days
        for n, s, e in periods
        if (form, day, n) not in existing
    ]
    ClassPeriod.objects.bulk_create(new)
    return len(new)


def _seed_unavailability() -> None:
    from academics.models import Teacher

    from .models import TeacherUnavailability

    teacher = Teacher.objects.filter(user__username="teacher").first()
    if teacher is None:
        return
    for day, period, kind, note in (
        (3, 5, "unavailable", "Кафедра отырысы / заседание кафедры"),
        (3, 6, "unavailable", "Кафедра отырысы / заседание кафедры"),
        (5, 1, "undesired", ""),
    ):
        TeacherUnavailability.objects.get_or_create(
            teacher=teacher, day=day, period=period, defaults={"kind": kind, "note": note}
        )


DEMO_ROOM_UNAVAILABLE = [
    # (building, number, day, period, note)
    (MAIN, "101", 6, 1, "Басқа факультеттің сабақтары / занятия другого факультета"),
    (MAIN, "101", 6, 2, "Басқа факультеттің сабақтары / занятия другого факультета"),
    (LAB, "311", 5, 7, "Техникалық қызмет / техническое обслуживание"),
]


def _seed_room_unavailability() -> None:
    from .models import Room, RoomUnavailability

    rooms = {(r.building, r.number): r for r in Room.objects.filter(building__in=[MAIN, LAB])}
    for building, number, day, period, note in DEMO_ROOM_UNAVAILABLE:
        room = rooms.get((building, number))
        if room is not None:
            RoomUnavailability.objects.get_or_create(room=room, day=day, period=period, defaults={"note": note})


def _term_to_solve():
    """The term with the most open sections among those not over yet (else the latest with sections)."""
    from academics.models import Term
    from enrollment.choices import SectionStatus

    terms = (
        Term.objects.annotate(n=Count("sections", filter=Q(sections__status=SectionStatus.OPEN)))
        .filter(n__gt=0)
        .order_by("-n", "starts_on")
    )
    return terms.filter(ends_on__gte=timezone.localdate()).first() or terms.order_by("-starts_on").first()


def seed_timetable(ctx) -> None:
    from registrar.models import User

    from . import services
    from .models import TimetableVersion

    rooms, periods = _seed_rooms(), _seed_grid()
    _seed_unavailability()
    _seed_room_unavailability()
    ctx.log(f"timetable: {rooms} rooms and {periods} class periods created")
    registrar = User.objects.filter(username="registrar").first()
    term = _term_to_solve()
    if registrar is None or term is None:
        ctx.log("timetable: no demo registrar or no term with sections; no timetable computed")
        return
    seed_exam_schedule(ctx, registrar, term)
    if TimetableVersion.objects.filter(term=term, study_form="full_time").exists():
        ctx.log(f"timetable: {term} has a timetable already")
        return
    version = services.timetable_version_create(
        actor=registrar, term=term, study_form="full_time", time_limit=DEMO_TIME_LIMIT
    )
    version = services.timetable_solve(version, seed=ctx.seed)
    if version.solve_status == "done":
        # Published even with hard violations (a demo teacher may have more lessons than the week has
        # periods): the version's page lists them, and students and teachers have a timetable to open.
        version = services.timetable_publish(actor=registrar, version=version)
    for warning in version.cost_breakdown.get("warnings", []):
        ctx.log(f"  {services.warning_text(warning)}")
    ctx.log(
        f"timetable: {term}: {version.get_solve_status_display()}, {version.lessons.count()} lessons, "
        f"hard violations {version.hard_violations}, cost {version.soft_cost}, {version.get_status_display()}"
        + (f" ({version.message})" if version.message else "")
    )


def seed_exam_schedule(ctx, registrar, term) -> None:
    """The exam schedule of the demo term (full-time), computed briefly and published; skipped when the
    term has no exam session or has an exam schedule already."""
    from . import exam_services
    from .models import ExamScheduleVersion

    if ExamScheduleVersion.objects.filter(term=term, study_form="full_time").exists():
        ctx.log(f"exams: {term} has an exam schedule already")
        return
    if not exam_services.session_days(term, "full_time"):
        ctx.log(f"exams: {term} has no exam session in the calendar; no exam schedule computed")
        return
    version = exam_services.exam_version_create(
        actor=registrar, term=term, study_form="full_time", time_limit=DEMO_EXAM_TIME_LIMIT
    )
    version = exam_services.exam_solve(version, seed=ctx.seed)
    if version.solve_status == "done":
        version = exam_services.exam_publish(actor=registrar, version=version)
    for warning in version.cost_breakdown.get("warnings", []):
        ctx.log(f"  {exam_services.warning_text(warning)}")
    ctx.log(
        f"exams: {term}: {version.get_solve_status_display()}, {version.exams.count()} exams, "
        f"hard violations {version.hard_violations}, {version.get_status_display()}"
        + (f" ({version.message})" if version.message else "")
    )
