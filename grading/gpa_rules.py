"""GPA arithmetic (RULES.md §4) without a database: the reference the SQL computation is tested
against, and what small pages use directly.

    GPA = Σ(credits × points) / Σ credits   over results with points (pass/fail left out),
          two decimals, half-up; FX counts its points or 0 (setting); physical education may be
          left out (setting); the latest attempt of each discipline by default (setting: all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from registrar.numbers import round_half_up


@dataclass(frozen=True)
class GpaRow:
    discipline_id: int
    attempt: int
    credits: int
    points: Decimal | None  # None: pass/fail
    letter: str = ""
    physical_education: bool = False


@dataclass(frozen=True)
class GpaRules:
    latest_attempt_only: bool = True
    fx_counts: bool = True
    fx_letter: str = "FX"
    exclude_physical_education: bool = False

    @classmethod
    def from_settings(cls, s) -> GpaRules:
        return cls(
            latest_attempt_only=s.gpa_latest_attempt_only,
            fx_counts=s.fx_counts_in_gpa,
            exclude_physical_education=s.gpa_excludes_physical_education,
        )


def counted_rows(rows: Iterable[GpaRow], rules: GpaRules = GpaRules()) -> list[GpaRow]:
    rows = list(rows)
    if rules.latest_attempt_only:
        latest: dict[int, GpaRow] = {}
        for row in rows:
            if row.discipline_id not in latest or row.attempt > latest[row.discipline_id].attempt:
                latest[row.discipline_id] = row
        rows = list(latest.values())
    return [
        r
        for r in rows
        if r.points is not None and r.credits > 0 and not (rules.exclude_physical_education and r.physical_education)
    ]


def row_points(row: GpaRow, rules: GpaRules = GpaRules()) -> Decimal:
    if row.letter == rules.fx_letter and not rules.fx_counts:
        return Decimal(0)
    return row.points


def gpa(rows: Iterable[GpaRow], rules: GpaRules = GpaRules()) -> Decimal | None:
    """The GPA of `rows`, or None when no result with points counts."""
    counted = counted_rows(rows, rules)
    credits = sum(r.credits for r in counted)
    if not credits:
        return None
    total = sum((r.credits * row_points(r, rules) for r in counted), Decimal(0))
    return round_half_up(total / credits, 2)
