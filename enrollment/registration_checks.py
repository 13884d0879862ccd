"""Registries through which later apps take part in registration without `enrollment` importing them
(DESIGN.md: dependencies point one way).

- `register_check(fn)`: `fn(plan, items) -> list[Problem]` adds checks a later app owns; scheduling
  registers the timetable-clash check here once a timetable exists.
- `register_section_check(fn)`: `fn(plan, section, item_id) -> list[Problem]` runs when a seat is
  about to be taken in `section` for the plan's item `item_id` (None for a new item): adding a
  discipline or moving to another section. Scheduling refuses a section whose lessons clash with the
  plan's other sections in the published timetable.
- `register_required_items(fn)`: `fn(plan) -> list[(discipline, kind)]` adds required items to a new
  plan; grading registers the academic difference of transferred and reinstated students here.
"""

from collections.abc import Callable

_checks: list[Callable] = []
_required: list[Callable] = []
_section_checks: list[Callable] = []


def register_check(fn: Callable) -> Callable:
    if fn not in _checks:
        _checks.append(fn)
    return fn


def register_section_check(fn: Callable) -> Callable:
    if fn not in _section_checks:
        _section_checks.append(fn)
    return fn


def register_required_items(fn: Callable) -> Callable:
    if fn not in _required:
        _required.append(fn)
    return fn


def extra_checks() -> tuple[Callable, ...]:
    return tuple(_checks)


def section_checks() -> tuple[Callable, ...]:
    return tuple(_section_checks)


def required_item_providers() -> tuple[Callable, ...]:
    return tuple(_required)
