"""The checks of course registration (RULES.md §7) as pure functions over plain facts.

Each check returns `Problem`s whose messages say what to do. The service gathers the facts from the
database (a bounded number of queries), calls these, drops what an override lifts, and refuses or
shows the rest. Nothing here touches the database, so every rule is tested without one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import RegistrationRule as R


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    discipline_id: int | None = None
    # Shown but not blocking: the student may still add, but not submit (too few credits, a
    # block not chosen yet, a section not picked).
    submit_only: bool = False


@dataclass(frozen=True)
class DisciplineFacts:
    id: int
    code: str
    name: str
    credits: int


@dataclass(frozen=True)
class SectionFacts:
    id: int
    code: str
    language: str
    capacity: int
    seats_taken: int
    open: bool = True

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


@dataclass(frozen=True)
class BlockFacts:
    id: int
    code: str
    name: str
    choose_count: int | None
    choose_credits: int | None
    chosen_count: int = 0
    chosen_credits: int = 0


@dataclass
class Lifted:
    """What the registrar's overrides lift for this student and term: rule → discipline ids (None: all)."""

    rules: Mapping[str, set[int | None]] = field(default_factory=dict)

    def covers(self, rule: str, discipline_id: int | None = None) -> bool:
        ids = self.rules.get(rule)
        return bool(ids) and (None in ids or discipline_id in ids)


def fmt(d: datetime.date) -> str:
    return d.strftime("%d.%m.%Y")


def window_problem(open_now: bool, next_dates: tuple[datetime.date, datetime.date] | None, label: str) -> list[Problem]:
    if open_now:
        return []
    if next_dates:
        return [
            Problem(
                R.WINDOW,
                _("The %(window)s window is closed; it opens on %(start)s and closes on %(end)s.")
                % {"window": label, "start": fmt(next_dates[0]), "end": fmt(next_dates[1])},
            )
        ]
    return [
        Problem(
            R.WINDOW,
            _(
                "The %(window)s window is closed and no new one is set in the academic calendar; "
                "ask the registrar's office."
            )
            % {"window": label},
        )
    ]


def status_problem(active: bool, status_label: str) -> list[Problem]:
    if active:
        return []
    return [
        Problem(
            R.STATUS,
            _("Only active students register for disciplines; your status is “%(status)s”. Ask the registrar's office.")
            % {"status": status_label},
        )
    ]


def credits_max_problem(total: int, adding: int, maximum: int) -> list[Problem]:
    if total + adding <= maximum:
        return []
    return [
        Problem(
            R.CREDITS_MAX,
            _(
                "This would make %(new)s credits, above the maximum of %(max)s for the term; your plan has "
                "%(total)s now. Drop a discipline first."
            )
            % {"new": total + adding, "max": maximum, "total": total},
        )
    ]


def credits_min_problem(total: int, minimum: int) -> list[Problem]:
    if total >= minimum:
        return []
    return [
        Problem(
            R.CREDITS_MIN,
            _("Your plan has %(total)s credits; the minimum for the term is %(min)s. Add %(missing)s more.")
            % {"total": total, "min": minimum, "missing": minimum - total},
            submit_only=True,
        )
    ]


def prerequisite_problems(
    discipline: DisciplineFacts,
    prerequisites: Iterable[DisciplineFacts],
    passed: set[int],
    failed: set[int],
    planned_earlier: set[int],
) -> list[Problem]:
    """A prerequisite counts when it is passed, or planned in an earlier term and not failed;
    an F or FX as its latest result blocks (RULES.md §7)."""
    problems = []
    for pre in prerequisites:
        if pre.id in passed:
            continue
        if pre.id in failed:
            message = _(
                "%(discipline)s needs %(pre)s, which you have not passed (your last result is a fail). "
                "Retake %(pre)s first."
            )
        elif pre.id in planned_earlier:
            continue
        else:
            message = _(
                "%(discipline)s needs %(pre)s first; add %(pre)s to an earlier term or choose another discipline."
            )
        problems.append(
            Problem(
                R.PREREQUISITE,
                message % {"discipline": f"{discipline.code} {discipline.name}", "pre": f"{pre.code} {pre.name}"},
                discipline.id,
            )
        )
    return problems


