"""Rules of a curriculum (RULES.md §5) over plain data: no database, so they are tested exhaustively
and the editor, the approval service and the import all ask the same function.

`check_curriculum(items, blocks, limits)` returns the running credit totals (per term, per year of
study = terms 2k-1 and 2k, and the programme total) and every rule violation found. An elective
block counts once in the totals, with the credits a student must earn in it: its `choose_credits`,
or `choose_count` × the credits of its alternatives (the smallest, when they differ — reported).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

# Violation codes. Every one blocks approval except the ones in WARNINGS.
BELOW_MIN_CREDITS = "below_min_credits"
PREREQUISITE_MISSING = "prerequisite_missing"
PREREQUISITE_SAME_TERM = "prerequisite_same_term"
PREREQUISITE_LATER_TERM = "prerequisite_later_term"
DUPLICATE = "duplicate"
TERM_LOAD = "term_load"
TOTAL_BELOW_MIN = "total_below_min"
TOTAL_DIFFERS = "total_differs"
TERM_OUT_OF_RANGE = "term_out_of_range"
BLOCK_EMPTY = "block_empty"
BLOCK_TOO_FEW = "block_too_few_alternatives"
BLOCK_CREDITS_UNREACHABLE = "block_credits_unreachable"
BLOCK_CREDITS_DIFFER = "block_credits_differ"
BLOCK_TERM_MISMATCH = "block_term_mismatch"
BLOCK_UNKNOWN = "block_unknown"

# A term's load far from the typical 30 is worth a look but may be intended (the last term of a
# bachelor with practice and final attestation); the total stated on the programme card is
# information for the registrar, the legal minimum is TOTAL_BELOW_MIN.
WARNINGS = frozenset({TERM_LOAD, TOTAL_DIFFERS})

DEFAULT_TERM_TOLERANCE = 3


@dataclass(frozen=True)
class ItemData:
    """A discipline placed in a term; `block` is the code of its elective block, if it is an alternative."""

    code: str
    credits: int
    term: int
    block: str | None = None
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockData:
    code: str
    term: int
    choose_count: int | None = None
    choose_credits: int | None = None


@dataclass(frozen=True)
class Limits:
    """The university settings and programme figures the rules compare with."""

    discipline_min_credits: int
    term_typical_credits: int
    programme_min_credits: int
    terms_count: int
    term_tolerance: int = DEFAULT_TERM_TOLERANCE
    programme_total_credits: int | None = None  # the total stated on the programme card, if any


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    term: int | None = None
    discipline: str | None = None
    block: str | None = None

    @property
    def blocking(self) -> bool:
        return self.code not in WARNINGS


@dataclass
class Totals:
    terms: dict[int, int] = field(default_factory=dict)  # term -> credits, every term 1..terms_count
    years: dict[int, int] = field(default_factory=dict)  # year of study -> credits
    programme: int = 0
    blocks: dict[str, int] = field(default_factory=dict)  # block code -> credits it counts for


@dataclass
class CheckResult:
    totals: Totals
    violations: list[Violation]

    @property
    def blocking(self) -> list[Violation]:
        return [v for v in self.violations if v.blocking]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if not v.blocking]

    def for_term(self, term: int) -> list[Violation]:
        return [v for v in self.violations if v.term == term]


def year_of_term(term: int) -> int:
    """Year of study of a term: terms 1 and 2 are year 1, 3 and 4 year 2, ..."""
    return (term + 1) // 2


def programme_min_credits(
    *, level: str, master_track: str, extended: bool, duration_years: Decimal | int | float, settings
) -> int:
    """The least credits a programme of this level must total (RULES.md §5), from university settings.

    Profile master: the setting is per year of study (60), so a 1.5-year profile programme needs 90.
    A master's programme without a track counts as scientific-pedagogical (the stricter one).
    """
    if level == "bachelor":
        return settings.bachelor_extended_min_credits if extended else settings.bachelor_min_credits
    if level == "master":
        if master_track == "profile":
            years = max(Decimal(1), Decimal(str(duration_years)))
            return int((settings.master_profile_min_credits * years).to_integral_value())
        return settings.master_scientific_credits
    if level == "doctorate":
        return settings.doctorate_min_credits
    raise ValueError(f"unknown study level {level!r}")


def block_required_credits(block: BlockData, alternatives: list[ItemData]) -> int:
    """Credits a student earns in the block: choose_credits, or choose_count × the smallest alternative."""
    if block.choose_credits is not None:
        return block.choose_credits
    if not alternatives:
        return 0
    return (block.choose_count or 0) * min(a.credits for a in alternatives)


def check_curriculum(items: list[ItemData], blocks: list[BlockData], limits: Limits) -> CheckResult:
    violations: list[Violation] = []
    blocks_by_code = {b.code: b for b in blocks}
    alternatives: dict[str, list[ItemData]] = defaultdict(list)
    compulsory: list[ItemData] = []
    for item in items:
        if item.block is None:
            compulsory.append(item)
        elif item.block in blocks_by_code:
            alternatives[item.block].append(item)
        else:
            violations.append(
                Violation(
                    BLOCK_UNKNOWN,
                    _("%(code)s refers to an elective block %(block)s that does not exist.")
                    % {"code": item.code, "block": item.block},
                    term=item.term,
                    discipline=item.code,
                    block=item.block,
                )
            )
            compulsory.append(item)  # still counted, so the totals do not hide it

    totals = _totals(compulsory, blocks, alternatives, limits)
    violations += _discipline_violations(items, limits)
    violations += _prerequisite_violations(items)
    violations += _block_violations(blocks, alternatives, totals, limits)
    violations += _term_violations(totals, limits)
    violations += _total_violations(totals, limits)
    return CheckResult(totals=totals, violations=violations)


def _totals(compulsory, blocks, alternatives, limits) -> Totals:
    totals = Totals()
    for term in range(1, limits.terms_count + 1):
        totals.terms[term] = 0
    for item in compulsory:
        totals.terms[item.term] = totals.terms.get(item.term, 0) + item.credits
    for block in blocks:
        credits = block_required_credits(block, alternatives.get(block.code, []))
        totals.blocks[block.code] = credits
        totals.terms[block.term] = totals.terms.get(block.term, 0) + credits
    totals.terms = dict(sorted(totals.terms.items()))
    for term, credits in totals.terms.items():
        year = year_of_term(term)
        totals.years[year] = totals.years.get(year, 0) + credits
    totals.programme = sum(totals.terms.values())
    return totals


def _discipline_violations(items, limits) -> list[Violation]:
    found = []
    seen = Counter(item.code for item in items)
    reported_duplicates = set()
    for item in items:
        if item.credits < limits.discipline_min_credits:
            found.append(
                Violation(
                    BELOW_MIN_CREDITS,
                    _("%(code)s has %(credits)s credits, fewer than the minimum of %(min)s for a discipline.")
                    % {"code": item.code, "credits": item.credits, "min": limits.discipline_min_credits},
                    term=item.term,
                    discipline=item.code,
                )
            )
        if not 1 <= item.term <= limits.terms_count:
            found.append(
                Violation(
                    TERM_OUT_OF_RANGE,
                    _("%(code)s is placed in term %(term)s, but the programme has %(count)s terms.")
                    % {"code": item.code, "term": item.term, "count": limits.terms_count},
                    term=item.term,
                    discipline=item.code,
                )
            )
        if seen[item.code] > 1 and item.code not in reported_duplicates:
            reported_duplicates.add(item.code)
            terms = sorted({i.term for i in items if i.code == item.code})
            found.append(
                Violation(
                    DUPLICATE,
                    _("%(code)s is placed %(times)s times (terms %(terms)s); a discipline appears once.")
                    % {"code": item.code, "times": seen[item.code], "terms": ", ".join(map(str, terms))},
                    term=item.term,
                    discipline=item.code,
                )
            )
    return found


def _prerequisite_violations(items) -> list[Violation]:
    found = []
    # The earliest placement of each discipline decides (a duplicate is reported on its own).
    earliest: dict[str, int] = {}
    for item in items:
        earliest[item.code] = min(item.term, earliest.get(item.code, item.term))
    for item in items:
        for pre in item.prerequisites:
            placed = earliest.get(pre)
            params = {"code": item.code, "pre": pre, "term": item.term, "pre_term": placed}
            if placed is None:
                code = PREREQUISITE_MISSING
                message = _("%(code)s requires %(pre)s, which is not in the curriculum.") % params
            elif placed == item.term:
                code = PREREQUISITE_SAME_TERM
                message = (
                    _("%(code)s requires %(pre)s, which is in the same term %(term)s; it must come earlier.") % params
                )
            elif placed > item.term:
                code = PREREQUISITE_LATER_TERM
                message = (
                    _("%(code)s (term %(term)s) requires %(pre)s, which comes later, in term %(pre_term)s.") % params
                )
            else:
                continue
            found.append(Violation(code, message, term=item.term, discipline=item.code))
    return found


def _block_violations(blocks, alternatives, totals, limits) -> list[Violation]:
    found = []
    for block in blocks:
        alts = alternatives.get(block.code, [])
        base = {"block": block.code, "term": block.term}
        if not 1 <= block.term <= limits.terms_count:
            found.append(
                Violation(
                    TERM_OUT_OF_RANGE,
                    _("Elective block %(block)s is placed in term %(term)s, but the programme has %(count)s terms.")
                    % {**base, "count": limits.terms_count},
                    term=block.term,
                    block=block.code,
                )
            )
        if not alts:
            found.append(
                Violation(
                    BLOCK_EMPTY,
                    _("Elective block %(block)s has no disciplines to choose from.") % base,
                    term=block.term,
                    block=block.code,
                )
            )
            continue
        for alt in alts:
            if alt.term != block.term:
                found.append(
                    Violation(
                        BLOCK_TERM_MISMATCH,
                        _("%(code)s is in term %(item_term)s but its elective block %(block)s is in term %(term)s.")
                        % {**base, "code": alt.code, "item_term": alt.term},
                        term=alt.term,
                        discipline=alt.code,
                        block=block.code,
                    )
                )
        if block.choose_count is not None:
            if len(alts) < block.choose_count:
                found.append(
                    Violation(
                        BLOCK_TOO_FEW,
                        _("Elective block %(block)s asks to choose %(k)s disciplines but offers only %(n)s.")
                        % {**base, "k": block.choose_count, "n": len(alts)},
                        term=block.term,
                        block=block.code,
                    )
                )
            credits = sorted({a.credits for a in alts})
            if len(credits) > 1:
                found.append(
                    Violation(
                        BLOCK_CREDITS_DIFFER,
                        _(
                            "The alternatives of elective block %(block)s differ in credits (%(credits)s); "
                            "the block counts the smallest: %(k)s × %(min)s = %(total)s credits."
                        )
                        % {
                            **base,
                            "credits": ", ".join(map(str, credits)),
                            "k": block.choose_count,
                            "min": credits[0],
                            "total": totals.blocks[block.code],
                        },
                        term=block.term,
                        block=block.code,
                    )
                )
        elif block.choose_credits is not None:
            offered = sum(a.credits for a in alts)
            if offered < block.choose_credits:
                found.append(
                    Violation(
                        BLOCK_CREDITS_UNREACHABLE,
                        _(
                            "Elective block %(block)s asks for %(need)s credits but its disciplines "
                            "offer only %(offered)s."
                        )
                        % {**base, "need": block.choose_credits, "offered": offered},
                        term=block.term,
                        block=block.code,
                    )
                )
    return found


def _term_violations(totals, limits) -> list[Violation]:
    found = []
    low = limits.term_typical_credits - limits.term_tolerance
    high = limits.term_typical_credits + limits.term_tolerance
    for term, credits in totals.terms.items():
        if 1 <= term <= limits.terms_count and not low <= credits <= high:
            found.append(
                Violation(
                    TERM_LOAD,
                    _(
                        "Term %(term)s has %(credits)s credits; a typical term has %(typical)s "
                        "(from %(low)s to %(high)s)."
                    )
                    % {
                        "term": term,
                        "credits": credits,
                        "typical": limits.term_typical_credits,
                        "low": low,
                        "high": high,
                    },
                    term=term,
                )
            )
    return found


def _total_violations(totals, limits) -> list[Violation]:
    found = []
    if totals.programme < limits.programme_min_credits:
        found.append(
            Violation(
                TOTAL_BELOW_MIN,
                _("The curriculum totals %(total)s credits, below the minimum of %(min)s for this programme's level.")
                % {"total": totals.programme, "min": limits.programme_min_credits},
            )
        )
    stated = limits.programme_total_credits
    if stated and totals.programme != stated and totals.programme >= limits.programme_min_credits:
        found.append(
            Violation(
                TOTAL_DIFFERS,
                _("The curriculum totals %(total)s credits; the programme card states %(stated)s.")
                % {"total": totals.programme, "stated": stated},
            )
        )
    return found
