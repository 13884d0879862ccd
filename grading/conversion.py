"""Grades earned elsewhere, without a database: the ECTS conversion (academic mobility) and the matching
rule of recognition (academic difference, перезачёт) of transferred, reinstated and returning students.

ECTS conversion. The university's setting maps each ECTS grade to a percent score (`EctsConversion`
rows; defaults below); the letter and points then come from the university's scale like any other
score (`registrar.scale.band_for`), so the conversion never duplicates the scale:

    A → 95 (A, 4.00)   B → 85 (B+, 3.33)   C → 75 (B-, 2.67)   D → 65 (C, 2.00)
    E → 55 (D+, 1.33)  FX → 40 (FX, 0.50)  F → 20 (F, 0.00)

A usable conversion has every ECTS grade, whole scores 0–100, a better grade never below a worse
one, and (checked against the scale) the passing grades A–E on passing letters, FX and F on failing ones.

Matching rule of the academic difference (RULES.md §5, §8; transfer rules No. 19). Each discipline of
the target curriculum in terms 1..up to term is compared with the student's earlier passed results:

1. An earlier result *matches* a discipline when it is a result of the same discipline (the
   student's own record), or an external result the registrar mapped to it (rank 1), or when its code
   equals the discipline's code, ignoring case, spaces and dashes (rank 2).
2. A match is *sufficient* when its credits are at least the discipline's credits.
3. Each earlier result counts for one discipline only. Pairs are assigned greedily: better rank first,
   sufficient before insufficient, higher score first (ties: curriculum term, code), so the
   outcome does not depend on the order the results were entered in.
4. A discipline outside a block is recognised with a sufficient match, otherwise it is to be made up
   (an insufficient match stays on the item as "studied earlier as", with the reason, so the
   registrar can override it).
5. An elective block ("choose k" or "choose c credits") is recognised when its sufficiently matched
   alternatives reach k disciplines (c credits); the best ones up to that are recognised. Otherwise
   those matched are recognised and the rest is to be made up: alternatives are added in code order
   (insufficiently matched ones first) until the block is complete; the registrar may swap one for
   another alternative of the same block.
6. Failed earlier results never match; a result without a score (pass/fail) is recognised only for a
   pass/fail discipline.

The registrar may override every decision with a note; only the approved recognition writes results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from registrar.numbers import round_score
from registrar.scale import GradeBand, band_for

ECTS_GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "FX", "F")
PASSING_ECTS = frozenset({"A", "B", "C", "D", "E"})
DEFAULT_CONVERSION: dict[str, int] = {"A": 95, "B": 85, "C": 75, "D": 65, "E": 55, "FX": 40, "F": 20}
PASS_LETTER, FAIL_LETTER = "P", "NP"

# Cyrillic letters that look like Latin ones (a grade typed on a Russian keyboard).
_LOOKALIKES = str.maketrans({"А": "A", "В": "B", "С": "C", "Е": "E", "Х": "X", "Ф": "F", "Д": "D"})


def normalize_ects(text) -> str | None:
    """'a', ' Fx ', 'А' (Cyrillic) → 'A', 'FX', 'A'; None when it is not an ECTS grade."""
    value = str(text or "").strip().upper().translate(_LOOKALIKES).replace(" ", "")
    return value if value in ECTS_GRADES else None


def validate_conversion(mapping: dict, bands: tuple[GradeBand, ...] | None = None) -> list[str]:
    """Every problem of a conversion as translated sentences; empty when it is usable."""
    errors: list[str] = []
    scores: dict[str, int] = {}
    for grade in ECTS_GRADES:
        value = mapping.get(grade)
        if value is None or value == "":
            errors.append(_("ECTS grade %(grade)s has no score.") % {"grade": grade})
            continue
        try:
            number = int(str(value).strip())
        except ValueError:
            errors.append(_("ECTS grade %(grade)s: the score must be a whole number.") % {"grade": grade})
            continue
        if not 0 <= number <= 100:
            errors.append(_("ECTS grade %(grade)s: the score must be from 0 to 100.") % {"grade": grade})
            continue
        scores[grade] = number
    for grade in sorted(set(mapping) - set(ECTS_GRADES)):
        errors.append(_("%(grade)s is not an ECTS grade.") % {"grade": grade})
    for better, worse in zip(ECTS_GRADES, ECTS_GRADES[1:], strict=False):
        if better in scores and worse in scores and scores[better] < scores[worse]:
            errors.append(
                _("%(better)s converts lower than %(worse)s (%(a)s < %(b)s).")
                % {"better": better, "worse": worse, "a": scores[better], "b": scores[worse]}
            )
    if bands:
        for grade, score in scores.items():
            band = band_for(score, bands)
            if grade in PASSING_ECTS and not band.is_passing:
                errors.append(
                    _("%(grade)s is a pass in ECTS but %(score)s is the failing letter %(letter)s here.")
                    % {"grade": grade, "score": score, "letter": band.letter}
                )
            if grade not in PASSING_ECTS and band.is_passing:
                errors.append(
                    _("%(grade)s is a fail in ECTS but %(score)s is the passing letter %(letter)s here.")
                    % {"grade": grade, "score": score, "letter": band.letter}
                )
    return errors


@dataclass(frozen=True)
class Converted:
    score: int | None
    letter: str
    points: Decimal | None
    passed: bool


def grade_of_score(score, bands: tuple[GradeBand, ...], *, pass_fail: bool = False) -> Converted:
    """A percent score as a result of a discipline here: letter and points from the scale, or the
    pass/fail mark (no points) for a pass/fail discipline."""
    whole = round_score(score)
    band = band_for(whole, bands)
    if pass_fail:
        return Converted(whole, PASS_LETTER if band.is_passing else FAIL_LETTER, None, band.is_passing)
    return Converted(whole, band.letter, band.points, band.is_passing)


def convert_ects(grade: str, mapping: dict[str, int], bands: tuple[GradeBand, ...], *, pass_fail=False) -> Converted:
    """An ECTS grade in the university's terms (raises ValueError for an unknown grade)."""
    key = normalize_ects(grade)
    if key is None or key not in mapping:
        raise ValueError(f"not an ECTS grade: {grade!r}")
    return grade_of_score(mapping[key], bands, pass_fail=pass_fail)