def language_problem(discipline: DisciplineFacts, section: SectionFacts, student_language: str, label) -> list[Problem]:
    if section.language == student_language:
        return []
    return [
        Problem(
            R.LANGUAGE,
            _(
                "Section %(section)s is taught in %(language)s; your language of instruction is %(yours)s. "
                "Choose a section in your language."
            )
            % {"section": section.code, "language": label(section.language), "yours": label(student_language)},
            discipline.id,
        )
    ]


def section_full_problem(
    discipline: DisciplineFacts, section: SectionFacts, alternatives: Iterable[SectionFacts]
) -> list[Problem]:
    if section.open and section.seats_free > 0:
        return []
    others = [s for s in alternatives if s.id != section.id and s.open and s.seats_free > 0]
    if others:
        offer = ", ".join(
            ngettext("%(code)s (%(n)s seat left)", "%(code)s (%(n)s seats left)", s.seats_free)
            % {"code": s.code, "n": s.seats_free}
            for s in others
        )
        message = _("Section %(section)s is full. Sections with free seats: %(offer)s.") % {
            "section": section.code,
            "offer": offer,
        }
    else:
        message = _(
            "Section %(section)s is full and no other section of %(discipline)s has free seats; ask your adviser."
        ) % {
            "section": section.code,
            "discipline": discipline.code,
        }
    return [Problem(R.SECTION_FULL, message, discipline.id)]


def block_over_problem(block: BlockFacts, adding_credits: int) -> list[Problem]:
    """Adding one more discipline to `block` would choose more than it allows."""
    if block.choose_count is not None and block.chosen_count + 1 > block.choose_count:
        return [
            Problem(
                R.BLOCK,
                ngettext(
                    "Block %(block)s allows %(n)s discipline and you have chosen it; drop it to choose another.",
                    "Block %(block)s allows %(n)s disciplines and you have chosen them; drop one to choose another.",
                    block.choose_count,
                )
                % {"block": block.code, "n": block.choose_count},
            )
        ]
    if block.choose_credits is not None and block.chosen_credits + adding_credits > block.choose_credits:
        return [
            Problem(
                R.BLOCK,
                _("Block %(block)s allows %(max)s credits; you have chosen %(chosen)s, and this adds %(adding)s.")
                % {
                    "block": block.code,
                    "max": block.choose_credits,
                    "chosen": block.chosen_credits,
                    "adding": adding_credits,
                },
            )
        ]
    return []


def block_under_problem(block: BlockFacts) -> list[Problem]:
    """For submission: the block is not fully chosen yet."""
    if block.choose_count is not None and block.chosen_count < block.choose_count:
        missing = block.choose_count - block.chosen_count
        return [
            Problem(
                R.BLOCK,
                ngettext(
                    "Choose %(n)s more discipline in block %(block)s.",
                    "Choose %(n)s more disciplines in block %(block)s.",
                    missing,
                )
                % {"n": missing, "block": block.code},
                submit_only=True,
            )
        ]
    if block.choose_credits is not None and block.chosen_credits < block.choose_credits:
        return [
            Problem(
                R.BLOCK,
                _("Choose %(n)s more credits in block %(block)s.")
                % {"n": block.choose_credits - block.chosen_credits, "block": block.code},
                submit_only=True,
            )
        ]
    return []


def add_drop_problem(used: int, adding: int, approved_credits: int, percent: int) -> list[Problem]:
    """After approval a student may add or drop at most `percent` % of the approved credits."""
    allowed = approved_credits * percent // 100
    if used + adding <= allowed:
        return []
    return [
        Problem(
            R.ADD_DROP,
            _(
                "Add/drop allows changing %(allowed)s credits (%(percent)s%% of %(approved)s); you have used "
                "%(used)s and this needs %(adding)s. Ask your adviser."
            )
            % {"allowed": allowed, "percent": percent, "approved": approved_credits, "used": used, "adding": adding},
        )
    ]


def summer_problem(final_year: bool) -> list[Problem]:
    if not final_year:
        return []
    return [Problem(R.SUMMER, _("The summer term is not open to final-year students."))]


def lift(problems: Iterable[Problem], lifted: Lifted) -> list[Problem]:
    """Drop the problems an override lifts."""
    return [p for p in problems if not lifted.covers(p.rule, p.discipline_id)]
