"""Pure rules of academic standing: letters allowed for honours, each honours reason, percentages."""

from decimal import Decimal

from grading.rating import (
    HonoursRules,
    RecordRow,
    Tally,
    honours_verdict,
    is_quality_letter,
    letters_at_or_above,
    percent,
)
from registrar.scale import DEFAULT_SCALE

D = Decimal
RULES = HonoursRules(
    allowed_letters=letters_at_or_above(DEFAULT_SCALE, "C+"),
    lowest_letter="C+",
    min_gpa=D("3.50"),
    attestation_letters=("A", "A-"),
)
POINTS = {b.letter: b.points for b in DEFAULT_SCALE}


def row(i, letter, *, attempt=1, source="sheet", attestation=False, passed=None, points="scale"):
    return RecordRow(
        discipline_id=i,
        code=f"D{i}",
        attempt=attempt,
        letter=letter,
        points=POINTS.get(letter) if points == "scale" else points,
        passed=(letter not in ("FX", "F", "NP")) if passed is None else passed,
        source=source,
        final_attestation=attestation,
    )


def clean_record():
    return [row(1, "A"), row(2, "B-"), row(3, "C+"), row(4, "P", points=None), row(9, "A-", attestation=True)]


def test_letters_at_or_above_follow_the_scale():
    assert letters_at_or_above(DEFAULT_SCALE, "C+") == ("A", "A-", "B+", "B", "B-", "C+")
    assert letters_at_or_above(DEFAULT_SCALE, "A") == ("A",)
    assert letters_at_or_above(DEFAULT_SCALE, "Z") == ()


def test_a_clean_record_is_eligible():
    verdict = honours_verdict(clean_record(), D("3.50"), RULES)
    assert verdict.eligible and verdict.reasons == []


def test_a_grade_below_the_lowest_letter_is_a_reason():
    verdict = honours_verdict([*clean_record(), row(5, "C")], D("3.60"), RULES)
    assert not verdict.eligible
    assert verdict.reasons == ["Grades below C+: D5 (C)."]


def test_gpa_below_the_minimum_or_missing_is_a_reason():
    assert honours_verdict(clean_record(), D("3.49"), RULES).reasons == ["Cumulative GPA 3.49 is below 3.50."]
    assert honours_verdict(clean_record(), None, RULES).reasons == ["No cumulative GPA yet."]


def test_the_final_attestation_must_be_graded_a_or_a_minus():
    record = [r for r in clean_record() if not r.final_attestation]
    assert honours_verdict(record, D("3.9"), RULES).reasons == ["No final attestation result yet."]
    record.append(row(9, "B+", attestation=True))
    assert honours_verdict(record, D("3.9"), RULES).reasons == ["Final attestation graded D9 (B+); honours need A, A-."]


def test_any_retake_or_restudy_ever_is_a_reason_even_when_the_grade_was_raised():
    record = [*clean_record(), row(5, "B", attempt=1), row(5, "A", attempt=2, source="summer")]
    verdict = honours_verdict(record, D("3.8"), RULES)
    assert verdict.reasons == ["Retake or re-study: D5."]
    fx_retake = [*clean_record(), row(6, "B", source="retake")]
    assert honours_verdict(fx_retake, D("3.8"), RULES).reasons == ["Retake or re-study: D6."]


def test_a_failed_result_is_a_reason():
    record = [*clean_record(), row(4, "NP", attempt=1, points=None)]
    record = [r for r in record if not (r.discipline_id == 4 and r.letter == "P")]
    assert honours_verdict(record, D("3.8"), RULES).reasons == ["Failed results: D4."]


def test_every_reason_is_listed_at_once():
    record = [row(1, "D"), row(1, "B", attempt=2, source="retake"), row(2, "F"), row(9, "B", attestation=True)]
    verdict = honours_verdict(record, D("2.10"), RULES)
    assert len(verdict.reasons) == 5  # low grade (D2: F), GPA, attestation, retake, failed
    assert verdict.reasons[0] == "Grades below C+: D2 (F)."


def test_percent_is_half_up_to_one_decimal():
    assert percent(2, 3) == D("66.7")
    assert percent(1, 8) == D("12.5")
    assert percent(1, 16) == D("6.3")  # 6.25 -> 6.3
    assert percent(0, 0) is None


def test_quality_letters_are_a_and_b_grades():
    assert [x for x in ["A", "A-", "B+", "B", "B-", "C+", "C", "FX", "P"] if is_quality_letter(x)] == [
        "A",
        "A-",
        "B+",
        "B",
        "B-",
    ]


def test_a_tally_counts_progress_and_quality():
    t = Tally("g", "G")
    t.add(failed=False, only_quality=True)
    t.add(failed=False, only_quality=False)
    t.add(failed=True, only_quality=True)  # a failure is never quality
    assert (t.total, t.without_failures, t.quality, t.with_failures) == (3, 2, 1, 1)
    assert (t.progress_percent, t.quality_percent) == (D("66.7"), D("33.3"))