# --- matching (recognition) -----------------------------------------------------------------------


def norm_code(code) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


@dataclass(frozen=True)
class Earlier:
    """A result earned before: the student's own (from the record) or external (entered by the office)."""

    key: str  # stable within one comparison, e.g. "r12" (result 12) or "x3" (third external row)
    name: str
    credits: int
    score: int | None
    passed: bool
    grade: str = ""  # the grade as shown on documents ("B+", "1.3 (DE)", "A")
    code: str = ""
    discipline_id: int | None = None  # own result: its discipline; external: what the registrar mapped it to
    result_id: int | None = None
    institution: str = ""


@dataclass(frozen=True)
class Target:
    """A discipline of the target curriculum (`block_id` set for an alternative of an elective block)."""

    discipline_id: int
    code: str
    credits: int
    term: int
    pass_fail: bool = False
    block_id: int | None = None


@dataclass(frozen=True)
class BlockRule:
    block_id: int
    term: int
    choose_count: int | None = None
    choose_credits: int | None = None


class Reason:
    SAME = "same"  # own result of the same discipline, or mapped by the registrar
    CODE = "code"  # same code
    FEWER_CREDITS = "fewer_credits"
    NO_SCORE = "no_score"  # pass/fail earlier result for a graded discipline
    NONE = "none"  # nothing studied earlier matches
    BLOCK_MAKE_UP = "block_make_up"  # chosen to complete an elective block


@dataclass
class Decision:
    target: Target
    recognised: bool
    reason: str
    earlier: Earlier | None = None


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    unused: list[Earlier] = field(default_factory=list)  # passed earlier results that count for nothing


