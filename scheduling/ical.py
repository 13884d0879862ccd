"""The iCalendar feed of a person's timetable (RFC 5545), written by hand: CRLF line endings, lines
folded at 75 octets (never inside a UTF-8 character), `\\`, `;`, `,` and newlines escaped in text.

One weekly recurring VEVENT per scheduled lesson of the published versions of the current and coming
terms: DTSTART on the first day of the lesson's weekday on or after the term's start, at its class
period's clock times in settings.TIME_ZONE (TZID, with a VTIMEZONE built from zoneinfo), repeated
weekly until the term's end. Students get the lessons of their own sections, teachers their own.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academics.models import Teacher
from enrollment.policies import own_student

from . import selectors
from .models import CalendarToken, ClassPeriod, VersionStatus, new_calendar_token

LINE_OCTETS = 75


# --- tokens ------------------------------------------------------------------------------------------------------


def calendar_token_for(user) -> CalendarToken:
    """The user's feed token, created on first use."""
    row, _created = CalendarToken.objects.get_or_create(user=user)
    return row


@transaction.atomic
def calendar_token_reset(user) -> CalendarToken:
    """A new token: the old feed URL stops working at once."""
    row, created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    if not created:
        row.token = new_calendar_token()
        row.created_at = timezone.now()
        row.save(update_fields=["token", "created_at"])
    return row


# --- RFC 5545 text ----------------------------------------------------------------------------------------------


def escape_text(value) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    text = str(value or "")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into parts of at most 75 octets, continuation parts starting with a space."""
    parts, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space of a continuation counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(value: datetime.datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def _vtimezone(zone: zoneinfo.ZoneInfo, at: datetime.date) -> list[str]:
    """The zone as one STANDARD rule with its offset at `at` (Kazakhstan's zones have no daylight saving)."""
    moment = datetime.datetime.combine(at, datetime.time(12), tzinfo=zone)
    offset = _offset(moment.utcoffset())
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{zone.key}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{escape_text(moment.tzname())}",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]


def first_weekday_on_or_after(start: datetime.date, day: int) -> datetime.date:
    """The first date on or after `start` whose ISO weekday is `day` (1 = Monday)."""
    return start + datetime.timedelta(days=(day - start.isoweekday()) % 7)


# --- what the feed holds ----------------------------------------------------------------------------------------


def feed_lessons(user) -> list:
    """(version, lesson) pairs of `user`'s timetable: a student's sections or a teacher's lessons, in the
    published versions of terms not yet over (the current and the coming ones)."""
    today = timezone.localdate()
    student = own_student(user)
    versions = selectors.VERSIONS.filter(status=VersionStatus.PUBLISHED, term__ends_on__gte=today)
    if student is not None:
        versions = versions.filter(study_form=student.study_form)
        lessons_of = lambda version: selectors.student_lessons(version, student)  # noqa: E731
    else:
        teacher = Teacher.objects.filter(user=user).first()
        if teacher is None:
            return []
        lessons_of = lambda version: selectors.teacher_lessons(version, teacher)  # noqa: E731
    pairs = []
    for version in versions.order_by("term__starts_on", "pk"):
        pairs.extend((version, lesson) for lesson in lessons_of(version).order_by("day", "period", "pk"))
    return pairs


def _event(version, lesson, period: ClassPeriod, zone, stamp: str, host: str) -> list[str]:
    term = version.term
    date = first_weekday_on_or_after(term.starts_on, lesson.day)
    starts = datetime.datetime.combine(date, period.starts_at)
    ends = datetime.datetime.combine(date, period.ends_at)
    until = datetime.datetime.combine(term.ends_on, datetime.time(23, 59, 59), tzinfo=zone)
    section = lesson.section
    discipline = section.discipline
    description = [f"{section.get_kind_display()} {section.number} ({section.code})"]
    if section.teacher is not None:
        description.append(f"{_('teacher')}: {section.teacher}")
    return [
        "BEGIN:VEVENT",
        f"UID:lesson-{lesson.pk}-v{version.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={zone.key}:{_local(starts)}",
        f"DTEND;TZID={zone.key}:{_local(ends)}",
        f"RRULE:FREQ=WEEKLY;UNTIL={_utc(until)}",
        f"SUMMARY:{escape_text(f'{discipline.code} {discipline.name}')}",
        f"LOCATION:{escape_text(lesson.room)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        "END:VEVENT",
    ]


def user_calendar(user, host: str = "registrar") -> str:
    """The VCALENDAR of `user`'s timetable as text with CRLF line endings."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    pairs = feed_lessons(user)
    forms = {version.study_form for version, _lesson in pairs}
    periods = {(p.study_form, p.day, p.number): p for p in ClassPeriod.objects.filter(study_form__in=forms)}
    stamp = _utc(timezone.now())
    name = _("Timetable: %(name)s") % {"name": user.full_name or user.username}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//registrar//timetable//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{zone.key}",
    ]
    lines += _vtimezone(zone, pairs[0][0].term.starts_on if pairs else timezone.localdate())
    for version, lesson in pairs:
        period = periods.get((version.study_form, lesson.day, lesson.period))
        if period is None:  # a lesson outside the time grid has no clock time
            continue
        lines += _event(version, lesson, period, zone, stamp, host)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
