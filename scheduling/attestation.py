"""The final-attestation schedule (итоговая аттестация): attestation commissions of an academic year,
their members, their events (a form of attestation for a programme, a date, times and a room) and the
final-year students assigned to each event.

Rules held here (the views only parse input):

- a commission has a name unique in its year, at least one programme, a chair (name and position) and a
  secretary (a teacher or a name from outside);
- an event's programme is one of its commission's; its date lies within a "final attestation" period of
  the academic calendar of the commission's year (any of them, when the year has several: per study form
  or year of study); a year without one: within the academic year; the refusal names the dates;
- a commission is not in two places at once, and a room holds one attestation event at a time (times on
  the same date overlap); a student sits in at most one event of each form in a year;
- distribution: a programme's final-year students (active, year of study >= the programme's duration),
  ordered by academic group then surname, are spread over the commission's events of that programme and
  form in date order, in equal runs of at most the university's cap per sitting
  (`attestation_max_per_defence` / `attestation_max_per_exam`); those who do not fit are named;
- publishing needs no hard problem (overlaps, a student twice); unplaced students are a warning.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from academics.choices import PeriodKind
from academics.models import CalendarPeriod
from enrollment.choices import StudentStatus
from enrollment.models import Student
from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import university_settings

from .models import (
    DEFENCE_FORMS,
    AttestationAssignment,
    AttestationCommission,
    AttestationEvent,
    AttestationMember,
    AttestationStatus,
)

MANAGE = "attestation.manage"


def cap_for(form: str) -> int:
    """Most students per sitting of `form`, from the university settings."""
    s = university_settings()
    return s.attestation_max_per_defence if form in DEFENCE_FORMS else s.attestation_max_per_exam


def final_year_students(programme):
    """Active students of `programme` in its final year (year of study >= duration, as the honours list
    counts it), in group order then surname."""
    return (
        Student.objects.filter(
            programme=programme, status=StudentStatus.ACTIVE, year_of_study__gte=F("programme__duration_years")
        )
        .select_related("group")
        .order_by(F("group__name").asc(nulls_last=True), "last_name", "first_name", "patronymic", "pk")
    )


def _d(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


# --- commissions and members -------------------------------------------------------------------------------------


def commission_save(
    *,
    actor,
    academic_year,
    name: str,
    programmes,
    chair_name: str,
    chair_position: str,
    secretary=None,
    secretary_name: str = "",
    commission: AttestationCommission | None = None,
) -> AttestationCommission:
    require(actor, MANAGE)
    name, chair_name, chair_position = (name or "").strip(), (chair_name or "").strip(), (chair_position or "").strip()
    secretary_name = (secretary_name or "").strip()
    programmes = list(programmes or [])
    if not name:
        raise DomainError(_("Name the commission."), field="name")
    if not programmes:
        raise DomainError(_("Choose at least one educational programme."), field="programmes")
    if not chair_name:
        raise DomainError(_("Name the chair of the commission."), field="chair_name")
    if not chair_position:
        raise DomainError(_("State the chair's position and place of work."), field="chair_position")
    if secretary is None and not secretary_name:
        raise DomainError(_("Choose a teacher as the secretary or name one from outside."), field="secretary")
    if secretary is not None and secretary_name:
        raise DomainError(_("Either a teacher or a name from outside as the secretary, not both."), field="secretary")
    duplicate = AttestationCommission.objects.filter(academic_year=academic_year, name=name)
    if commission is not None:
        duplicate = duplicate.exclude(pk=commission.pk)
    if duplicate.exists():
        raise DomainError(
            _("A commission named “%(name)s” already exists in %(year)s.") % {"name": name, "year": academic_year},
            field="name",
        )
    with transaction.atomic():
        if commission is not None:
            used = set(commission.events.values_list("programme_id", flat=True))
            dropped = used - {p.pk for p in programmes}
            if dropped:
                raise DomainError(
                    _("The commission has events of a programme you removed: delete them first."), field="programmes"
                )
        obj = commission or AttestationCommission(academic_year=academic_year)
        obj.academic_year = academic_year
        obj.name, obj.chair_name, obj.chair_position = name, chair_name, chair_position
        obj.secretary, obj.secretary_name = secretary, secretary_name
        obj._history_user = actor
        obj.save()
        obj.programmes.set(programmes)
    return obj


def member_add(*, actor, commission, teacher=None, name: str = "", position: str = "") -> AttestationMember:
    require(actor, MANAGE)
    name, position = (name or "").strip(), (position or "").strip()
    if teacher is None and not name:
        raise DomainError(_("Choose a teacher or name a member from outside."), field="teacher")
    if teacher is not None and name:
        raise DomainError(_("Either a teacher or a name from outside, not both."), field="name")
    if teacher is not None and commission.members.filter(teacher=teacher).exists():
        raise DomainError(
            _("%(teacher)s is already a member of the commission.") % {"teacher": teacher}, field="teacher"
        )
    return AttestationMember.objects.create(commission=commission, teacher=teacher, name=name, position=position)


def member_remove(*, actor, member: AttestationMember) -> None:
    require(actor, MANAGE)
    member.delete()


# --- events ------------------------------------------------------------------------------------------------------


def attestation_windows(academic_year) -> list[tuple[datetime.date, datetime.date]]:
    """The (start, end) of the year's final-attestation periods; empty when the calendar has none."""
    return list(
        CalendarPeriod.objects.filter(academic_year=academic_year, kind=PeriodKind.FINAL_ATTESTATION)
        .order_by("starts_on")
        .values_list("starts_on", "ends_on")
    )


