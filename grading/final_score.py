"""One discipline's final grade (RULES.md §2) as a pure function of the sheet row and the settings.

    R  = w × current control + (1 − w) × midterm            (each half, two decimals)
    admission = (R1 + R2) / 2                               (two decimals)
    admitted  = round(admission) ≥ admission threshold, and the prerequisites are passed
    final     = a × admission + e × exam, rounded half-up once, at the end

Failing outcomes take their letter from the reason, not from the scale, and the recorded score is
the same formula (exam 0 when not taken), rounded, capped at the failing cap (49):
admitted with exam below the threshold → FX; not admitted → F; no-show without a valid reason → F;
no-show with a valid reason → deferred (the result stays open).

No database: the sheet services pass the settings and the scale in, and every boundary is tested here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from registrar.numbers import round_half_up, round_score, to_decimal
from registrar.scale import DEFAULT_SCALE, GradeBand, band_for

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Outcome:
    GRADED = "graded"  # admitted, exam passed: the letter comes from the scale
    FX = "fx"  # admitted, exam below the threshold: one free exam retake
    NOT_ADMITTED = "not_admitted"  # admission rating below the threshold (or prerequisites unpassed): F
    NO_SHOW = "no_show"  # absent from the exam without a valid reason: F
    DEFERRED = "deferred"  # absent with a valid reason: the result stays open
    INCOMPLETE = "incomplete"  # scores still missing
    PASSED = "passed"  # pass/fail discipline
    NOT_PASSED = "not_passed"


FINAL_OUTCOMES = frozenset({Outcome.GRADED, Outcome.FX, Outcome.NOT_ADMITTED, Outcome.NO_SHOW})
PASS_LETTER, FAIL_LETTER = "P", "NP"


class Mark:
    """Marks a teacher or the registrar sets on a sheet row instead of (or beside) an exam score."""

    NONE = ""
    NO_SHOW = "no_show"
    VALID_REASON = "valid_reason"


@dataclass(frozen=True)
class Rules:
    current_weight: Decimal = Decimal("0.50")
    admission_weight: Decimal = Decimal("0.60")
    exam_weight: Decimal = Decimal("0.40")
    admission_threshold: int = 50
    exam_threshold: int = 50
    failing_cap: int = 49
    fx_letter: str = "FX"
    f_letter: str = "F"
    scale: tuple[GradeBand, ...] = DEFAULT_SCALE

    @classmethod
    def from_settings(cls, s, scale) -> Rules:
        bands = tuple(scale)
        failing = [b for b in bands if not b.is_passing]
        by_points = sorted(failing, key=lambda b: b.points)
        return cls(
            current_weight=s.current_control_weight,
            admission_weight=s.admission_weight,
            exam_weight=s.exam_weight,
            admission_threshold=s.admission_threshold,
            exam_threshold=s.exam_pass_threshold,
            failing_cap=s.failing_score_cap,
            f_letter=by_points[0].letter if by_points else "F",
            fx_letter=by_points[-1].letter if len(by_points) > 1 else "FX",
            scale=bands,
        )

    def band(self, letter: str) -> GradeBand | None:
        return next((b for b in self.scale if b.letter == letter), None)


@dataclass(frozen=True)
class Grade:
    """What a sheet row comes to. `score` is the whole-number final score; `letter`/`points` are
    empty while the outcome is not final."""

    outcome: str
    r1: Decimal | None = None
    r2: Decimal | None = None
    admission: Decimal | None = None
    score: int | None = None
    letter: str = ""
    points: Decimal | None = None
    traditional: str = ""

    @property
    def is_final(self) -> bool:
        return self.outcome in FINAL_OUTCOMES or self.outcome in (Outcome.PASSED, Outcome.NOT_PASSED)

    @property
    def passed(self) -> bool:
        return self.outcome in (Outcome.GRADED, Outcome.PASSED)


def _check(value, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    d = to_decimal(value)
    if not (ZERO <= d <= HUNDRED):
        raise ValueError(f"{name} must be between 0 and 100")
    return d


def half_rating(current, midterm, rules: Rules = Rules()) -> Decimal | None:
    """R of one half: w × current + (1 − w) × midterm, two decimals; None while either is missing."""
    current, midterm = _check(current, "current control"), _check(midterm, "midterm control")
    if current is None or midterm is None:
        return None
    w = rules.current_weight
    return round_half_up(w * current + (1 - w) * midterm, 2)


def admission_rating(r1, r2) -> Decimal | None:
    r1, r2 = _check(r1, "R1"), _check(r2, "R2")
    if r1 is None or r2 is None:
        return None
    return round_half_up((r1 + r2) / 2, 2)


def is_admitted(admission, rules: Rules = Rules(), prerequisites_passed: bool = True) -> bool:
    return prerequisites_passed and round_score(admission) >= rules.admission_threshold


def _failing(outcome: str, admission: Decimal, exam: Decimal, rules: Rules, letter: str, **kw) -> Grade:
    raw = rules.admission_weight * admission + rules.exam_weight * exam
    score = min(round_score(raw), rules.failing_cap)
    band = rules.band(letter)
    return Grade(
        outcome,
        admission=admission,
        score=score,
        letter=letter,
        points=band.points if band else ZERO,
        traditional=band.traditional if band else "unsatisfactory",
        **kw,
    )


def final_grade(
    *,
    current1=None,
    midterm1=None,
    current2=None,
    midterm2=None,
    exam=None,
    mark: str = Mark.NONE,
    prerequisites_passed: bool = True,
    rules: Rules = Rules(),
    r1=None,
    r2=None,
) -> Grade:
    """The grade of an exam discipline. R1/R2 come from current + midterm, or are given directly
    (a sheet imported with ratings only). A retake passes the kept admission through r1 = r2 = admission."""
    r1 = half_rating(current1, midterm1, rules) if r1 is None else round_half_up(_check(r1, "R1"), 2)
    r2 = half_rating(current2, midterm2, rules) if r2 is None else round_half_up(_check(r2, "R2"), 2)
    halves = {"r1": r1, "r2": r2}
    if r1 is None or r2 is None:
        return Grade(Outcome.INCOMPLETE, **halves)
    admission = admission_rating(r1, r2)
    if not is_admitted(admission, rules, prerequisites_passed):
        return _failing(Outcome.NOT_ADMITTED, admission, ZERO, rules, rules.f_letter, **halves)
    if mark == Mark.VALID_REASON:
        return Grade(Outcome.DEFERRED, admission=admission, **halves)
    if mark == Mark.NO_SHOW:
        return _failing(Outcome.NO_SHOW, admission, ZERO, rules, rules.f_letter, **halves)
    exam = _check(exam, "exam")
    if exam is None:
        return Grade(Outcome.INCOMPLETE, admission=admission, **halves)
    if round_score(exam) < rules.exam_threshold:
        return _failing(Outcome.FX, admission, exam, rules, rules.fx_letter, **halves)
    score = round_score(rules.admission_weight * admission + rules.exam_weight * exam)
    band = band_for(score, rules.scale)
    return Grade(Outcome.GRADED, admission=admission, score=score, letter=band.letter, points=band.points,
                 traditional=band.traditional, **halves)  # fmt: skip


def single_score_grade(score, rules: Rules = Rules(), mark: str = Mark.NONE) -> Grade:
    """Coursework or practice: one score, its letter from the scale (a failing band is a fail)."""
    if mark == Mark.VALID_REASON:
        return Grade(Outcome.DEFERRED)
    if mark == Mark.NO_SHOW:
        band = rules.band(rules.f_letter)
        return Grade(Outcome.NO_SHOW, score=0, letter=rules.f_letter, points=band.points if band else ZERO)
    value = _check(score, "score")
    if value is None:
        return Grade(Outcome.INCOMPLETE)
    whole = round_score(value)
    band = band_for(whole, rules.scale)
    outcome = Outcome.GRADED if band.is_passing else Outcome.NOT_ADMITTED
    return Grade(outcome, score=whole, letter=band.letter, points=band.points, traditional=band.traditional)


def pass_fail_grade(passed: bool | None, mark: str = Mark.NONE) -> Grade:
    """Pass/fail: a mark, credits but no points (GPA leaves it out)."""
    if mark == Mark.VALID_REASON:
        return Grade(Outcome.DEFERRED)
    if passed is None and mark != Mark.NO_SHOW:
        return Grade(Outcome.INCOMPLETE)
    if passed and mark != Mark.NO_SHOW:
        return Grade(Outcome.PASSED, letter=PASS_LETTER)
    return Grade(Outcome.NOT_PASSED, letter=FAIL_LETTER)
