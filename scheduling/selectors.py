"""Reads of the timetable pages, each in a bounded number of queries: which versions a user may see,
the lessons of a group, a student, a teacher or a room, and the week grid they are shown in."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from academics.models import Term
from enrollment.models import PlanItem

from .models import ClassPeriod, ScheduledLesson, SolveStatus, TimetableVersion, VersionStatus, Weekday

VERSIONS = TimetableVersion.objects.select_related("term__academic_year", "created_by", "published_by")


def versions_visible_to(user):
    """Computed versions `user` may open in the grid pages: the office every one, others the published ones."""
    qs = VERSIONS.filter(solve_status=SolveStatus.DONE)
    if not user.is_office:
        qs = qs.filter(status=VersionStatus.PUBLISHED)
    return qs.order_by("-term__starts_on", "study_form", "-created_at")


def pick_version(versions, requested: str | None, study_form: str | None = None):
    """The requested version among `versions` (a list), else the published one of the term running today
    (or the latest), else the first; None when there is none."""
    if requested:
        return next((v for v in versions if str(v.pk) == str(requested)), None)
    if study_form:
        versions = [v for v in versions if v.study_form == study_form] or versions
    published = [v for v in versions if v.status == VersionStatus.PUBLISHED]
    today = timezone.localdate()
    current = [v for v in published if v.term.starts_on <= today <= v.term.ends_on]
    return (current or published or versions or [None])[0]


def published_versions_for_form(study_form: str):
    return list(VERSIONS.filter(status=VersionStatus.PUBLISHED, study_form=study_form).order_by("-term__starts_on"))


def lessons(version):
    return ScheduledLesson.objects.filter(version=version).select_related(
        "section__discipline", "section__teacher__user", "room"
    )


def _plan_sections(term, condition: Q) -> set[int]:
    ids = set()
    rows = PlanItem.objects.filter(condition, plan__term=term).values_list(
        "section_id", "practice_section_id", "lab_section_id"
    )
    for row in rows:
        ids.update(i for i in row if i is not None)
    return ids


def student_lessons(version, student):
    return lessons(version).filter(section_id__in=_plan_sections(version.term_id, Q(plan__student=student)))


def group_lessons(version, group):
    return lessons(version).filter(section_id__in=_plan_sections(version.term_id, Q(plan__student__group=group)))


def teacher_lessons(version, teacher):
    return lessons(version).filter(section__teacher=teacher)


def room_lessons(version, room):
    return lessons(version).filter(room=room)


def week_grid(version, rows) -> dict:
    """{"days": [(day, label)], "rows": [{"number", "times", "cells": [[lesson, ...] per day]}]} over the
    version's time grid (and any day or period a lesson stands at outside it)."""
    periods = list(ClassPeriod.objects.filter(study_form=version.study_form))
    rows = list(rows)
    days = sorted({p.day for p in periods} | {x.day for x in rows})
    numbers = sorted({p.number for p in periods} | {x.period for x in rows})
    times = {}
    for p in periods:
        times.setdefault(p.number, f"{p.starts_at:%H:%M}–{p.ends_at:%H:%M}")
    at = {}
    for lesson in sorted(rows, key=lambda x: (x.section.discipline.code, x.section_id)):
        at.setdefault((lesson.day, lesson.period), []).append(lesson)
    return {
        "days": [(d, Weekday(d).label) for d in days],
        "rows": [
            {"number": n, "times": times.get(n, ""), "cells": [at.get((d, n), []) for d in days]} for n in numbers
        ],
        "count": len(rows),
    }


def terms():
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")
