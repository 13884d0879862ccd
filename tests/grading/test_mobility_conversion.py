"""ECTS conversion without a database: every ECTS grade through the default conversion and the scale,
the boundaries of the scale, validation of a conversion, and the spelling of grades."""

from decimal import Decimal

import pytest

from grading.conversion import (
    DEFAULT_CONVERSION,
    ECTS_GRADES,
    convert_ects,
    grade_of_score,
    normalize_ects,
    validate_conversion,
)
from registrar.scale import DEFAULT_SCALE

EXPECTED = {
    "A": (95, "A", Decimal("4.00"), True),
    "B": (85, "B+", Decimal("3.33"), True),
    "C": (75, "B-", Decimal("2.67"), True),
    "D": (65, "C", Decimal("2.00"), True),
    "E": (55, "D+", Decimal("1.33"), True),
    "FX": (40, "FX", Decimal("0.50"), False),
    "F": (20, "F", Decimal("0.00"), False),
}


@pytest.mark.parametrize("grade", ECTS_GRADES)
def test_each_ects_grade_converts_through_the_scale(grade):
    c = convert_ects(grade, DEFAULT_CONVERSION, DEFAULT_SCALE)
    assert (c.score, c.letter, c.points, c.passed) == EXPECTED[grade]


def test_the_defaults_are_a_usable_conversion():
    assert validate_conversion(DEFAULT_CONVERSION, DEFAULT_SCALE) == []
    assert list(DEFAULT_CONVERSION) == list(ECTS_GRADES)


@pytest.mark.parametrize(
    ("score", "letter"),
    [(100, "A"), (95, "A"), (94, "A-"), (90, "A-"), (89, "B+"), (50, "D"), (49.5, "D"), (49.49, "FX"),
     (49, "FX"), (25, "FX"), (24, "F"), (0, "F")],
)  # fmt: skip
def test_scores_take_the_letter_of_the_scale_at_its_boundaries(score, letter):
    assert grade_of_score(score, DEFAULT_SCALE).letter == letter


def test_a_conversion_follows_a_changed_mapping_through_the_scale():
    mapping = {**DEFAULT_CONVERSION, "E": 50, "D": 60}
    assert convert_ects("E", mapping, DEFAULT_SCALE).letter == "D"
    assert convert_ects("D", mapping, DEFAULT_SCALE).letter == "C-"


def test_pass_fail_disciplines_get_the_mark_without_points():
    passed = convert_ects("C", DEFAULT_CONVERSION, DEFAULT_SCALE, pass_fail=True)
    failed = convert_ects("FX", DEFAULT_CONVERSION, DEFAULT_SCALE, pass_fail=True)
    assert (passed.letter, passed.points, passed.passed) == ("P", None, True)
    assert (failed.letter, failed.points, failed.passed) == ("NP", None, False)


@pytest.mark.parametrize(
    ("text", "grade"),
    [("a", "A"), (" Fx ", "FX"), ("fx", "FX"), ("А", "A"), ("С", "C"), ("Е", "E"), ("F X", "FX"), ("B+", None),
     ("", None), (None, None), ("G", None)],
)  # fmt: skip
def test_grades_are_read_whatever_the_keyboard(text, grade):
    assert normalize_ects(text) == grade


def test_unknown_grades_are_refused_by_the_conversion():
    with pytest.raises(ValueError):
        convert_ects("B+", DEFAULT_CONVERSION, DEFAULT_SCALE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"C": None}, "C has no score"),
        ({"C": 101}, "from 0 to 100"),
        ({"C": -1}, "from 0 to 100"),
        ({"C": "7.5"}, "whole number"),
        ({"B": 70}, "B converts lower than C (70 < 75)"),
        ({"G": 10}, "G is not an ECTS grade"),
        ({"E": 45, "FX": 40}, "E is a pass in ECTS but 45 is the failing letter FX here"),
        ({"FX": 52, "E": 55}, "FX is a fail in ECTS but 52 is the passing letter D here"),
    ],
)
def test_an_unusable_conversion_is_refused_with_the_reason(change, message):
    mapping = {**DEFAULT_CONVERSION, **change}
    mapping = {k: v for k, v in mapping.items() if v is not None}
    errors = validate_conversion(mapping, DEFAULT_SCALE)
    assert any(message in e for e in errors), errors


def test_equal_scores_for_neighbouring_grades_are_allowed():
    assert validate_conversion({**DEFAULT_CONVERSION, "A": 90, "B": 90}, DEFAULT_SCALE) == []
