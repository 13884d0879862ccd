"""The matching rule of recognition (grading.conversion.match_difference) without a database:
same discipline, mapping, code, credits, failed results, one use per earlier result, elective blocks,
independence from the order of entry."""

import random

from grading.conversion import BlockRule, Earlier, Reason, Target, match_difference


def target(pk, code, term=1, credits=5, block=None, pass_fail=False):
    return Target(pk, code, credits, term, pass_fail=pass_fail, block_id=block)


def earlier(key, *, code="", discipline=None, credits=5, score=80, passed=True, result=None):
    return Earlier(key, f"name {key}", credits, score, passed, grade=str(score), code=code,
                   discipline_id=discipline, result_id=result)  # fmt: skip


def by_target(outcome):
    return {d.target.discipline_id: d for d in outcome.decisions}


def test_own_result_of_the_same_discipline_is_recognised():
    out = match_difference([target(1, "MAT1")], [], [earlier("r1", discipline=1, result=7, score=91)])
    d = by_target(out)[1]
    assert d.recognised and d.reason == Reason.SAME and d.earlier.result_id == 7


def test_same_code_ignores_case_spaces_and_dashes():
    out = match_difference([target(1, "MAT-101")], [], [earlier("x1", code="mat 101")])
    assert by_target(out)[1].recognised and by_target(out)[1].reason == Reason.CODE


def test_a_mapping_by_the_registrar_wins_over_a_code():
    out = match_difference(
        [target(1, "PHY1"), target(2, "CHE1")],
        [],
        [earlier("x1", code="PHY1", discipline=2, score=70), earlier("x2", code="PHY1", score=60)],
    )
    decisions = by_target(out)
    assert decisions[2].earlier.key == "x1" and decisions[2].reason == Reason.SAME
    assert decisions[1].earlier.key == "x2" and decisions[1].reason == Reason.CODE


def test_fewer_credits_is_to_make_up_and_keeps_what_was_studied():
    out = match_difference([target(1, "MAT1", credits=5)], [], [earlier("x1", code="MAT1", credits=3)])
    d = by_target(out)[1]
    assert not d.recognised and d.reason == Reason.FEWER_CREDITS and d.earlier.key == "x1"


def test_nothing_studied_is_to_make_up():
    d = by_target(match_difference([target(1, "MAT1")], [], []))[1]
    assert not d.recognised and d.reason == Reason.NONE and d.earlier is None


def test_failed_results_never_match():
    out = match_difference([target(1, "MAT1")], [], [earlier("x1", code="MAT1", score=40, passed=False)])
    assert not by_target(out)[1].recognised and out.unused == []


def test_each_earlier_result_counts_once():
    out = match_difference([target(1, "MAT1"), target(2, "MAT2")], [], [earlier("x1", discipline=1, code="MAT2")])
    decisions = by_target(out)
    assert decisions[1].recognised and not decisions[2].recognised


def test_the_better_score_is_used_and_the_rest_is_unused():
    out = match_difference([target(1, "MAT1")], [], [earlier("x1", code="MAT1", score=70),
                                                      earlier("x2", code="MAT1", score=95)])  # fmt: skip
    assert by_target(out)[1].earlier.key == "x2"
    assert [e.key for e in out.unused] == ["x1"]


def test_pass_fail_results_count_only_for_pass_fail_disciplines():
    e = earlier("x1", code="PE1", score=None)
    graded = by_target(match_difference([target(1, "PE1")], [], [e]))[1]
    assert not graded.recognised and graded.reason == Reason.NO_SCORE
    pf = by_target(match_difference([target(1, "PE1", pass_fail=True)], [], [e]))[1]
    assert pf.recognised


def block_targets(block=9, term=3):
    return [target(11, "ALT1", term, block=block), target(12, "ALT2", term, block=block),
            target(13, "ALT3", term, block=block)]  # fmt: skip


def test_a_block_is_recognised_when_enough_alternatives_are_covered():
    out = match_difference(block_targets(), [BlockRule(9, 3, choose_count=1)],
                           [earlier("x1", code="ALT2"), earlier("x2", code="ALT3", score=90)])  # fmt: skip
    assert [(d.target.code, d.recognised) for d in out.decisions] == [("ALT3", True)]
    assert [e.key for e in out.unused] == ["x1"]


def test_an_uncovered_block_makes_up_one_alternative_by_default():
    out = match_difference(block_targets(), [BlockRule(9, 3, choose_count=1)], [])
    assert [(d.target.code, d.recognised, d.reason) for d in out.decisions] == [("ALT1", False, Reason.BLOCK_MAKE_UP)]


def test_a_partly_covered_block_makes_up_the_rest():
    out = match_difference(block_targets(), [BlockRule(9, 3, choose_count=2)], [earlier("x1", code="ALT3")])
    assert [(d.target.code, d.recognised) for d in out.decisions] == [("ALT3", True), ("ALT1", False)]


def test_a_credits_block_counts_credits_and_prefers_a_nearly_matched_alternative():
    out = match_difference(
        block_targets(), [BlockRule(9, 3, choose_credits=10)], [earlier("x1", code="ALT2", credits=3)]
    )
    assert [(d.target.code, d.recognised, d.reason) for d in out.decisions] == [
        ("ALT2", False, Reason.FEWER_CREDITS),
        ("ALT1", False, Reason.BLOCK_MAKE_UP),
    ]


def test_the_outcome_does_not_depend_on_the_order_of_entry():
    targets = [target(1, "MAT1"), target(2, "MAT2", 2), *block_targets()]
    entries = [
        earlier("x1", code="MAT1", score=70),
        earlier("x2", code="MAT1", score=90),
        earlier("x3", discipline=2, credits=4),
        earlier("x4", code="ALT1"),
        earlier("x5", code="ALT2"),
    ]

    def summary(items):
        out = match_difference(targets, [BlockRule(9, 3, choose_count=1)], items)
        return sorted((d.target.code, d.recognised, d.earlier.key if d.earlier else None) for d in out.decisions)

    expected = summary(entries)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = entries[:]
        rng.shuffle(shuffled)
        assert summary(shuffled) == expected
