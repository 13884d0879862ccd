"""Registries through which later apps take part in registration without `enrollment` importing them
(DESIGN.md: dependencies point one way).

- `register_check(fn)`: `fn(plan, items) -> list[Problem]` adds checks a later app owns; scheduling
  registers the timetable-clash check here once a timetable exists.
- `register_required_items(fn)`: `fn(plan) -> list[(discipline, kind)]` adds required items to a new
  plan; grading registers the academic difference of transferred and reinstated students here.
"""

from collections.abc import Callable

_checks: list[Callable] = []
_required: list[Callable] = []


def register_check(fn: Callable) -> Callable:
    if fn not in _checks:
        _checks.append(fn)
    return fn


def register_required_items(fn: Callable) -> Callable:
    if fn not in _required:
        _required.append(fn)
    return fn


def extra_checks() -> tuple[Callable, ...]:
    return tuple(_checks)


def required_item_providers() -> tuple[Callable, ...]:
    return tuple(_required)
