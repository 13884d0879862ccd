"""RULES.md §2 and §1: every boundary of the final-score formula and the scale, without a database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grading.final_score import (
    Mark,
    Outcome,
    Rules,
    admission_rating,
    final_grade,
    half_rating,
    pass_fail_grade,
    single_score_grade,
)

D = Decimal


def graded(adm, exam, **kw):
    return final_grade(r1=adm, r2=adm, exam=exam, **kw)


def test_worked_examples_of_rules_md():
    g = final_grade(r1=70, r2=80, exam=90)
    assert (g.admission, g.score, g.letter, g.points, g.outcome) == (D("75.00"), 81, "B", D("3.00"), Outcome.GRADED)
    g = final_grade(r1=40, r2=50, exam=None)
    assert (g.outcome, g.letter, g.score) == (Outcome.NOT_ADMITTED, "F", 27)
    g = graded(80, 45)
    assert (g.outcome, g.letter, g.score, g.points) == (Outcome.FX, "FX", 49, D("0.50"))


def test_half_rating_default_is_the_mean_of_current_and_midterm():
    assert half_rating(70, 81) == D("75.50")
    assert half_rating(None, 81) is None
    assert half_rating(D("66.67"), 70, Rules(current_weight=D("0.40"))) == D("68.67")


def test_admission_keeps_two_decimals():
    assert admission_rating(D("49.49"), D("49.50")) == D("49.50")  # 49.495 -> 49.50 half-up


@pytest.mark.parametrize(
    ("admission", "admitted"),
    [(D("49"), False), (D("49.49"), False), (D("49.5"), True), (D("50"), True)],
)
def test_admission_threshold_compares_the_rounded_whole_number(admission, admitted):
    g = graded(admission, 100)
    assert (g.outcome != Outcome.NOT_ADMITTED) is admitted


@pytest.mark.parametrize(
    ("exam", "outcome"),
    [(D("49"), Outcome.FX), (D("49.49"), Outcome.FX), (D("49.5"), Outcome.GRADED), (50, Outcome.GRADED)],
)
def test_exam_threshold(exam, outcome):
    assert graded(100, exam).outcome == outcome


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (D("49.4"), "FX"),
        (D("49.5"), "D"),
        (50, "D"),
        (D("89.49"), "B+"),
        (89, "B+"),
        (90, "A-"),
        (94, "A-"),
        (D("94.5"), "A"),
        (95, "A"),
        (100, "A"),
        (D("24.4"), "F"),
        (D("24.5"), "FX"),
    ],
)
def test_scale_boundaries_for_a_single_score(score, letter):
    assert single_score_grade(score).letter == letter


def test_final_score_is_rounded_once_at_the_end():
    # 0.6 × 74.75 + 0.4 × 95.5 = 44.85 + 38.2 = 83.05 -> 83 (B); rounding the parts first would give 45 + 38 = 83 too,
    # but 0.6 × 82.42 + 0.4 × 94.5 = 49.452 + 37.8 = 87.252 -> 87, while rounding admission first gives 87.
    g = graded(D("74.75"), D("95.5"))
    assert g.score == 83 and g.letter == "B"
    g = graded(D("90.83"), D("94.5"))  # 54.498 + 37.8 = 92.298 -> 92
    assert g.score == 92 and g.letter == "A-"


def test_passing_score_of_boundary_ratings_is_fifty():
    g = graded(D("49.5"), D("49.5"))
    assert (g.outcome, g.score, g.letter) == (Outcome.GRADED, 50, "D")


def test_fx_score_is_capped_at_49():
    g = graded(100, 49)
    assert g.score == 49 and g.letter == "FX"  # 60 + 19.6 = 79.6 capped


def test_not_admitted_f_not_fx_whatever_the_exam():
    g = graded(D("45"), 100)
    assert g.outcome == Outcome.NOT_ADMITTED and g.letter == "F" and g.score == 27 and g.points == D("0.00")


def test_unpassed_prerequisite_means_not_admitted():
    g = graded(90, 90, prerequisites_passed=False)
    assert g.outcome == Outcome.NOT_ADMITTED and g.letter == "F" and g.score == 49  # 54 capped


def test_no_show_without_and_with_a_valid_reason():
    g = graded(80, None, mark=Mark.NO_SHOW)
    assert (g.outcome, g.letter, g.score) == (Outcome.NO_SHOW, "F", 48)
    g = graded(80, None, mark=Mark.VALID_REASON)
    assert g.outcome == Outcome.DEFERRED and not g.is_final and g.letter == ""


def test_missing_parts_are_incomplete():
    assert final_grade(current1=80, midterm1=80).outcome == Outcome.INCOMPLETE
    assert graded(80, None).outcome == Outcome.INCOMPLETE


def test_out_of_range_scores_are_refused():
    with pytest.raises(ValueError, match="exam must be between 0 and 100"):
        graded(80, 101)
    with pytest.raises(ValueError, match="midterm"):
        half_rating(50, -1)


def test_weights_are_settings():
    rules = Rules(admission_weight=D("0.5"), exam_weight=D("0.5"))
    assert graded(70, 90, rules=rules).score == 80


def test_pass_fail():
    assert pass_fail_grade(True).outcome == Outcome.PASSED
    assert pass_fail_grade(True).points is None
    assert pass_fail_grade(False).letter == "NP"
    assert pass_fail_grade(True, Mark.NO_SHOW).outcome == Outcome.NOT_PASSED
    assert pass_fail_grade(None).outcome == Outcome.INCOMPLETE


scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(r1=scores, r2=scores, exam=scores)
def test_any_complete_row_has_a_consistent_final_grade(r1, r2, exam):
    g = final_grade(r1=r1, r2=r2, exam=exam)
    assert g.is_final
    assert 0 <= g.score <= 100
    if g.outcome == Outcome.GRADED:
        assert g.score >= 50 and g.letter not in ("F", "FX")
    else:
        assert g.score <= 49 and g.letter in ("F", "FX")
    assert (g.outcome == Outcome.NOT_ADMITTED) == (int((g.admission + D("0.5")) // 1) < 50)


@given(r1=scores, r2=scores, exam=scores)
def test_a_higher_exam_never_lowers_the_grade(r1, r2, exam):
    low = final_grade(r1=r1, r2=r2, exam=exam)
    high = final_grade(r1=r1, r2=r2, exam=min(exam + 10, D(100)))
    assert high.score >= low.score or low.outcome == Outcome.FX
