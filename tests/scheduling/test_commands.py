"""The itc_ctt and itc_exam commands end to end on real ITC-2007 instances (short limits)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from scheduling.itc import read_ctt, read_exam, read_exam_sol, read_sol
from scheduling.solver.evaluate import evaluate
from scheduling.solver.exam import evaluate_exam

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "itc2007"
if not DATA.is_dir():
    DATA = Path("/work/shared/data/itc2007")
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="ITC-2007 data not present")


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_itc_ctt_on_comp01(tmp_path):
    instance, sol_path = DATA / "ctt" / "comp01.ctt", tmp_path / "comp01.sol"
    # A move budget (about 4 s on an idle core) rather than the clock: the outcome does not depend on
    # the machine's load (with the clock alone, a busy CI machine gives the search little CPU).
    text = run("itc_ctt", str(instance), "--iterations", "3000000", "--out", str(sol_path), "--seed", "1")
    assert "hard violations: 0" in text
    for part in ("room capacity", "min working days", "curriculum compactness", "room stability"):
        assert part in text
    problem = read_ctt(instance)
    ev = evaluate(problem, read_sol(sol_path, problem))
    assert ev.hard == []
    assert f"soft cost: {ev.cost}\n" in text
    assert ev.cost <= 10  # the optimum is 5, which this run reaches
    # --check re-reads and judges a written solution.
    assert f"soft cost: {ev.cost}\n" in run("itc_ctt", str(instance), "--check", str(sol_path))


def test_itc_exam_on_a_real_set(tmp_path):
    # A move budget rather than a time limit: the outcome does not depend on the machine's load.
    instance, sol_path = DATA / "exam" / "exam_comp_set6.exam", tmp_path / "set6.sol"
    text = run("itc_exam", str(instance), "--iterations", "600000", "--out", str(sol_path))
    assert "hard violations: 0 (feasible)" in text
    problem = read_exam(instance)
    ev = evaluate_exam(problem, read_exam_sol(sol_path, problem))
    assert ev.n_hard == 0
    assert f"soft cost: {ev.cost}\n" in text
    for part in ("two in a row", "two in a day", "period spread", "mixed durations", "front load"):
        assert part in text


def test_a_bad_file_is_a_command_error(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.ctt"
    bad.write_text("Name: x\nCourses: two\n")
    with pytest.raises(CommandError, match="bad.ctt, line 2"):
        run("itc_ctt", str(bad))
