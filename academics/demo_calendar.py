"""Demo calendar: the previous and the current academic year with every period kind, modelled on
RULES.md §6 (a real university's 2011/12 calendar) and Kazakhstan's public holidays.

Idempotent: a year that already exists is left as it is (the registrar may have edited it).
Everything goes through the services, so the demo calendar keeps every rule the pages enforce.
"""

import datetime
from datetime import timedelta

from django.utils import timezone

from registrar.dates import academic_year_of

from .choices import PeriodKind as K
from .choices import StudyForm, TermKind
from .models import AcademicYear
from .services import calendar as services

WEEK = timedelta(days=7)
DAY = timedelta(days=1)
TERM_WEEKS = 15

# Public holidays of Kazakhstan (Labour Code art. 84 and the law on holidays): (month, day, days, name).
HOLIDAYS = [
    (10, 25, 1, "День Республики"),
    (12, 16, 1, "День Независимости"),
    (1, 1, 2, "Новый год"),
    (1, 7, 1, "Рождество Христово (православное)"),
    (3, 8, 1, "Международный женский день"),
    (3, 21, 3, "Наурыз мейрамы"),
    (5, 1, 1, "Праздник единства народа Казахстана"),
    (5, 7, 1, "День защитника Отечества"),
    (5, 9, 1, "День Победы"),
    (7, 6, 1, "День столицы"),
    (8, 30, 1, "День Конституции"),
]


def _term_windows(term: str, start: datetime.date) -> list[tuple]:
    """Classes of 15 weeks from `start`, РК1 in week 7, РК2 in week 15, grade entry until 3 days after."""
    rk1 = start + 6 * WEEK
    rk2 = start + 14 * WEEK
    return [
        (K.CLASSES, term, start, start + TERM_WEEKS * WEEK - DAY),
        (K.MIDTERM_1, term, rk1, rk1 + WEEK - DAY),
        (K.GRADE_ENTRY_1, term, rk1, rk1 + WEEK + 2 * DAY),
        (K.MIDTERM_2, term, rk2, rk2 + WEEK - DAY),
        (K.GRADE_ENTRY_2, term, rk2, rk2 + WEEK + 2 * DAY),
    ]


def year_plan(y: int) -> dict:
    """Dates of the academic year y/y+1: its terms and its periods as
    (kind, term kind or None, starts, ends, study form, year of study, name)."""
    n = y + 1
    d = datetime.date
    autumn, spring, summer = TermKind.AUTUMN, TermKind.SPRING, TermKind.SUMMER
    autumn_start, spring_start = d(y, 9, 1), d(n, 1, 19)
    spring_classes_end = spring_start + TERM_WEEKS * WEEK - DAY
    periods = [
        # Registration for the autumn in April, add/drop until 20 August and again in the first days.
        (K.REGISTRATION, autumn, d(y, 4, 1), d(y, 4, 25)),
        (K.ADD_DROP, autumn, d(y, 8, 10), d(y, 8, 20)),
        (K.ADD_DROP, autumn, autumn_start, d(y, 9, 10)),
        *_term_windows(autumn, autumn_start),
        (K.EXAM_SESSION, autumn, d(y, 12, 15), d(y, 12, 31), StudyForm.FULL_TIME),
        (K.EXAM_SESSION, autumn, d(y, 12, 22), d(n, 1, 9), StudyForm.DISTANCE),
        (K.GRADE_ENTRY_EXAM, autumn, d(y, 12, 15), d(n, 1, 10)),
        (K.FX_RETAKE, autumn, d(n, 1, 5), d(n, 1, 10)),
        (K.VACATION, None, d(n, 1, 11), d(n, 1, 18), "", None, "Зимние каникулы"),
        (K.REGISTRATION, spring, d(y, 11, 17), d(y, 11, 28)),
        (K.ADD_DROP, spring, spring_start, spring_start + 9 * DAY),
        *_term_windows(spring, spring_start),
        (K.EXAM_SESSION, spring, spring_classes_end + DAY, spring_classes_end + 21 * DAY, StudyForm.FULL_TIME),
        (K.EXAM_SESSION, spring, spring_classes_end + 8 * DAY, spring_classes_end + 28 * DAY, StudyForm.DISTANCE),
        (K.GRADE_ENTRY_EXAM, spring, spring_classes_end + DAY, spring_classes_end + 30 * DAY),
        (K.FX_RETAKE, spring, d(n, 6, 1), d(n, 6, 6)),
        (K.PRACTICE, None, d(n, 6, 8), d(n, 6, 21), "", 1, "Учебная практика"),
        (K.PRACTICE, None, d(n, 6, 8), d(n, 7, 5), "", 2, "Производственная практика"),
        (K.PRACTICE, None, d(n, 6, 8), d(n, 7, 5), "", 3, "Производственная практика"),
        (K.PRACTICE, None, d(n, 3, 30), d(n, 4, 25), "", 4, "Преддипломная практика"),
        (K.FINAL_ATTESTATION, None, d(n, 5, 25), d(n, 6, 20), "", 4),
        (K.REGISTRATION, summer, d(n, 5, 25), d(n, 6, 10)),
        (K.SUMMER_TERM, summer, d(n, 6, 15), d(n, 7, 31)),
        (K.EXAM_SESSION, summer, d(n, 7, 27), d(n, 7, 31)),
        (K.VACATION, None, d(n, 7, 6), d(n, 8, 31), "", None, "Летние каникулы"),
    ]
    for month, day, days, name in HOLIDAYS:
        first = d(y if month >= 9 else n, month, day)
        periods.append((K.HOLIDAY, None, first, first + (days - 1) * DAY, "", None, name))
    return {
        "starts_on": d(y, 9, 1),
        "ends_on": d(n, 8, 31),
        "terms": [
            (autumn, autumn_start, d(n, 1, 10)),
            (spring, spring_start, d(n, 6, 10)),
            (summer, d(n, 6, 15), d(n, 7, 31)),
        ],
        "periods": [p + ("", None, "")[len(p) - 4 :] for p in periods],
    }


def seed_year(actor, start_year: int) -> bool:
    """Create one demo academic year; False if it already exists."""
    if AcademicYear.objects.filter(start_year=start_year).exists():
        return False
    plan = year_plan(start_year)
    year = services.academic_year_create(
        actor=actor, start_year=start_year, starts_on=plan["starts_on"], ends_on=plan["ends_on"], terms=plan["terms"]
    )
    terms = {t.kind: t for t in year.terms.all()}
    for kind, term, starts_on, ends_on, study_form, year_of_study, name in plan["periods"]:
        services.period_create(
            actor=actor,
            academic_year=year,
            kind=kind,
            term=terms[term] if term else None,
            starts_on=starts_on,
            ends_on=ends_on,
            study_form=study_form,
            year_of_study=year_of_study,
            name=name,
        )
    return True


def seed_calendar(ctx) -> None:
    from registrar.models import User

    actor = User.objects.filter(username="registrar").first()
    if actor is None:
        ctx.log("calendar: no demo registrar to act as; skipped")
        return
    current = academic_year_of(timezone.localdate())
    for start_year in (current - 1, current):
        created = seed_year(actor, start_year)
        ctx.log(f"calendar {start_year}/{start_year + 1}: {'created' if created else 'exists, left as it is'}")
