"""RULES.md §1: the letter scale as data, half-up rounding, boundaries 49.5, 50, 94, 95."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registrar.numbers import round_half_up, round_score
from registrar.scale import DEFAULT_SCALE, GradeBand, Traditional, band_for, validate_scale


@pytest.mark.parametrize(
    ("score", "letter", "points"),
    [
        (100, "A", "4.00"),
        (95, "A", "4.00"),
        (94, "A-", "3.67"),
        (94.49, "A-", "3.67"),
        (94.5, "A", "4.00"),
        (90, "A-", "3.67"),
        (89, "B+", "3.33"),
        (85, "B+", "3.33"),
        (84, "B", "3.00"),
        (80, "B", "3.00"),
        (79, "B-", "2.67"),
        (75, "B-", "2.67"),
        (74, "C+", "2.33"),
        (70, "C+", "2.33"),
        (69, "C", "2.00"),
        (65, "C", "2.00"),
        (64, "C-", "1.67"),
        (60, "C-", "1.67"),
        (59, "D+", "1.33"),
        (55, "D+", "1.33"),
        (54, "D", "1.00"),
        (50, "D", "1.00"),
        (49.5, "D", "1.00"),
        (49.49, "FX", "0.50"),
        (49, "FX", "0.50"),
        (25, "FX", "0.50"),
        (24.5, "FX", "0.50"),
        (24, "F", "0.00"),
        (0, "F", "0.00"),
    ],
)
def test_score_maps_to_letter_by_the_default_scale(score, letter, points):
    band = band_for(Decimal(str(score)), DEFAULT_SCALE)
    assert band.letter == letter
    assert band.points == Decimal(points)


def test_49_5_rounds_up_to_50_and_passes():
    assert round_score(Decimal("49.5")) == 50
    assert band_for(Decimal("49.5"), DEFAULT_SCALE).is_passing


def test_fx_and_f_are_failing_and_d_is_passing():
    assert not band_for(49, DEFAULT_SCALE).is_passing
    assert not band_for(10, DEFAULT_SCALE).is_passing
    assert band_for(50, DEFAULT_SCALE).is_passing


def test_traditional_grades_follow_rules():
    by_letter = {b.letter: b.traditional for b in DEFAULT_SCALE}
    assert by_letter["A-"] == Traditional.EXCELLENT
    assert by_letter["C+"] == Traditional.GOOD  # paragraph 52 of order 595
    assert by_letter["C"] == Traditional.SATISFACTORY
    assert by_letter["FX"] == Traditional.UNSATISFACTORY


def test_scores_outside_0_100_are_refused():
    with pytest.raises(ValueError):
        band_for(101, DEFAULT_SCALE)
    with pytest.raises(ValueError):
        band_for(-1, DEFAULT_SCALE)


def test_round_half_up_two_places():
    assert round_half_up(Decimal("3.445"), 2) == Decimal("3.45")
    assert round_half_up(Decimal("3.444"), 2) == Decimal("3.44")
    assert round_half_up(2.675, 2) == Decimal("2.68")  # float through its repr, not binary 2.67499..


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_every_score_has_exactly_one_band(score):
    whole = round_score(score)
    matching = [b for b in DEFAULT_SCALE if b.min_percent <= whole <= b.max_percent]
    assert len(matching) == 1
    assert band_for(score, DEFAULT_SCALE) == matching[0]


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_a_higher_score_never_earns_fewer_points(a, b):
    lo, hi = sorted((a, b))
    assert band_for(lo, DEFAULT_SCALE).points <= band_for(hi, DEFAULT_SCALE).points


@given(st.decimals(min_value=-1000, max_value=1000, places=4))
def test_round_half_up_is_within_half(value):
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Decimal("0.5")


def test_default_scale_is_valid():
    assert validate_scale(DEFAULT_SCALE) == []


def _scale_with(**changes):
    rows = {b.letter: b for b in DEFAULT_SCALE}
    for letter, replacement in changes.items():
        letter = letter.replace("_minus", "-")
        if replacement is None:
            rows.pop(letter)
        else:
            rows[letter] = replacement
    return list(rows.values())


def test_gap_in_scale_is_reported():
    errors = validate_scale(_scale_with(D=GradeBand("D", Decimal("1.00"), 51, 54, Traditional.SATISFACTORY)))
    assert any("50–50" in e for e in errors)


def test_overlap_in_scale_is_reported():
    errors = validate_scale(_scale_with(D=GradeBand("D", Decimal("1.00"), 48, 54, Traditional.SATISFACTORY)))
    assert any("overlap" in e for e in errors)


def test_duplicate_letter_is_reported():
    scale = list(DEFAULT_SCALE) + [GradeBand("A", Decimal("4.00"), 95, 100, Traditional.EXCELLENT)]
    assert any("more than once" in e for e in validate_scale(scale))


def test_points_growing_downwards_are_reported():
    errors = validate_scale(_scale_with(D=GradeBand("D", Decimal("1.50"), 50, 54, Traditional.SATISFACTORY)))
    assert any("more points" in e for e in errors)


def test_passing_band_below_failing_band_is_reported():
    errors = validate_scale(_scale_with(F=GradeBand("F", Decimal("0.00"), 0, 24, Traditional.SATISFACTORY)))
    assert any("passing" in e for e in errors)


def test_scale_must_reach_100_and_0():
    assert validate_scale(_scale_with(A=None))
    assert validate_scale(_scale_with(F=None))
    assert validate_scale([]) == ["The scale has no rows."]


def test_points_out_of_range_are_reported():
    errors = validate_scale(_scale_with(A=GradeBand("A", Decimal("4.50"), 95, 100, Traditional.EXCELLENT)))
    assert any("between 0 and 4" in e for e in errors)