def _rank(target: Target, earlier: Earlier) -> int | None:
    if earlier.discipline_id is not None and earlier.discipline_id == target.discipline_id:
        return 1
    if earlier.code and norm_code(earlier.code) == norm_code(target.code):
        return 2
    return None


def _usable(target: Target, earlier: Earlier) -> bool:
    return earlier.score is not None or target.pass_fail


def _sufficient(target: Target, earlier: Earlier) -> bool:
    return earlier.credits >= target.credits and _usable(target, earlier)


def _complete(block: BlockRule, count: int, credits: int) -> bool:
    if block.choose_count is not None:
        return count >= block.choose_count
    return credits >= (block.choose_credits or 0)


def match_difference(targets: list[Target], blocks: list[BlockRule], earlier: list[Earlier]) -> Outcome:
    """The decisions of the matching rule above, one per target that ends up an item (every
    discipline outside blocks; for blocks, the alternatives recognised or chosen to make up)."""
    candidates = [e for e in earlier if e.passed]
    pairs = []
    for t in targets:
        for e in candidates:
            rank = _rank(t, e)
            if rank is not None:
                pairs.append((rank, not _sufficient(t, e), -(e.score or 0), t.term, t.code, e.key, t, e))
    pairs.sort(key=lambda p: p[:6])
    assigned: dict[int, tuple[Earlier, int]] = {}
    used: set[str] = set()
    # Sufficient pairs first, then the insufficient ones for what is left (shown, not recognised).
    for rank, insufficient, _s, _t, _c, key, target, item in pairs:
        if insufficient or target.discipline_id in assigned or key in used:
            continue
        assigned[target.discipline_id] = (item, rank)
        used.add(key)
    weak: dict[int, Earlier] = {}
    for _r, insufficient, _s, _t, _c, key, target, item in pairs:
        if not insufficient or target.discipline_id in assigned or target.discipline_id in weak or key in used:
            continue
        weak[target.discipline_id] = item
        used.add(key)

    def _why_not(target: Target) -> tuple[str, Earlier | None]:
        item = weak.get(target.discipline_id)
        if item is None:
            return Reason.NONE, None
        return (Reason.FEWER_CREDITS if _usable(target, item) else Reason.NO_SCORE), item

    outcome = Outcome()
    for t in sorted((t for t in targets if t.block_id is None), key=lambda t: (t.term, t.code)):
        if t.discipline_id in assigned:
            item, rank = assigned[t.discipline_id]
            outcome.decisions.append(Decision(t, True, Reason.SAME if rank == 1 else Reason.CODE, item))
        else:
            reason, item = _why_not(t)
            outcome.decisions.append(Decision(t, False, reason, item))
    for block in sorted(blocks, key=lambda b: (b.term, b.block_id)):
        options = [t for t in targets if t.block_id == block.block_id]
        matched = sorted(
            (t for t in options if t.discipline_id in assigned),
            key=lambda t: (-(assigned[t.discipline_id][0].score or 0), t.code),
        )
        count = credits = 0
        for t in matched:
            if _complete(block, count, credits):
                continue
            item, rank = assigned[t.discipline_id]
            outcome.decisions.append(Decision(t, True, Reason.SAME if rank == 1 else Reason.CODE, item))
            count, credits = count + 1, credits + t.credits
        rest = sorted(
            (t for t in options if t.discipline_id not in assigned),
            key=lambda t: (t.discipline_id not in weak, t.code),
        )
        for t in rest:
            if _complete(block, count, credits):
                continue
            reason, item = _why_not(t)
            outcome.decisions.append(
                Decision(t, False, Reason.BLOCK_MAKE_UP if reason == Reason.NONE else reason, item)
            )
            count, credits = count + 1, credits + t.credits
    in_use = {d.earlier.key for d in outcome.decisions if d.earlier is not None}
    outcome.unused = [e for e in candidates if e.key not in in_use]
    return outcome
