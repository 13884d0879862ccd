"""Menu entries; each app adds its own in AppConfig.ready(). A user sees an entry only if the
policy lets them perform its action, so the menu never offers a page that answers 403."""

from dataclasses import dataclass

from django.urls import reverse

from . import policy


@dataclass(frozen=True)
class NavItem:
    label: str  # a lazy translation
    url_name: str
    action: str
    section: str = ""  # a lazy translation; items of one section form a dropdown
    order: int = 100


_ITEMS: list[NavItem] = []


def add(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)


def items_for(user) -> list[dict]:
    """Menu of `user`: [{'label', 'items': [{'label', 'url'}]}], sections in order of first appearance."""
    sections: dict[str, list[dict]] = {}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if policy.may(user, item.action):
            sections.setdefault(str(item.section), []).append({"label": item.label, "url": reverse(item.url_name)})
    return [{"label": label, "items": entries} for label, entries in sections.items()]
