"""Dashboard panels; each app adds its own in AppConfig.ready().

A panel shows when the policy allows its action; its context function runs a bounded number
of queries (asserted in tests)."""

from collections.abc import Callable
from dataclasses import dataclass

from . import policy


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    action: str
    context: Callable  # (request) -> dict
    order: int = 100
    width: int = 6  # Bootstrap columns of 12


_PANELS: list[Panel] = []


def add(*panels: Panel) -> None:
    for panel in panels:
        if panel.name not in {p.name for p in _PANELS}:
            _PANELS.append(panel)


def panels_for(request) -> list[dict]:
    shown = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        if policy.may(request.user, panel.action):
            shown.append({"template": panel.template, "width": panel.width, **panel.context(request)})
    return shown
