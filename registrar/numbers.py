"""Rounding, written down once (RULES.md §1: half-up, 49.5 -> 50)."""

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(value) -> Decimal:
    """Decimal from int, str, Decimal or float (floats through their shortest repr, not binary)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(value, places: int = 0) -> Decimal:
    """Round half away from zero to `places` decimals: 49.5 -> 50, 3.445 -> 3.45 (places=2)."""
    quantum = Decimal(1).scaleb(-places)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def round_score(value) -> int:
    """A percent score as the whole number the thresholds compare (RULES.md §1)."""
    return int(round_half_up(value, 0))