def date_error(academic_year, day: datetime.date) -> str | None:
    windows = attestation_windows(academic_year)
    if windows:
        if any(start <= day <= end for start, end in windows):
            return None
        return _("The date is outside the final attestation of %(year)s: %(dates)s.") % {
            "year": academic_year,
            "dates": "; ".join(f"{_d(s)}–{_d(e)}" for s, e in windows),
        }
    if academic_year.starts_on <= day <= academic_year.ends_on:
        return None
    return _("The date is outside the academic year %(year)s: %(start)s–%(end)s.") % {
        "year": academic_year,
        "start": _d(academic_year.starts_on),
        "end": _d(academic_year.ends_on),
    }


def _overlapping(day, starts_at, ends_at, exclude_pk=None):
    qs = AttestationEvent.objects.filter(date=day, starts_at__lt=ends_at, ends_at__gt=starts_at)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def event_save(
    *,
    actor,
    commission,
    programme,
    form: str,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    room,
    event: AttestationEvent | None = None,
) -> AttestationEvent:
    """Add an event to a commission or change one (the refusal names the field)."""
    require(actor, MANAGE)
    if not commission.programmes.filter(pk=programme.pk).exists():
        raise DomainError(_("The programme is not one of the commission's."), field="programme")
    error = date_error(commission.academic_year, date)
    if error:
        raise DomainError(error, field="date")
    if starts_at >= ends_at:
        raise DomainError(_("An event must end after it starts."), field="ends_at")
    if not room.is_active:
        raise DomainError(_("Room %(room)s is not active.") % {"room": room}, field="room")
    with transaction.atomic():
        AttestationCommission.objects.select_for_update().get(pk=commission.pk)
        others = _overlapping(date, starts_at, ends_at, event.pk if event else None).select_related("commission")
        busy = next((o for o in others if o.commission_id == commission.pk), None)
        if busy is not None:
            raise DomainError(
                _("The commission sits at this time already: %(event)s.") % {"event": busy}, field="starts_at"
            )
        taken = next((o for o in others if o.room_id == room.pk), None)
        if taken is not None:
            raise DomainError(
                _("Room %(room)s is taken at this time by %(commission)s.")
                % {"room": room, "commission": taken.commission.name},
                field="room",
            )
        if event is not None and event.form != form and event.assignments.exists():
            raise DomainError(
                _("Students are assigned to the event: remove them before changing its form."), field="form"
            )
        obj = event or AttestationEvent(commission=commission)
        obj.programme, obj.form, obj.date, obj.starts_at, obj.ends_at, obj.room = (
            programme,
            form,
            date,
            starts_at,
            ends_at,
            room,
        )
        obj.save()
    return obj


def event_delete(*, actor, event: AttestationEvent) -> None:
    require(actor, MANAGE)
    event.delete()


# --- students ----------------------------------------------------------------------------------------------------


