"""Links on the student card to pages of later apps (documents, mobility...): those apps register
them at start-up, so enrollment never imports or names them (DESIGN.md: dependencies point one way)."""

from dataclasses import dataclass

from django.urls import reverse

from registrar.policy import may


@dataclass(frozen=True)
class CardLink:
    label: str  # a lazy translation
    url_name: str  # takes the student's pk
    action: str  # the policy checked against the student
    order: int = 100
    element_id: str = ""


_LINKS: list[CardLink] = []


def register(link: CardLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def links_for(user, student) -> list[dict]:
    return [
        {"label": link.label, "url": reverse(link.url_name, args=[student.pk]), "id": link.element_id}
        for link in sorted(_LINKS, key=lambda item: item.order)
        if may(user, link.action, student)
    ]
