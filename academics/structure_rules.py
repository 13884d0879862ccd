"""Rules of the academic structure and the discipline catalogue over plain data (RULES.md §5).

No database here: the forms, the services and the catalogue import ask the same functions,
and the tests try them exhaustively.
"""

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.utils.translation import gettext as _

K = TypeVar("K")

HOURS_FIELDS = ("hours_lecture", "hours_practice", "hours_lab", "hours_self_with_teacher", "hours_self")

# A discipline code: letters (Latin, Cyrillic, Kazakh), digits, "-", "_" or ".", starting with a letter
# or digit, at most 20 characters, no spaces (codes are typed into imports and searched for).
DISCIPLINE_CODE_RE = re.compile(r"^[^\W_][\w.\-]{0,19}$")

# Codes of structure units (faculty, department): the same alphabet, up to 20 characters.
UNIT_CODE_RE = DISCIPLINE_CODE_RE


def discipline_code_error(code: str) -> str | None:
    """Why `code` cannot be a discipline code, or None."""
    if not code:
        return _("The code is empty.")
    if not DISCIPLINE_CODE_RE.match(code):
        return _("“%(code)s” is not a valid code: use up to 20 letters, digits, “-”, “_” or “.”, without spaces.") % {
            "code": code
        }
    return None


def hours_total(hours: Mapping[str, int | None]) -> int:
    return sum(int(hours.get(name) or 0) for name in HOURS_FIELDS)


def hours_error(credits: int, hours: Mapping[str, int | None], hours_per_credit: int) -> str | None:
    """The hours of a discipline must add up to credits × hours per credit (1 credit = 30 hours, §5)."""
    expected = credits * hours_per_credit
    actual = hours_total(hours)
    if actual == expected:
        return None
    return _("The hours add up to %(actual)s, but %(credits)s credits × %(per_credit)s hours make %(expected)s.") % {
        "actual": actual,
        "credits": credits,
        "per_credit": hours_per_credit,
        "expected": expected,
    }


def credits_warning(credits: int, minimum: int) -> str | None:
    """A discipline below the minimum is allowed in the catalogue (old or special disciplines),
    but a curriculum placing it is refused by the curricula rules; so the catalogue only warns."""
    if credits >= minimum:
        return None
    return _(
        "%(credits)s credits is below the minimum of %(minimum)s for a discipline: a curriculum will not accept it."
    ) % {"credits": credits, "minimum": minimum}


def find_prerequisite_cycle(graph: Mapping[K, Iterable[K]]) -> list[K] | None:
    """A cycle in the prerequisite graph (node -> its prerequisites) as [a, b, ..., a], or None.

    Nodes are codes or primary keys; anything sortable.

    Iterative depth-first search with three colours, so long chains do not hit the recursion limit.
    The nodes are visited in sorted order so the same graph always names the same cycle.
    """
    white, grey, black = 0, 1, 2
    colour: dict = {}
    for root in sorted(graph):
        if colour.get(root, white) != white:
            continue
        path: list = [root]
        stack = [iter(sorted(graph.get(root, ())))]
        colour[root] = grey
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                stack.pop()
                continue
            state = colour.get(nxt, white)
            if state == grey:
                return path[path.index(nxt) :] + [nxt]
            if state == white:
                colour[nxt] = grey
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def cycle_message(cycle: list[str]) -> str:
    if len(cycle) == 2:
        return _("A discipline cannot be its own prerequisite: %(code)s.") % {"code": cycle[0]}
    return _("The prerequisites form a cycle (each needs the next): %(cycle)s.") % {"cycle": " → ".join(cycle)}


def split_codes(text: str | None) -> list[str]:
    """Codes from a cell or a field: separated by commas, semicolons or line breaks; order kept, repeats dropped."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,;\n]+", text or ""):
        code = part.strip()
        if code:
            seen.setdefault(code, None)
    return list(seen)


def programme_min_credits(level: str, master_track: str, extended: bool, limits: Mapping[str, int]) -> int:
    """The legal minimum total of a programme (§5): bachelor 240 (300 extended), master 120
    scientific-pedagogical or 60 profile, doctorate 180; numbers come from the settings."""
    if level == "bachelor":
        return limits["bachelor_extended_min_credits"] if extended else limits["bachelor_min_credits"]
    if level == "master":
        if master_track == "profile":
            return limits["master_profile_min_credits"]
        return limits["master_scientific_credits"]
    return limits["doctorate_min_credits"]


# --- rooms a discipline's lessons need ---------------------------------------------------------------------------

LESSON_TYPES = ("lecture", "practice", "lab")
ROOM_NEED_FIELDS = tuple(f"room_kind_{t}" for t in LESSON_TYPES) + tuple(f"equipment_{t}" for t in LESSON_TYPES)
MAX_EQUIPMENT_TAGS = 10
MAX_EQUIPMENT_TAG_LENGTH = 50


def equipment_tags(value) -> list[str]:
    """Equipment tags from a comma-separated text or a list: stripped, blanks dropped, repeats (ignoring
    case) dropped, in the order given."""
    if isinstance(value, str):
        value = value.split(",")
    out, seen = [], set()
    for tag in value or []:
        tag = str(tag).strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def room_need_errors(data: Mapping) -> list[tuple[str, str]]:
    """(field, message) for room needs that cannot hold: too many or too long equipment tags, or a room
    type or equipment for a lesson type the discipline has no hours of."""
    errors = []
    for lesson_type in LESSON_TYPES:
        tags = data.get(f"equipment_{lesson_type}") or []
        if len(tags) > MAX_EQUIPMENT_TAGS:
            errors.append(
                (
                    f"equipment_{lesson_type}",
                    _("At most %(n)s equipment items per lesson type.") % {"n": MAX_EQUIPMENT_TAGS},
                )
            )
        long = [t for t in tags if len(t) > MAX_EQUIPMENT_TAG_LENGTH]
        if long:
            errors.append(
                (
                    f"equipment_{lesson_type}",
                    _("An equipment item is at most %(n)s characters: “%(tag)s”.")
                    % {"n": MAX_EQUIPMENT_TAG_LENGTH, "tag": long[0]},
                )
            )
        hours = int(data.get(f"hours_{lesson_type}") or 0)
        if not hours and (tags or data.get(f"room_kind_{lesson_type}")):
            field = f"room_kind_{lesson_type}" if data.get(f"room_kind_{lesson_type}") else f"equipment_{lesson_type}"
            errors.append((field, _("The discipline has no hours of this lesson type: leave its room needs empty.")))
    return errors