def _same_form_elsewhere(student_ids, form, academic_year, exclude_event_ids=()) -> dict[int, AttestationEvent]:
    rows = (
        AttestationAssignment.objects.filter(
            student_id__in=student_ids, event__form=form, event__commission__academic_year=academic_year
        )
        .exclude(event_id__in=list(exclude_event_ids))
        .select_related("event__room")
    )
    return {r.student_id: r.event for r in rows}


@dataclass
class Distribution:
    placed: int
    per_event: list[tuple[AttestationEvent, int]]
    unplaced: list  # Student rows that did not fit
    elsewhere: list  # Student rows already in another commission's event of the form


def distribute(*, actor, commission, programme, form: str) -> Distribution:
    """Spread the programme's final-year students over the commission's events of that programme and form
    (replacing their assignments): group order then surname, in date order, equal runs of at most the cap."""
    require(actor, MANAGE)
    with transaction.atomic():
        AttestationCommission.objects.select_for_update().get(pk=commission.pk)
        events = list(
            commission.events.filter(programme=programme, form=form)
            .select_related("room")
            .order_by("date", "starts_at", "pk")
        )
        if not events:
            raise DomainError(
                _("The commission has no events of this programme and form: add one first."), field="form"
            )
        students = list(final_year_students(programme))
        elsewhere_of = _same_form_elsewhere(
            [s.pk for s in students], form, commission.academic_year, exclude_event_ids=[e.pk for e in events]
        )
        elsewhere = [s for s in students if s.pk in elsewhere_of]
        students = [s for s in students if s.pk not in elsewhere_of]
        cap = cap_for(form)
        per = min(cap, math.ceil(len(students) / len(events))) if students else 0
        AttestationAssignment.objects.filter(event__in=events).delete()
        rows, counts = [], []
        for i, event in enumerate(events):
            chunk = students[i * per : (i + 1) * per] if per else []
            rows += [AttestationAssignment(event=event, student=s, position=n) for n, s in enumerate(chunk, 1)]
            counts.append((event, len(chunk)))
        AttestationAssignment.objects.bulk_create(rows)
        unplaced = students[per * len(events) :] if per else []
    return Distribution(len(rows), counts, unplaced, elsewhere)


def assign(*, actor, event: AttestationEvent, student) -> AttestationAssignment:
    """Add one student to an event by hand (a final-year student of its programme, not in another event of the
    form this year, while the event has room under the cap)."""
    require(actor, MANAGE)
    with transaction.atomic():
        AttestationCommission.objects.select_for_update().get(pk=event.commission_id)
        if not final_year_students(event.programme).filter(pk=student.pk).exists():
            raise DomainError(
                _("%(student)s is not a final-year student of %(programme)s.")
                % {"student": student, "programme": event.programme},
                field="student",
            )
        other = _same_form_elsewhere([student.pk], event.form, event.commission.academic_year).get(student.pk)
        if other is not None:
            raise DomainError(
                _("%(student)s already sits in %(event)s.") % {"student": student, "event": other}, field="student"
            )
        count = event.assignments.count()
        cap = cap_for(event.form)
        if count >= cap:
            raise DomainError(
                _("The event has %(count)s students already, the most allowed per sitting.") % {"count": count},
                field="student",
            )
        return AttestationAssignment.objects.create(event=event, student=student, position=count + 1)


def unassign(*, actor, assignment: AttestationAssignment) -> None:
    require(actor, MANAGE)
    assignment.delete()


# --- checking and publishing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    hard: bool = True


