"""The pure rules of the structure and the catalogue (academics.structure_rules): no database."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from academics import structure_rules as rules


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


HOURS = rules.HOURS_FIELDS
LIMITS = {
    "bachelor_min_credits": 240,
    "bachelor_extended_min_credits": 300,
    "master_scientific_credits": 120,
    "master_profile_min_credits": 60,
    "doctorate_min_credits": 180,
}


def _hours(*values):
    return dict(zip(HOURS, values, strict=True))


@given(
    credits=st.integers(min_value=1, max_value=60), per_credit=st.integers(min_value=20, max_value=40), data=st.data()
)
def test_hours_that_add_up_to_credits_times_hours_per_credit_pass(credits, per_credit, data):
    total = credits * per_credit
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=total), min_size=4, max_size=4)))
    values = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]  # five parts summing to total
    assert rules.hours_error(credits, _hours(*values), per_credit) is None


@given(
    credits=st.integers(min_value=1, max_value=60),
    per_credit=st.integers(min_value=20, max_value=40),
    values=st.lists(st.integers(min_value=0, max_value=500), min_size=5, max_size=5),
)
def test_hours_that_do_not_add_up_are_reported_with_both_numbers(credits, per_credit, values):
    expected, actual = credits * per_credit, sum(values)
    error = rules.hours_error(credits, _hours(*values), per_credit)
    if actual == expected:
        assert error is None
    else:
        assert str(actual) in error and str(expected) in error


def test_missing_hours_count_as_zero():
    assert rules.hours_total({"hours_lecture": 15, "hours_lab": None}) == 15


@pytest.mark.parametrize(("credits", "warned"), [(1, True), (4, True), (5, False), (12, False)])
def test_credits_below_the_minimum_only_warn(credits, warned):
    warning = rules.credits_warning(credits, 5)
    assert (warning is not None) is warned
    if warned:
        assert str(credits) in warning and "5" in warning


@pytest.mark.parametrize("code", ["HMK1101", "ИС2201", "ҚТӘ-101", "AB.12", "Ө1", "x"])
def test_valid_discipline_codes(code):
    assert rules.discipline_code_error(code) is None


@pytest.mark.parametrize("code", ["", "IS 2201", "-IS2201", "_A1", "A" * 21, "IS/2201", "IS,2201"])
def test_invalid_discipline_codes_are_refused_naming_the_code(code):
    error = rules.discipline_code_error(code)
    assert error is not None
    if code:
        assert code in error


def test_a_chain_of_prerequisites_has_no_cycle():
    assert rules.find_prerequisite_cycle({"C": ["B"], "B": ["A"], "A": []}) is None


def test_a_discipline_that_is_its_own_prerequisite_is_a_cycle():
    cycle = rules.find_prerequisite_cycle({"A": ["A"]})
    assert cycle == ["A", "A"]
    assert "A" in rules.cycle_message(cycle) and "own prerequisite" in rules.cycle_message(cycle)


def test_a_cycle_is_named_in_order():
    cycle = rules.find_prerequisite_cycle({"A": ["B"], "B": ["C"], "C": ["A"], "D": ["A"]})
    assert cycle == ["A", "B", "C", "A"]
    assert "A → B → C → A" in rules.cycle_message(cycle)


@st.composite
def dags(draw):
    """A random acyclic graph: a node only requires nodes with a smaller number."""
    n = draw(st.integers(min_value=1, max_value=25))
    return {i: set(draw(st.sets(st.integers(min_value=0, max_value=i - 1)))) if i else set() for i in range(n)}


@given(dags())
def test_an_acyclic_catalogue_never_reports_a_cycle(graph):
    assert rules.find_prerequisite_cycle(graph) is None


@given(dags(), st.data())
def test_a_back_edge_always_closes_a_reported_cycle(graph, data):
    # Pick a path low -> ... -> high through the DAG's edges reversed, then let low require high.
    high = data.draw(st.sampled_from(sorted(graph)))
    reach = {high}
    frontier = [high]
    while frontier:
        node = frontier.pop()
        for dep in graph[node]:
            if dep not in reach:
                reach.add(dep)
                frontier.append(dep)
    low = data.draw(st.sampled_from(sorted(reach)))
    graph[low].add(high)
    cycle = rules.find_prerequisite_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1]
    for a, b in zip(cycle, cycle[1:], strict=False):
        assert b in graph[a], "every step of the named cycle is a real prerequisite"


def test_codes_are_split_by_commas_semicolons_and_lines():
    assert rules.split_codes(" A1, B2;C3\nA1 ,, ") == ["A1", "B2", "C3"]
    assert rules.split_codes(None) == []


@pytest.mark.parametrize(
    ("level", "track", "extended", "minimum"),
    [
        ("bachelor", "", False, 240),
        ("bachelor", "", True, 300),
        ("master", "scientific", False, 120),
        ("master", "profile", False, 60),
        ("doctorate", "", False, 180),
    ],
)
def test_programme_minimum_credits_follow_the_level(level, track, extended, minimum):
    assert rules.programme_min_credits(level, track, extended, LIMITS) == minimum
