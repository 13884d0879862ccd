"""Demo final attestation (seeder 100, after the timetable's rooms): one attestation commission of the
current academic year for the programme with the most final-year students, a thesis defence sitting per
ten of them on consecutive days of the calendar's final-attestation period, the students distributed, and
the schedule published. Idempotent: a year that has a commission already is left as it is."""

import datetime

from django.db.models import Count, F, Q

DEMO_ORDER = 100


def seed_attestation(ctx) -> None:
    from django.db import transaction

    from registrar.errors import DomainError

    try:
        with transaction.atomic():
            _seed(ctx)
    except DomainError as exc:  # a demo calendar without room for the sittings: no schedule, the demo goes on
        ctx.log(f"attestation: not seeded: {exc.message}")


def _seed(ctx) -> None:
    from academics.choices import PeriodKind
    from academics.models import CalendarPeriod, Programme, Teacher
    from academics.selectors_calendar import current_academic_year
    from enrollment.choices import StudentStatus
    from registrar.models import User

    from . import attestation as service
    from .models import AttestationCommission, AttestationForm, Room

    registrar = User.objects.filter(username="registrar").first()
    year = current_academic_year()
    if registrar is None or year is None:
        ctx.log("attestation: no demo registrar or academic year")
        return
    if AttestationCommission.objects.filter(academic_year=year).exists():
        ctx.log(f"attestation: {year} has a commission already")
        return
    final = Q(students__status=StudentStatus.ACTIVE, students__year_of_study__gte=F("duration_years"))
    programme = (
        Programme.objects.annotate(n=Count("students", filter=final)).filter(n__gt=0).order_by("-n", "code").first()
    )
    room = Room.objects.filter(is_active=True, kind="classroom").order_by("building", "number").first()
    if programme is None or room is None:
        ctx.log("attestation: no programme with final-year students, or no room")
        return
    period = (
        CalendarPeriod.objects.filter(academic_year=year, kind=PeriodKind.FINAL_ATTESTATION)
        .order_by("starts_on")
        .first()
    )
    first_day = period.starts_on if period else year.ends_on - datetime.timedelta(days=30)
    teachers = list(
        Teacher.objects.filter(is_active=True, department__faculty=programme.faculty_id).order_by("pk")[:4]
    ) or list(Teacher.objects.filter(is_active=True).order_by("pk")[:4])
    demo_teacher = Teacher.objects.filter(user__username="teacher").first()
    if demo_teacher and demo_teacher not in teachers:
        teachers = [demo_teacher, *teachers[:3]]
    commission = service.commission_save(
        actor=registrar,
        academic_year=year,
        name="МАК-1 / ГАК-1",
        programmes=[programme],
        chair_name="Сәрсенбаев Қайрат Нұрланұлы",
        chair_position="т.ғ.к., «ҚазТехСервис» ЖШС директоры / к.т.н., директор ТОО «КазТехСервис»",
        secretary=teachers[-1] if len(teachers) > 1 else None,
        secretary_name="" if len(teachers) > 1 else "Әлиева Гүлнар",
    )
    for teacher in teachers[:-1] if len(teachers) > 1 else teachers:
        service.member_add(actor=registrar, commission=commission, teacher=teacher)
    service.member_add(
        actor=registrar, commission=commission, name="Иванов Сергей Петрович", position="PhD, ведущий инженер"
    )
    n = service.final_year_students(programme).count()
    cap = service.cap_for(AttestationForm.THESIS_DEFENCE)
    day = first_day
    for _i in range(-(-n // cap)):
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        service.event_save(
            actor=registrar,
            commission=commission,
            programme=programme,
            form=AttestationForm.THESIS_DEFENCE,
            date=day,
            starts_at=datetime.time(9, 0),
            ends_at=datetime.time(14, 0),
            room=room,
        )
        day += datetime.timedelta(days=1)
    result = service.distribute(
        actor=registrar, commission=commission, programme=programme, form=AttestationForm.THESIS_DEFENCE
    )
    service.publish(actor=registrar, commission=commission)
    ctx.log(
        f"attestation: {commission}: {programme.code}, {result.placed} students in {len(result.per_event)} sittings"
    )