def check(commission) -> list[Problem]:
    """What is wrong with a commission's schedule: overlaps of the commission or of a room with any other
    attestation event, a student twice in one form, a final-year student of its programmes not placed."""
    out: list[Problem] = []
    events = list(commission.events.select_related("room", "programme"))
    days = {e.date for e in events}
    others = list(
        AttestationEvent.objects.filter(date__in=days)
        .select_related("commission", "room")
        .exclude(commission=commission)
    )
    for i, e in enumerate(events):
        for f in events[i + 1 :]:
            if e.date == f.date and e.starts_at < f.ends_at and f.starts_at < e.ends_at:
                out.append(
                    Problem(
                        "commission_busy", _("The commission sits twice at once: %(a)s and %(b)s.") % {"a": e, "b": f}
                    )
                )
        for o in others:
            if o.room_id == e.room_id and o.date == e.date and e.starts_at < o.ends_at and o.starts_at < e.ends_at:
                out.append(
                    Problem(
                        "room_busy",
                        _("Room %(room)s is taken at %(event)s by %(commission)s.")
                        % {"room": e.room, "event": e, "commission": o.commission.name},
                    )
                )
    rows = AttestationAssignment.objects.filter(
        event__commission__academic_year=commission.academic_year, event__programme__in=commission.programmes.all()
    ).values_list("student_id", "event__form", "event_id")
    seen: dict[tuple[int, str], int] = {}
    twice: set[int] = set()
    placed: dict[str, set[int]] = {}
    for student_id, form, _event_id in rows:
        if (student_id, form) in seen:
            twice.add(student_id)
        seen[(student_id, form)] = _event_id
        placed.setdefault(form, set()).add(student_id)
    if twice:
        names = Student.objects.filter(pk__in=twice).order_by("last_name", "first_name")
        out.append(
            Problem(
                "student_twice",
                _("In two events of the same form: %(names)s.") % {"names": ", ".join(s.full_name for s in names)},
            )
        )
    for programme in commission.programmes.all():
        forms = sorted({e.form for e in events if e.programme_id == programme.pk})
        if not forms:
            continue
        students = list(final_year_students(programme))
        for form in forms:
            missing = [s for s in students if s.pk not in placed.get(form, set())]
            if missing:
                label = dict(AttestationEvent._meta.get_field("form").choices)[form]
                out.append(
                    Problem(
                        "unplaced",
                        _("%(programme)s, %(form)s: not placed: %(names)s.")
                        % {
                            "programme": programme.code,
                            "form": label,
                            "names": ", ".join(s.full_name for s in missing),
                        },
                        hard=False,
                    )
                )
    return out


def publish(*, actor, commission) -> list[Problem]:
    """Publish the schedule (students and the commission's teachers see it); refused with a hard problem.
    Returns the warnings (students not placed)."""
    require(actor, MANAGE)
    with transaction.atomic():
        commission = AttestationCommission.objects.select_for_update().get(pk=commission.pk)
        if not commission.events.exists():
            raise DomainError(_("The commission has no events to publish."))
        problems = check(commission)
        hard = [p for p in problems if p.hard]
        if hard:
            raise DomainError(hard[0].message, errors=[p.message for p in hard])
        commission.status, commission.published_at, commission.published_by = (
            AttestationStatus.PUBLISHED,
            timezone.now(),
            actor,
        )
        commission._history_user = actor
        commission.save(update_fields=["status", "published_at", "published_by"])
    return [p for p in problems if not p.hard]


def unpublish(*, actor, commission) -> None:
    require(actor, MANAGE)
    commission.status, commission.published_at, commission.published_by = AttestationStatus.DRAFT, None, None
    commission._history_user = actor
    commission.save(update_fields=["status", "published_at", "published_by"])


# --- reads -------------------------------------------------------------------------------------------------------


def schedule(commission) -> list[AttestationEvent]:
    """The commission's events with their students (group, order), in date order: two queries."""
    return list(
        commission.events.select_related("room", "programme").prefetch_related(
            Prefetch(
                "assignments",
                queryset=AttestationAssignment.objects.select_related("student__group").order_by("position", "pk"),
            )
        )
    )


def student_events(student) -> list[AttestationEvent]:
    """A student's events in published commissions, in date order."""
    return list(
        AttestationEvent.objects.filter(assignments__student=student, commission__status=AttestationStatus.PUBLISHED)
        .select_related("room", "commission", "programme")
        .order_by("date", "starts_at")
    )


def teacher_events(teacher) -> list[AttestationEvent]:
    """The events of the published commissions a teacher sits on (member or secretary)."""
    return list(
        AttestationEvent.objects.filter(
            Q(commission__members__teacher=teacher) | Q(commission__secretary=teacher),
            commission__status=AttestationStatus.PUBLISHED,
        )
        .distinct()
        .select_related("room", "commission", "programme")
        .order_by("date", "starts_at")
    )
