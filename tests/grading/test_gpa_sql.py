"""GPA snapshots computed in SQL (RULES.md §4) against the pure reference `grading.gpa_rules.gpa`:
examples worked by hand through the SQL path, every setting, and random records (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.models import Result
from grading.gpa_rules import GpaRow, counted_rows, gpa
from grading.models import GpaScope, GpaSnapshot
from grading.services import gpa as svc

from .gpa_world import gpa_world, record, set_gpa_options

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world():
    return gpa_world()


def snap(student, scope, term=None, year=None):
    return GpaSnapshot.objects.get(student=student, scope=scope, term=term, academic_year=year)


def test_worked_example_term_year_and_cumulative(world):
    s = world.student()
    autumn, spring = world.term(2030, "autumn"), world.term(2030, "spring")
    a, b, c = world.disciplines[:3]
    record(s, a, autumn, "A", credits=5)
    record(s, b, autumn, "B", credits=5)
    record(s, c, autumn, "C+", credits=6)
    record(s, world.disciplines[3], spring, "A-", credits=3)
    record(s, world.disciplines[4], spring, "B+", credits=5)
    svc.gpa_recompute([s.pk])
    # 5 × 4 + 5 × 3 + 6 × 2.33 = 48.98; / 16 = 3.06125 -> 3.06
    term = snap(s, GpaScope.TERM, term=autumn)
    assert (term.gpa, term.credits, term.credits_earned, term.quality_points) == (D("3.06"), 16, 16, D("48.98"))
    # (3 × 3.67 + 5 × 3.33) / 8 = 27.66 / 8 = 3.4575 -> 3.46 (half-up at the second decimal)
    assert snap(s, GpaScope.TERM, term=spring).gpa == D("3.46")
    # year: (48.98 + 27.66) / 24 = 3.19333 -> 3.19
    year = snap(s, GpaScope.YEAR, year=autumn.academic_year)
    assert (year.gpa, year.credits) == (D("3.19"), 24)
    assert snap(s, GpaScope.CUMULATIVE).gpa == D("3.19")


def test_pass_fail_is_left_out_but_earns_credits(world):
    s = world.student()
    term = world.term(2030, "autumn")
    record(s, world.disciplines[0], term, "B")
    record(s, world.pass_fail, term, "P")
    svc.gpa_recompute([s.pk])
    row = snap(s, GpaScope.TERM, term=term)
    assert (row.gpa, row.credits, row.credits_earned) == (D("3.00"), 5, 10)


def test_only_pass_fail_gives_no_gpa(world):
    s = world.student()
    record(s, world.pass_fail, world.term(2030, "autumn"), "P")
    svc.gpa_recompute([s.pk])
    row = snap(s, GpaScope.CUMULATIVE)
    assert (row.gpa, row.credits, row.credits_earned) == (None, 0, 5)


def test_fx_retake_in_the_term_replaces_the_fx_or_both_count(world):
    s = world.student()
    term = world.term(2030, "autumn")
    d = world.disciplines[0]
    record(s, d, term, "FX")
    record(s, d, term, "B", source="retake")
    record(s, world.disciplines[1], term, "A")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=term).gpa == D("3.50")
    assert snap(s, GpaScope.TERM, term=term).credits_earned == 10
    set_gpa_options(gpa_latest_attempt_only=False)
    svc.gpa_recompute([s.pk])
    # all attempts: (2.5 + 15 + 20) / 15 = 2.50
    row = snap(s, GpaScope.TERM, term=term)
    assert (row.gpa, row.credits, row.credits_earned) == (D("2.50"), 15, 10)


def test_fx_counts_its_points_or_nothing(world):
    s = world.student()
    term = world.term(2030, "autumn")
    record(s, world.disciplines[0], term, "FX")
    record(s, world.disciplines[1], term, "A")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=term).gpa == D("2.25")
    set_gpa_options(fx_counts_in_gpa=False)
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=term).gpa == D("2.00")
    assert snap(s, GpaScope.TERM, term=term).credits_earned == 5


def test_physical_education_may_be_left_out(world):
    s = world.student()
    term = world.term(2030, "autumn")
    record(s, world.disciplines[0], term, "A")
    record(s, world.pe, term, "C")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=term).gpa == D("3.00")
    set_gpa_options(gpa_excludes_physical_education=True)
    svc.gpa_recompute([s.pk])
    row = snap(s, GpaScope.TERM, term=term)
    assert (row.gpa, row.credits, row.credits_earned) == (D("4.00"), 5, 10)


def test_summer_restudy_replaces_the_grade_in_year_and_cumulative_not_in_its_term(world):
    s = world.student()
    autumn, summer = world.term(2030, "autumn"), world.term(2030, "summer")
    d = world.disciplines[0]
    record(s, d, autumn, "D")
    record(s, world.disciplines[1], autumn, "B")
    record(s, d, summer, "A", source="summer")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=autumn).gpa == D("2.00")  # (1 + 3) / 2
    assert snap(s, GpaScope.TERM, term=summer).gpa == D("4.00")
    year = snap(s, GpaScope.YEAR, year=autumn.academic_year)
    assert (year.gpa, year.credits, year.credits_earned) == (D("3.50"), 10, 10)  # D superseded, counted once
    assert snap(s, GpaScope.CUMULATIVE).gpa == D("3.50")


def test_failed_then_passed_next_year_counts_in_each_year_and_once_cumulatively(world):
    s = world.student()
    first, second = world.term(2030, "spring"), world.term(2031, "autumn")
    d = world.disciplines[0]
    record(s, d, first, "F")
    record(s, d, second, "B")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.YEAR, year=first.academic_year).gpa == D("0.00")
    assert snap(s, GpaScope.YEAR, year=first.academic_year).credits_earned == 0
    assert snap(s, GpaScope.YEAR, year=second.academic_year).gpa == D("3.00")
    cumulative = snap(s, GpaScope.CUMULATIVE)
    assert (cumulative.gpa, cumulative.credits, cumulative.credits_earned) == (D("3.00"), 5, 5)


def test_recognised_results_without_a_term_count_cumulatively_only(world):
    s = world.student()
    term = world.term(2030, "autumn")
    record(s, world.disciplines[0], term, "A")
    record(s, world.disciplines[1], None, "C", source="recognition")
    svc.gpa_recompute([s.pk])
    assert snap(s, GpaScope.TERM, term=term).gpa == D("4.00")
    assert snap(s, GpaScope.CUMULATIVE).gpa == D("3.00")
    assert GpaSnapshot.objects.filter(student=s).count() == 3  # term, year, cumulative


def test_recompute_writes_only_differences_and_removes_vanished_scopes(world):
    s, other = world.student(), world.student()
    autumn, spring = world.term(2030, "autumn"), world.term(2030, "spring")
    record(s, world.disciplines[0], autumn, "A")
    late = record(s, world.disciplines[1], spring, "B")
    record(other, world.disciplines[0], autumn, "C")
    assert svc.gpa_recompute() == 7  # s: 2 terms + year + cumulative; other: term + year + cumulative
    assert svc.gpa_recompute() == 0
    Result.objects.filter(pk=late.pk).update(letter="A", points=D("4.00"))
    assert svc.gpa_recompute([s.pk]) == 3  # the spring term, the year, the cumulative
    Result.objects.filter(pk=late.pk).delete()
    svc.gpa_recompute([s.pk])
    assert not GpaSnapshot.objects.filter(student=s, term=spring).exists()
    assert snap(s, GpaScope.CUMULATIVE).gpa == D("4.00")
    assert snap(other, GpaScope.CUMULATIVE).gpa == D("2.00")  # untouched by a recomputation of s


def test_the_portable_writes_give_the_same_rows(world, monkeypatch):
    """The SQLite statements (update, insert, delete) also run on PostgreSQL: same outcome."""
    monkeypatch.setattr(svc, "_write_differences_pg", svc._write_differences)
    s = world.student()
    autumn = world.term(2030, "autumn")
    r = record(s, world.disciplines[0], autumn, "A")
    record(s, world.disciplines[1], autumn, "B")
    assert svc.gpa_recompute([s.pk]) == 3
    assert svc.gpa_recompute([s.pk]) == 0
    Result.objects.filter(pk=r.pk).update(letter="C", points=D("2.00"))
    assert svc.gpa_recompute([s.pk]) == 3
    assert snap(s, GpaScope.CUMULATIVE).gpa == D("2.50")


def test_nobody_to_recompute_writes_nothing(world):
    assert svc.gpa_recompute([]) == 0


# --- random records against the reference ---------------------------------------------------------

LETTERS = ["A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "FX", "F"]


def reference(rows, rules):
    """{(scope, term_id, year_id): (gpa, credits, credits_earned)} from gpa_rules."""
    keys = {}
    for r in rows:
        if r["term"] is not None:
            keys.setdefault((GpaScope.TERM, r["term"].pk, None), []).append(r)
            keys.setdefault((GpaScope.YEAR, None, r["term"].academic_year_id), []).append(r)
        keys.setdefault((GpaScope.CUMULATIVE, None, None), []).append(r)
    out = {}
    for key, group in keys.items():
        gpa_rows = [
            GpaRow(r["discipline"].pk, r["attempt"], r["credits"], r["points"], r["letter"], r["pe"]) for r in group
        ]
        credits = sum(x.credits for x in counted_rows(gpa_rows, rules))
        earned = {}
        for r in group:
            if r["passed"] and r["attempt"] > earned.get(r["discipline"].pk, (0, 0))[0]:
                earned[r["discipline"].pk] = (r["attempt"], r["credits"])
        out[key] = (gpa(gpa_rows, rules), credits, sum(c for _a, c in earned.values()))
    return out


result_strategy = st.tuples(
    st.integers(0, 4),  # discipline (4: physical education, 3: pass/fail)
    st.integers(0, 6),  # term index; 6: none (recognised)
    st.sampled_from(LETTERS),
    st.integers(1, 7),  # credits
    st.booleans(),  # pass/fail passed
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(st.lists(result_strategy, max_size=10), min_size=2, max_size=2),
    latest=st.booleans(),
    fx_counts=st.booleans(),
    exclude_pe=st.booleans(),
)
def test_sql_matches_the_reference_on_random_records(world, records, latest, fx_counts, exclude_pe):
    from django.db import transaction

    from enrollment.models import Student

    set_gpa_options(
        gpa_latest_attempt_only=latest, fx_counts_in_gpa=fx_counts, gpa_excludes_physical_education=exclude_pe
    )
    rules = svc.gpa_rules_in_force()
    pool = [*world.disciplines[:3], world.pass_fail, world.pe]
    students = list(Student.objects.order_by("pk")[:2])
    while len(students) < 2:
        students.append(world.student())
    with transaction.atomic():
        expected = {}
        for student, rows in zip(students, records, strict=True):
            written = []
            for i, (d, t, letter, credits, ok) in enumerate(rows):
                discipline = pool[d]
                if discipline == world.pass_fail:
                    letter = "P" if ok else "NP"
                term = world.terms[t] if t < len(world.terms) else None
                result = record(student, discipline, term, letter, credits=credits, attempt=i + 1)
                written.append(
                    {
                        "discipline": discipline,
                        "term": term,
                        "attempt": result.attempt,
                        "credits": credits,
                        "points": result.points,
                        "letter": letter,
                        "passed": result.passed,
                        "pe": discipline.is_physical_education,
                    }
                )
            expected[student.pk] = reference(written, rules)
        svc.gpa_recompute()
        for student in students:
            got = {
                (g.scope, g.term_id, g.academic_year_id): (g.gpa, g.credits, g.credits_earned)
                for g in GpaSnapshot.objects.filter(student=student)
            }
            assert got == expected[student.pk]
        transaction.set_rollback(True)


# --- a full recomputation in parallel shards ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_full_recomputation_in_shards_gives_the_rows_of_one_transaction(settings):
    """Outside a transaction on PostgreSQL a full recomputation runs as parallel shards (id ranges,
    one connection each); it writes exactly what the single transaction writes, and only once."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the shards run on PostgreSQL only")
    world = gpa_world()
    students = [world.student() for _ in range(7)]
    autumn, spring = world.term(2030, "autumn"), world.term(2030, "spring")
    for i, s in enumerate(students):
        record(s, world.disciplines[0], autumn, LETTERS[i])
        record(s, world.disciplines[1], spring, LETTERS[-1 - i])
        if i % 2:
            record(s, world.disciplines[1], spring, "B", attempt=2)
    settings.GPA_RECOMPUTE_WORKERS = 3
    assert len(svc._shards()) == 3
    assert svc.gpa_recompute() == 7 * 4
    sharded = set(GpaSnapshot.objects.values_list("student_id", "scope", "term_id", "academic_year_id", "gpa"))
    assert svc.gpa_recompute() == 0
    GpaSnapshot.objects.all().delete()
    settings.GPA_RECOMPUTE_WORKERS = 1
    assert svc._shards() == []
    assert svc.gpa_recompute() == 7 * 4
    assert set(GpaSnapshot.objects.values_list("student_id", "scope", "term_id", "academic_year_id", "gpa")) == sharded
    Result.objects.filter(student=students[3]).update(letter="A", points=D("4.00"))
    settings.GPA_RECOMPUTE_WORKERS = 2
    assert svc.gpa_recompute() == 4  # two terms, the year and the cumulative row of one student
    assert snap(students[3], GpaScope.CUMULATIVE).gpa == D("4.00")
