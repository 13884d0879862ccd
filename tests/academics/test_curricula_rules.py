"""The curriculum rules (RULES.md §5) on plain data: every check, the totals and their arithmetic."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academics import curriculum_rules as rules
from academics.curriculum_rules import BlockData, ItemData, Limits, check_curriculum

LIMITS = Limits(discipline_min_credits=5, term_typical_credits=30, programme_min_credits=240, terms_count=8)


def codes(result):
    return [v.code for v in result.violations]


def full_items(terms=8, per_term=6, credits=5):
    return [ItemData(f"D{t}{n}", credits, t) for t in range(1, terms + 1) for n in range(per_term)]


def test_a_complete_bachelor_curriculum_has_no_violation():
    result = check_curriculum(full_items(), [], LIMITS)
    assert result.violations == []
    assert result.totals.programme == 240
    assert result.totals.terms == dict.fromkeys(range(1, 9), 30)
    assert result.totals.years == {1: 60, 2: 60, 3: 60, 4: 60}


def test_years_add_terms_two_by_two():
    items = [ItemData("A", 5, 1), ItemData("B", 6, 2), ItemData("C", 7, 3), ItemData("D", 8, 8)]
    totals = check_curriculum(items, [], LIMITS).totals
    assert totals.years == {1: 11, 2: 7, 3: 0, 4: 8}
    assert rules.year_of_term(1) == rules.year_of_term(2) == 1
    assert rules.year_of_term(7) == rules.year_of_term(8) == 4


def test_every_term_of_the_programme_is_listed_even_when_empty():
    totals = check_curriculum([ItemData("A", 5, 2)], [], LIMITS).totals
    assert list(totals.terms) == list(range(1, 9))
    assert totals.terms[1] == 0


def test_discipline_below_minimum_credits_is_reported():
    items = [*full_items(), ItemData("SMALL", 4, 1)]
    result = check_curriculum(items, [], LIMITS)
    found = [v for v in result.violations if v.code == rules.BELOW_MIN_CREDITS]
    assert len(found) == 1
    assert found[0].discipline == "SMALL" and found[0].term == 1 and found[0].blocking
    assert "4" in found[0].message and "5" in found[0].message


def test_discipline_at_exactly_the_minimum_is_fine():
    result = check_curriculum([ItemData("OK", 5, 1)], [], LIMITS)
    assert rules.BELOW_MIN_CREDITS not in codes(result)


def test_prerequisite_in_an_earlier_term_is_fine():
    items = [ItemData("A", 5, 1), ItemData("B", 5, 2, prerequisites=("A",))]
    assert not [c for c in codes(check_curriculum(items, [], LIMITS)) if c.startswith("prerequisite")]


def test_prerequisite_in_same_term_is_reported():
    items = [ItemData("A", 5, 2), ItemData("B", 5, 2, prerequisites=("A",))]
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.PREREQUISITE_SAME_TERM]
    assert len(found) == 1 and found[0].discipline == "B" and found[0].term == 2 and found[0].blocking


def test_prerequisite_in_a_later_term_is_reported():
    items = [ItemData("A", 5, 4), ItemData("B", 5, 2, prerequisites=("A",))]
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.PREREQUISITE_LATER_TERM]
    assert len(found) == 1 and "4" in found[0].message and found[0].discipline == "B"


def test_prerequisite_missing_from_the_curriculum_is_reported():
    items = [ItemData("B", 5, 2, prerequisites=("NOPE",))]
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.PREREQUISITE_MISSING]
    assert len(found) == 1 and "NOPE" in found[0].message


def test_prerequisite_offered_as_an_earlier_elective_counts_as_placed():
    blocks = [BlockData("KV1", 1, choose_count=1)]
    items = [ItemData("A", 5, 1, block="KV1"), ItemData("B", 5, 2, prerequisites=("A",))]
    assert not [c for c in codes(check_curriculum(items, blocks, LIMITS)) if c.startswith("prerequisite")]


def test_each_unmet_prerequisite_is_reported_separately():
    items = [ItemData("A", 5, 3), ItemData("B", 5, 3, prerequisites=("A", "X", "Y"))]
    assert sorted(c for c in codes(check_curriculum(items, [], LIMITS)) if c.startswith("prerequisite")) == [
        rules.PREREQUISITE_MISSING,
        rules.PREREQUISITE_MISSING,
        rules.PREREQUISITE_SAME_TERM,
    ]


def test_duplicate_discipline_is_reported_once_with_its_terms():
    items = [ItemData("A", 5, 1), ItemData("A", 5, 3), ItemData("A", 5, 5)]
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.DUPLICATE]
    assert len(found) == 1
    assert "1, 3, 5" in found[0].message and found[0].blocking


def test_term_load_far_from_typical_is_a_warning_with_the_load():
    items = [i for i in full_items() if not (i.term == 2 and i.code.endswith(("4", "5")))]  # term 2: 20 credits
    result = check_curriculum(items, [], LIMITS)
    found = [v for v in result.violations if v.code == rules.TERM_LOAD]
    assert [v.term for v in found] == [2]
    assert "20" in found[0].message and not found[0].blocking
    assert found[0] in result.warnings and found[0] not in result.blocking


@pytest.mark.parametrize(("load", "reported"), [(26, True), (27, False), (30, False), (33, False), (34, True)])
def test_term_load_tolerance_is_three_credits_by_default(load, reported):
    items = [ItemData("A", load, 1)]
    limits = Limits(5, 30, 0, terms_count=1)
    assert (rules.TERM_LOAD in codes(check_curriculum(items, [], limits))) is reported


def test_term_load_tolerance_is_a_parameter():
    items = [ItemData("A", 25, 1)]
    assert rules.TERM_LOAD not in codes(check_curriculum(items, [], Limits(5, 30, 0, 1, term_tolerance=5)))
    assert rules.TERM_LOAD in codes(check_curriculum(items, [], Limits(5, 30, 0, 1, term_tolerance=4)))


def test_programme_total_below_the_level_minimum_is_reported():
    items = full_items(per_term=5)  # 8 × 25 = 200
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.TOTAL_BELOW_MIN]
    assert len(found) == 1 and "200" in found[0].message and "240" in found[0].message and found[0].blocking


def test_total_differing_from_the_programme_card_is_a_warning():
    limits = Limits(5, 30, 240, 8, programme_total_credits=250)
    found = [v for v in check_curriculum(full_items(), [], limits).violations if v.code == rules.TOTAL_DIFFERS]
    assert len(found) == 1 and not found[0].blocking


def test_term_beyond_the_programme_terms_is_reported():
    items = [*full_items(), ItemData("LATE", 5, 9)]
    found = [v for v in check_curriculum(items, [], LIMITS).violations if v.code == rules.TERM_OUT_OF_RANGE]
    assert len(found) == 1 and found[0].discipline == "LATE" and "9" in found[0].message and "8" in found[0].message


def test_block_beyond_the_programme_terms_is_reported():
    blocks = [BlockData("KV9", 9, choose_count=1)]
    items = [ItemData("A", 5, 9, block="KV9")]
    found = [v for v in check_curriculum(items, blocks, LIMITS).violations if v.code == rules.TERM_OUT_OF_RANGE]
    assert {(v.block, v.discipline) for v in found} == {("KV9", None), (None, "A")}


def test_block_counts_once_with_choose_count_times_credits():
    blocks = [BlockData("KV1", 3, choose_count=2)]
    items = [ItemData(c, 5, 3, block="KV1") for c in "ABCD"]
    totals = check_curriculum(items, blocks, LIMITS).totals
    assert totals.blocks == {"KV1": 10}
    assert totals.terms[3] == 10 and totals.programme == 10


def test_block_counts_its_choose_credits():
    blocks = [BlockData("KV1", 3, choose_credits=12)]
    items = [ItemData(c, 6, 3, block="KV1") for c in "ABC"]
    assert check_curriculum(items, blocks, LIMITS).totals.terms[3] == 12


def test_block_alternatives_differing_in_credits_count_the_smallest_and_are_reported():
    blocks = [BlockData("KV1", 3, choose_count=2)]
    items = [ItemData("A", 5, 3, block="KV1"), ItemData("B", 6, 3, block="KV1"), ItemData("C", 7, 3, block="KV1")]
    result = check_curriculum(items, blocks, LIMITS)
    assert result.totals.blocks["KV1"] == 10
    found = [v for v in result.violations if v.code == rules.BLOCK_CREDITS_DIFFER]
    assert len(found) == 1 and "5, 6, 7" in found[0].message and found[0].block == "KV1"


def test_block_with_fewer_alternatives_than_it_asks_to_choose_is_reported():
    blocks = [BlockData("KV1", 3, choose_count=3)]
    items = [ItemData("A", 5, 3, block="KV1"), ItemData("B", 5, 3, block="KV1")]
    found = [v for v in check_curriculum(items, blocks, LIMITS).violations if v.code == rules.BLOCK_TOO_FEW]
    assert len(found) == 1 and found[0].block == "KV1" and found[0].blocking


def test_block_with_as_many_alternatives_as_it_asks_is_fine():
    blocks = [BlockData("KV1", 3, choose_count=2)]
    items = [ItemData("A", 5, 3, block="KV1"), ItemData("B", 5, 3, block="KV1")]
    assert rules.BLOCK_TOO_FEW not in codes(check_curriculum(items, blocks, LIMITS))


def test_block_whose_alternatives_cannot_reach_its_credits_is_reported():
    blocks = [BlockData("KV1", 3, choose_credits=15)]
    items = [ItemData("A", 5, 3, block="KV1"), ItemData("B", 6, 3, block="KV1")]
    found = [v for v in check_curriculum(items, blocks, LIMITS).violations if v.code == rules.BLOCK_CREDITS_UNREACHABLE]
    assert len(found) == 1 and "15" in found[0].message and "11" in found[0].message


def test_block_whose_alternatives_reach_its_credits_exactly_is_fine():
    blocks = [BlockData("KV1", 3, choose_credits=11)]
    items = [ItemData("A", 5, 3, block="KV1"), ItemData("B", 6, 3, block="KV1")]
    assert rules.BLOCK_CREDITS_UNREACHABLE not in codes(check_curriculum(items, blocks, LIMITS))


def test_block_with_no_items_is_reported_and_counts_nothing():
    result = check_curriculum([], [BlockData("KV1", 3, choose_count=1)], LIMITS)
    assert rules.BLOCK_EMPTY in codes(result)
    assert result.totals.blocks["KV1"] == 0
    result = check_curriculum([], [BlockData("KV2", 3, choose_credits=10)], LIMITS)
    assert rules.BLOCK_EMPTY in codes(result)


def test_alternative_in_another_term_than_its_block_is_reported():
    blocks = [BlockData("KV1", 3, choose_count=1)]
    items = [ItemData("A", 5, 4, block="KV1")]
    found = [v for v in check_curriculum(items, blocks, LIMITS).violations if v.code == rules.BLOCK_TERM_MISMATCH]
    assert len(found) == 1 and found[0].discipline == "A"


def test_item_of_an_unknown_block_is_reported_and_still_counted():
    result = check_curriculum([ItemData("A", 5, 1, block="NOPE")], [], LIMITS)
    assert rules.BLOCK_UNKNOWN in codes(result)
    assert result.totals.terms[1] == 5


def test_only_term_load_and_card_total_are_warnings():
    assert frozenset({rules.TERM_LOAD, rules.TOTAL_DIFFERS}) == rules.WARNINGS
    assert rules.Violation(rules.DUPLICATE, "x").blocking
    assert not rules.Violation(rules.TERM_LOAD, "x").blocking


@dataclass
class FakeSettings:
    bachelor_min_credits: int = 240
    bachelor_extended_min_credits: int = 300
    master_scientific_credits: int = 120
    master_profile_min_credits: int = 60
    doctorate_min_credits: int = 180


@pytest.mark.parametrize(
    ("level", "track", "extended", "years", "expected"),
    [
        ("bachelor", "", False, 4, 240),
        ("bachelor", "", True, 5, 300),
        ("master", "scientific", False, 2, 120),
        ("master", "", False, 2, 120),
        ("master", "profile", False, 1, 60),
        ("master", "profile", False, Decimal("1.5"), 90),
        ("doctorate", "", False, 3, 180),
    ],
)
def test_level_minimum_comes_from_the_settings(level, track, extended, years, expected):
    assert (
        rules.programme_min_credits(
            level=level, master_track=track, extended=extended, duration_years=years, settings=FakeSettings()
        )
        == expected
    )


def test_level_minimum_follows_changed_settings():
    s = FakeSettings(bachelor_min_credits=250, master_profile_min_credits=70)
    assert (
        rules.programme_min_credits(level="bachelor", master_track="", extended=False, duration_years=4, settings=s)
        == 250
    )
    assert (
        rules.programme_min_credits(
            level="master", master_track="profile", extended=False, duration_years=Decimal("1.5"), settings=s
        )
        == 105
    )


def test_unknown_level_is_a_programming_error():
    with pytest.raises(ValueError):
        rules.programme_min_credits(
            level="school", master_track="", extended=False, duration_years=1, settings=FakeSettings()
        )


# --- Arithmetic of the totals, for any curriculum -------------------------------------------------

TERMS = 8
item_st = st.builds(
    ItemData,
    code=st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    credits=st.integers(min_value=1, max_value=15),
    term=st.integers(min_value=1, max_value=TERMS),
)
block_st = st.tuples(
    st.integers(min_value=1, max_value=TERMS),
    st.one_of(
        st.tuples(st.integers(1, 4), st.none()),
        st.tuples(st.none(), st.integers(1, 30)),
    ),
    st.lists(st.integers(min_value=1, max_value=15), max_size=5),
)


def _with_blocks(items, raw_blocks):
    blocks, all_items = [], list(items)
    for n, (term, (count, credits), alt_credits) in enumerate(raw_blocks):
        code = f"KV{n}"
        blocks.append(BlockData(code, term, choose_count=count, choose_credits=credits))
        all_items += [ItemData(f"{code}-{i}", c, term, block=code) for i, c in enumerate(alt_credits)]
    return all_items, blocks


@given(st.lists(item_st, max_size=40), st.lists(block_st, max_size=4))
def test_programme_total_is_the_sum_of_terms_and_of_years(items, raw_blocks):
    all_items, blocks = _with_blocks(items, raw_blocks)
    totals = check_curriculum(all_items, blocks, LIMITS).totals
    assert totals.programme == sum(totals.terms.values()) == sum(totals.years.values())
    for year, credits in totals.years.items():
        assert credits == totals.terms.get(2 * year - 1, 0) + totals.terms.get(2 * year, 0)


@given(st.lists(item_st, max_size=40), st.lists(block_st, max_size=4))
def test_each_block_counts_once_as_its_required_credits(items, raw_blocks):
    all_items, blocks = _with_blocks(items, raw_blocks)
    totals = check_curriculum(all_items, blocks, LIMITS).totals
    compulsory = sum(i.credits for i in items)
    assert totals.programme == compulsory + sum(totals.blocks.values())
    for block in blocks:
        alts = [i.credits for i in all_items if i.block == block.code]
        if block.choose_credits is not None:
            assert totals.blocks[block.code] == block.choose_credits
        else:
            assert totals.blocks[block.code] == (block.choose_count * min(alts) if alts else 0)


@given(st.lists(item_st, max_size=30), item_st)
def test_adding_a_discipline_raises_its_term_its_year_and_the_total_by_its_credits(items, extra):
    before = check_curriculum(items, [], LIMITS).totals
    after = check_curriculum([*items, extra], [], LIMITS).totals
    assert after.terms[extra.term] - before.terms[extra.term] == extra.credits
    year = rules.year_of_term(extra.term)
    assert after.years[year] - before.years[year] == extra.credits
    assert after.programme - before.programme == extra.credits


@given(st.lists(item_st, max_size=30))
def test_term_load_is_reported_exactly_for_terms_outside_the_band(items):
    result = check_curriculum(items, [], LIMITS)
    flagged = {v.term for v in result.violations if v.code == rules.TERM_LOAD}
    assert flagged == {t for t, c in result.totals.terms.items() if not 27 <= c <= 33}
