"""Pure rules of academic standing (RULES.md §4) without a database: the honours conditions, the
figures of session analysis, percentages. The services and selectors feed them rows they read in
bulk; the tests check every boundary here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from registrar.numbers import round_half_up
from registrar.scale import GradeBand

RETAKE_SOURCES = frozenset({"retake", "summer"})


def is_quality_letter(letter: str) -> bool:
    """ "Quality" grades of session analysis: A and B grades (A, A-, B+, B, B-)."""
    return bool(letter) and letter[0] in ("A", "B")


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, half-up; None when there is nothing to count."""
    if not whole:
        return None
    return round_half_up(Decimal(part) * 100 / whole, 1)


def letters_at_or_above(scale: Iterable[GradeBand], lowest: str) -> tuple[str, ...]:
    """Letters of the scale whose points are at least those of `lowest` (A … C+ for C+), best first."""
    bands = sorted(scale, key=lambda b: (-b.points, -b.min_percent))
    floor = next((b.points for b in bands if b.letter == lowest), None)
    if floor is None:
        return ()
    return tuple(b.letter for b in bands if b.points >= floor)


def split_letters(text: str) -> list[str]:
    return [x.strip() for x in (text or "").split(",") if x.strip()]


# --- honours ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRow:
    """One result of a student's record, as the honours check needs it."""

    discipline_id: int
    code: str
    attempt: int
    letter: str
    points: Decimal | None
    passed: bool
    source: str
    final_attestation: bool = False


@dataclass(frozen=True)
class HonoursRules:
    allowed_letters: tuple[str, ...]
    lowest_letter: str
    min_gpa: Decimal
    attestation_letters: tuple[str, ...]


@dataclass
class HonoursVerdict:
    eligible: bool
    reasons: list[str] = field(default_factory=list)


def honours_verdict(rows: Iterable[RecordRow], cumulative_gpa: Decimal | None, rules: HonoursRules) -> HonoursVerdict:
    """RULES.md §4 (order 595, paragraph 52): every graded discipline's latest letter at or above the
    lowest allowed letter; cumulative GPA at least the minimum; the final attestation graded with an
    allowed letter; never a retake or re-study (any attempt after the first, any FX-retake or summer
    result) and never a failed result. Returns every reason that applies, not only the first."""
    rows = list(rows)
    reasons: list[str] = []
    latest: dict[int, RecordRow] = {}
    for row in rows:
        if row.discipline_id not in latest or row.attempt > latest[row.discipline_id].attempt:
            latest[row.discipline_id] = row
    low = sorted(
        (r for r in latest.values() if r.points is not None and r.letter not in rules.allowed_letters),
        key=lambda r: r.code,
    )
    if low:
        reasons.append(
            _("Grades below %(letter)s: %(list)s.")
            % {"letter": rules.lowest_letter, "list": ", ".join(f"{r.code} ({r.letter})" for r in low)}
        )
    if cumulative_gpa is None:
        reasons.append(_("No cumulative GPA yet."))
    elif cumulative_gpa < rules.min_gpa:
        reasons.append(_("Cumulative GPA %(gpa)s is below %(min)s.") % {"gpa": cumulative_gpa, "min": rules.min_gpa})
    attestation = [r for r in latest.values() if r.final_attestation]
    if not attestation:
        reasons.append(_("No final attestation result yet."))
    else:
        bad = sorted((r for r in attestation if r.letter not in rules.attestation_letters), key=lambda r: r.code)
        if bad:
            reasons.append(
                _("Final attestation graded %(got)s; honours need %(allowed)s.")
                % {
                    "got": ", ".join(f"{r.code} ({r.letter})" for r in bad),
                    "allowed": ", ".join(rules.attestation_letters),
                }
            )
    retaken = sorted({r.code for r in rows if r.attempt > 1 or r.source in RETAKE_SOURCES})
    if retaken:
        reasons.append(_("Retake or re-study: %(list)s.") % {"list": ", ".join(retaken)})
    failed = sorted({r.code for r in rows if not r.passed})
    if failed:
        reasons.append(_("Failed results: %(list)s.") % {"list": ", ".join(failed)})
    return HonoursVerdict(not reasons, reasons)


# --- session analysis ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Students (or, for a teacher, student-discipline results) counted for one line of the analysis."""

    key: object
    label: str
    total: int = 0
    without_failures: int = 0
    quality: int = 0

    def add(self, *, failed: bool, only_quality: bool) -> None:
        self.total += 1
        if not failed:
            self.without_failures += 1
            if only_quality:
                self.quality += 1

    @property
    def progress_percent(self) -> Decimal | None:
        """Absolute progress: the share without unsatisfactory grades."""
        return percent(self.without_failures, self.total)

    @property
    def quality_percent(self) -> Decimal | None:
        """Quality: the share with A and B grades only."""
        return percent(self.quality, self.total)

    @property
    def with_failures(self) -> int:
        return self.total - self.without_failures
