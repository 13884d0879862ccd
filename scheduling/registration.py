"""Registration refuses a section that clashes with the student's other sections in the published
timetable of the term (issue 9; RULES.md §7 "clashes once a timetable exists"). Registered with
enrollment's registration checks at start-up, so enrollment never imports scheduling.

- `section_clash_problems(plan, section, item_id)`: when a seat is about to be taken (adding a
  discipline, moving to another section): one query for the lessons of that section and of the
  plan's other sections, and only when the term has a published timetable (cached for 10 s).
- `plan_clash_problems(plan, items)`: the clashes among a plan's sections, shown on the plan page and
  refusing submission.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from enrollment.choices import RegistrationRule
from enrollment.models import PlanItem
from enrollment.registration_rules import Problem
from enrollment.services.registration_cache import TtlCache

from .models import ScheduledLesson, TimetableVersion, VersionStatus, Weekday

_published = TtlCache()


def forget() -> None:
    """Called when a version is saved (published, archived): the next check reads afresh."""
    _published.clear()


def published_versions(term_id: int) -> tuple[int, ...]:
    return _published.get(
        term_id,
        lambda: tuple(
            TimetableVersion.objects.filter(term_id=term_id, status=VersionStatus.PUBLISHED).values_list(
                "pk", flat=True
            )
        ),
    )


def _label(code: str, kind: str, number: int, language: str) -> str:
    prefix = {"lecture": "L", "practice": "P", "lab": "Lab"}.get(kind, "")
    return f"{code}-{prefix}{number}-{language}"


def _lessons(version_ids, condition: Q) -> dict[int, dict]:
    """{section id: {"label", "discipline_id", "slots": {(day, period)}}} of the matching lessons."""
    rows = (
        ScheduledLesson.objects.filter(condition, version_id__in=version_ids)
        .values_list(
            "section_id",
            "day",
            "period",
            "section__discipline_id",
            "section__discipline__code",
            "section__kind",
            "section__number",
            "section__language",
        )
        .order_by()
    )
    sections: dict[int, dict] = {}
    for section_id, day, period, discipline_id, code, kind, number, language in rows:
        entry = sections.setdefault(
            section_id, {"label": _label(code, kind, number, language), "discipline_id": discipline_id, "slots": set()}
        )
        entry["slots"].add((day, period))
    return sections


def _clash(discipline_id, label: str, other: str, slot) -> Problem:
    day, period = slot
    return Problem(
        RegistrationRule.CLASH,
        _(
            "%(section)s clashes with %(other)s in the timetable (%(day)s, class period %(period)s): "
            "choose another section."
        )
        % {"section": label, "other": other, "day": Weekday(day).label, "period": period},
        discipline_id,
    )


def section_clash_problems(plan, section, item_id) -> list[Problem]:
    versions = published_versions(plan.term_id)
    if not versions:
        return []
    others = PlanItem.objects.filter(plan_id=plan.pk)
    if item_id is not None:
        others = others.exclude(pk=item_id)
    condition = (
        Q(section_id=section.pk)
        | Q(section_id__in=others.values("section_id"))
        | Q(section_id__in=others.values("practice_section_id"))
        | Q(section_id__in=others.values("lab_section_id"))
    )
    lessons = _lessons(versions, condition)
    mine = lessons.pop(section.pk, None)
    if mine is None:
        return []
    problems = []
    for entry in lessons.values():
        common = sorted(mine["slots"] & entry["slots"])
        if common:
            problems.append(_clash(section.discipline_id, mine["label"], entry["label"], common[0]))
    return problems


def plan_clash_problems(plan, items) -> list[Problem]:
    versions = published_versions(plan.term_id)
    fields = ("section_id", "practice_section_id", "lab_section_id")  # plan facts may carry fewer
    section_ids = {s for i in items for s in (getattr(i, f, None) for f in fields) if s}
    if not versions or len(section_ids) < 2:
        return []
    lessons = _lessons(versions, Q(section_id__in=section_ids))
    by_slot: dict[tuple, list[int]] = defaultdict(list)
    for section_id, entry in lessons.items():
        for slot in entry["slots"]:
            by_slot[slot].append(section_id)
    problems, seen = [], set()
    for slot in sorted(by_slot):
        clashing = sorted(by_slot[slot])
        for a, b in zip(clashing, clashing[1:], strict=False):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            problems.append(_clash(lessons[a]["discipline_id"], lessons[a]["label"], lessons[b]["label"], slot))
    return problems
