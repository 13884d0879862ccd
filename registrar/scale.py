"""The letter-grade scale as data (RULES.md §1): validation and lookup, no database.

The university's scale lives in `GradeScaleRow` rows; services turn them into `GradeBand`
tuples and use these functions, so the scale is never an `if` chain.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .numbers import round_score


class Traditional:
    EXCELLENT = "excellent"
    GOOD = "good"
    SATISFACTORY = "satisfactory"
    UNSATISFACTORY = "unsatisfactory"


@dataclass(frozen=True)
class GradeBand:
    letter: str
    points: Decimal
    min_percent: int
    max_percent: int
    traditional: str

    @property
    def is_passing(self) -> bool:
        return self.traditional != Traditional.UNSATISFACTORY


DEFAULT_SCALE: tuple[GradeBand, ...] = tuple(
    GradeBand(letter, Decimal(points), lo, hi, trad)
    for letter, points, lo, hi, trad in [
        ("A", "4.00", 95, 100, Traditional.EXCELLENT),
        ("A-", "3.67", 90, 94, Traditional.EXCELLENT),
        ("B+", "3.33", 85, 89, Traditional.GOOD),
        ("B", "3.00", 80, 84, Traditional.GOOD),
        ("B-", "2.67", 75, 79, Traditional.GOOD),
        ("C+", "2.33", 70, 74, Traditional.GOOD),
        ("C", "2.00", 65, 69, Traditional.SATISFACTORY),
        ("C-", "1.67", 60, 64, Traditional.SATISFACTORY),
        ("D+", "1.33", 55, 59, Traditional.SATISFACTORY),
        ("D", "1.00", 50, 54, Traditional.SATISFACTORY),
        ("FX", "0.50", 25, 49, Traditional.UNSATISFACTORY),
        ("F", "0.00", 0, 24, Traditional.UNSATISFACTORY),
    ]
)


def validate_scale(bands) -> list[str]:
    """Every problem of a scale, as translated sentences; empty when the scale is usable.

    A usable scale covers every whole percent 0..100 exactly once, has distinct letters,
    points within 0..4 that do not grow as the percent falls, and passing bands above failing ones.
    """
    errors: list[str] = []
    bands = sorted(bands, key=lambda b: b.min_percent, reverse=True)
    if not bands:
        return [_("The scale has no rows.")]
    letters = [b.letter.strip() for b in bands]
    for letter in sorted({x for x in letters if letters.count(x) > 1}):
        errors.append(_("Letter %(letter)s appears more than once.") % {"letter": letter})
    for b in bands:
        if not b.letter.strip():
            errors.append(_("A row has no letter."))
        if not (0 <= b.min_percent <= b.max_percent <= 100):
            errors.append(
                _("%(letter)s: the range %(lo)s–%(hi)s must lie within 0–100 and start below its end.")
                % {"letter": b.letter, "lo": b.min_percent, "hi": b.max_percent}
            )
        if not (Decimal(0) <= b.points <= Decimal(4)):
            errors.append(_("%(letter)s: points must be between 0 and 4.") % {"letter": b.letter})
    if errors:
        return errors
    if bands[0].max_percent != 100:
        errors.append(_("No letter covers 100%."))
    if bands[-1].min_percent != 0:
        errors.append(_("No letter covers 0%."))
    for upper, lower in zip(bands, bands[1:], strict=False):
        if lower.max_percent >= upper.min_percent:
            errors.append(_("%(a)s and %(b)s overlap.") % {"a": upper.letter, "b": lower.letter})
        elif lower.max_percent + 1 != upper.min_percent:
            errors.append(
                _("No letter covers %(lo)s–%(hi)s%%.") % {"lo": lower.max_percent + 1, "hi": upper.min_percent - 1}
            )
        if lower.points > upper.points:
            errors.append(
                _("%(b)s earns more points than the higher band %(a)s.") % {"a": upper.letter, "b": lower.letter}
            )
        if lower.is_passing and not upper.is_passing:
            errors.append(
                _("%(b)s is passing but lies below the failing band %(a)s.") % {"a": upper.letter, "b": lower.letter}
            )
    return errors


def band_for(score, bands) -> GradeBand:
    """The band of a percent score; the score is rounded half-up first (49.5 -> 50 -> D)."""
    whole = round_score(score)
    if not 0 <= whole <= 100:
        raise ValueError(f"score {score} is outside 0..100")
    for band in bands:
        if band.min_percent <= whole <= band.max_percent:
            return band
    raise ValueError(f"no band covers {whole}")
