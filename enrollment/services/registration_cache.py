"""Per-process caches of what registration day reads on every click and the office changes a few
times a year: the calendar's registration windows, the disciplines themselves, a discipline's prerequisites, and where
a discipline sits in a curriculum (compulsory, or elective in which block).

Each answer is kept for `SECONDS` in the process that computed it and dropped at once when this
process saves one of the models it comes from (signals wired in enrollment/apps.py), so an edit is
seen by every process within seconds. Seats, plans and results are never cached: they are read
fresh, under the plan's row lock, on every change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.utils import timezone

from academics.calendar_rules import PeriodScope
from academics.choices import PeriodKind
from academics.models import CurriculumItem, Discipline
from academics.services.calendar import period_next, period_open

from .. import registration_rules as rules

SECONDS = 10
MAX_KEYS = 10_000


class TtlCache:
    """A dict whose entries expire after `seconds`; cleared whole when it grows past MAX_KEYS."""

    def __init__(self, seconds: float = SECONDS):
        self.seconds = seconds
        self._data: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        hit = self._data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        value = compute()
        with self._lock:
            if len(self._data) >= MAX_KEYS:
                self._data.clear()
            self._data[key] = (now + self.seconds, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_windows = TtlCache()
_catalogue = TtlCache()
_disciplines = TtlCache()


def forget(**_kwargs) -> None:
    """Drop every cached answer (a signal receiver; tests call it between tests)."""
    _windows.clear()
    _catalogue.clear()
    _disciplines.clear()


def forget_disciplines(**_kwargs) -> None:
    """A discipline was saved or deleted: drop the cached disciplines only."""
    _disciplines.clear()


def discipline(pk: int) -> Discipline | None:
    """The discipline `pk` (None when there is none), as registration's forms read it on every click.
    Shared between requests of this process: read it, never change it."""
    return _disciplines.get(pk, lambda: Discipline.objects.filter(pk=pk).first())


def windows_for(scope: PeriodScope) -> tuple[bool, bool, tuple | None]:
    """(registration open, add/drop open, (start, end) of the next window when both are closed)."""
    today = timezone.localdate()

    def compute():
        registration_open = period_open(PeriodKind.REGISTRATION, scope, today) is not None
        add_drop_open = period_open(PeriodKind.ADD_DROP, scope, today) is not None
        window_next = None
        if not (registration_open or add_drop_open):
            upcoming = [
                p
                for p in (
                    period_next(PeriodKind.REGISTRATION, scope, today),
                    period_next(PeriodKind.ADD_DROP, scope, today),
                )
                if p
            ]
            if upcoming:
                first = min(upcoming, key=lambda p: p.starts_on)
                window_next = (first.starts_on, first.ends_on)
        return registration_open, add_drop_open, window_next

    return _windows.get((scope.study_form, scope.year_of_study, scope.term_key, today), compute)


def prerequisites_of(discipline: Discipline) -> list[rules.DisciplineFacts]:
    def compute():
        return [rules.DisciplineFacts(p.pk, p.code, p.name, p.credits) for p in discipline.prerequisites.all()]

    return _catalogue.get(("prerequisites", discipline.pk), compute)


def placements_of(curriculum_id: int, discipline_id: int) -> list[CurriculumItem]:
    """The discipline's items in the curriculum, each with its elective block (None: compulsory).
    Shared between requests of this process: read them, never change them."""

    def compute():
        return list(
            CurriculumItem.objects.filter(curriculum_id=curriculum_id, discipline_id=discipline_id).select_related(
                "block"
            )
        )

    return _catalogue.get(("placements", curriculum_id, discipline_id), compute)
