"""RULES.md §4: GPA examples worked by hand, and its settings."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from grading.gpa_rules import GpaRow, GpaRules, gpa

D = Decimal


def test_worked_example():
    # 5 × 4.00 + 5 × 3.00 + 6 × 2.33 = 20 + 15 + 13.98 = 48.98; / 16 = 3.06125 -> 3.06
    rows = [GpaRow(1, 1, 5, D("4.00")), GpaRow(2, 1, 5, D("3.00")), GpaRow(3, 1, 6, D("2.33"))]
    assert gpa(rows) == D("3.06")


def test_half_up_at_the_second_decimal():
    # (3 × 3.67 + 5 × 3.33) / 8 = (11.01 + 16.65) / 8 = 3.4575 -> 3.46
    assert gpa([GpaRow(1, 1, 3, D("3.67")), GpaRow(2, 1, 5, D("3.33"))]) == D("3.46")


def test_pass_fail_is_left_out():
    rows = [GpaRow(1, 1, 5, D("4.00")), GpaRow(2, 1, 10, None, "P")]
    assert gpa(rows) == D("4.00")
    assert gpa([GpaRow(2, 1, 10, None, "P")]) is None


def test_latest_attempt_by_default_or_all_attempts():
    rows = [GpaRow(1, 1, 5, D("0.50"), "FX"), GpaRow(1, 2, 5, D("3.00"), "B"), GpaRow(2, 1, 5, D("4.00"))]
    assert gpa(rows) == D("3.50")
    # all attempts: (2.5 + 15 + 20) / 15 = 2.5
    assert gpa(rows, GpaRules(latest_attempt_only=False)) == D("2.50")


def test_fx_counts_half_a_point_or_nothing():
    rows = [GpaRow(1, 1, 5, D("0.50"), "FX"), GpaRow(2, 1, 5, D("4.00"), "A")]
    assert gpa(rows) == D("2.25")
    assert gpa(rows, GpaRules(fx_counts=False)) == D("2.00")


def test_physical_education_may_be_left_out():
    rows = [GpaRow(1, 1, 5, D("4.00")), GpaRow(2, 1, 5, D("2.00"), physical_education=True)]
    assert gpa(rows) == D("3.00")
    assert gpa(rows, GpaRules(exclude_physical_education=True)) == D("4.00")


points = st.sampled_from(
    [D(p) for p in ("4.00", "3.67", "3.33", "3.00", "2.67", "2.33", "2.00", "1.67", "1.33", "1.00")]
)


@given(st.lists(st.tuples(st.integers(1, 15), points), min_size=1, max_size=40))
def test_gpa_lies_between_the_lowest_and_highest_points(items):
    rows = [GpaRow(i, 1, c, p) for i, (c, p) in enumerate(items)]
    value = gpa(rows)
    assert min(p for _c, p in items) <= value <= max(p for _c, p in items)
    assert value == value.quantize(D("0.01"))
