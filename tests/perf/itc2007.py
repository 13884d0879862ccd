"""`make bench-timetable` / `make bench-exam`: the solvers on the ITC-2007 instances.

    python -m tests.perf.itc2007 ctt  [--time-limit 300] [--jobs 2] [--seed 0] [comp01 comp05 ...]
    python -m tests.perf.itc2007 exam [--time-limit 300] [--jobs 2] [--seed 0] [exam_comp_set1 ...]

Each instance is solved single-threaded in its own process (``--jobs`` at a time), its solution is
written to var/bench/itc2007/compNN.sol (var/bench/itc2007_exam/exam_comp_setN.sol), read back and
judged by the independent evaluator, and the figures go to var/bench/itc2007.json
(var/bench/itc2007_exam.json). Not a bench_*.py module: far too long for `make bench`.

Ratio to the best known cost: cost / best, except for comp11 whose best is 0, where it is
(cost + 1) / (best + 1).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("/work/shared/data/itc2007")
for candidate in (ROOT.parent / "shared" / "data" / "itc2007", ROOT / "shared" / "data" / "itc2007"):
    if candidate.is_dir():
        DATA = candidate
        break

# Bettinelli et al. (2015), Table 1: best known (* proven optimal in the README) and the ITC winner.
CTT_REFERENCE = {
    "comp01": (5, 5), "comp02": (24, 51), "comp03": (64, 84), "comp04": (35, 37), "comp05": (284, 330),
    "comp06": (27, 48), "comp07": (6, 20), "comp08": (37, 41), "comp09": (96, 109), "comp10": (4, 16),
    "comp11": (0, 0), "comp12": (298, 333), "comp13": (59, 66), "comp14": (51, 59), "comp15": (64, 84),
    "comp16": (18, 34), "comp17": (56, 83), "comp18": (61, 83), "comp19": (57, 62), "comp20": (4, 27),
    "comp21": (74, 103),
}  # fmt: skip
# The exam track winner's results (best of 10 runs at the competition's time limit).
EXAM_WINNER = {f"exam_comp_set{i + 1}": v for i, v in enumerate([4370, 400, 10049, 18141, 2988, 26585, 4213, 7742])}


def ratio(cost: int, best: int) -> float:
    return (cost + 1) / (best + 1) if best == 0 else cost / best


def _solve_ctt(name: str, time_limit: float, seed: int, out_dir: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from scheduling.itc import read_ctt, read_sol, write_sol
    from scheduling.solver.evaluate import evaluate
    from scheduling.solver.search import solve

    started = time.monotonic()
    problem = read_ctt(DATA / "ctt" / f"{name}.ctt")
    solution = solve(problem, time_limit=time_limit, seed=seed)
    seconds = time.monotonic() - started
    path = Path(out_dir) / f"{name}.sol"
    path.write_text(write_sol(solution), encoding="utf-8")
    ev = evaluate(problem, read_sol(path, problem))
    best, winner = CTT_REFERENCE[name]
    return {
        "instance": name,
        "hard": ev.n_hard,
        "cost": ev.cost,
        "best_known": best,
        "winner": winner,
        "seconds": round(seconds, 1),
        "ratio": round(ratio(ev.cost, best), 3),
        "breakdown": ev.soft,
        "cpu_seconds": solution.stats.get("cpu_seconds"),
        "iterations": solution.stats.get("iterations"),
        "seed": seed,
    }


def _solve_exam(name: str, time_limit: float, seed: int, out_dir: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from scheduling.itc import read_exam, read_exam_sol, write_exam_sol
    from scheduling.solver.exam import evaluate_exam, solve_exam

    started = time.monotonic()
    problem = read_exam(DATA / "exam" / f"{name}.exam")
    solution = solve_exam(problem, time_limit=time_limit, seed=seed)
    seconds = time.monotonic() - started
    path = Path(out_dir) / f"{name}.sol"
    path.write_text(write_exam_sol(solution), encoding="utf-8")
    ev = evaluate_exam(problem, read_exam_sol(path, problem))
    return {
        "instance": name,
        "hard": ev.n_hard,
        "hard_breakdown": ev.hard_counts,
        "cost": ev.cost,
        "winner": EXAM_WINNER[name],
        "seconds": round(seconds, 1),
        "breakdown": ev.soft,
        "cpu_seconds": solution.stats.get("cpu_seconds"),
        "iterations": solution.stats.get("iterations"),
        "seed": seed,
    }


def _warm_up(track: str) -> None:
    sys.path.insert(0, str(ROOT))
    if track == "ctt":
        from scheduling.itc import read_ctt
        from scheduling.solver.search import solve

        solve(read_ctt(DATA / "ctt" / "comp01.ctt"), iterations=1000)
    else:
        from scheduling.itc import read_exam
        from scheduling.solver.exam import solve_exam

        solve_exam(read_exam(DATA / "exam" / "exam_comp_set4.exam"), iterations=1000)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("track", choices=["ctt", "exam"])
    ap.add_argument("instances", nargs="*")
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_intermixed_args(argv)
    if args.track == "ctt":
        names = args.instances or sorted(CTT_REFERENCE)
        out_dir, out_json, worker = ROOT / "var/bench/itc2007", ROOT / "var/bench/itc2007.json", _solve_ctt
    else:
        names = args.instances or sorted(EXAM_WINNER)
        out_dir, out_json = ROOT / "var/bench/itc2007_exam", ROOT / "var/bench/itc2007_exam.json"
        worker = _solve_exam
    out_dir.mkdir(parents=True, exist_ok=True)
    # Compile the numba kernels (cached on disk) before the clocks start, once, not in every worker.
    started = time.monotonic()
    _warm_up(args.track)
    print(f"kernels ready in {time.monotonic() - started:.1f} s", flush=True)
    print(f"{args.track}: {len(names)} instance(s), {args.time_limit:g} s each, {args.jobs} at a time", flush=True)
    results = []
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=args.jobs, mp_context=ctx) as pool:
        futures = [pool.submit(worker, n, args.time_limit, args.seed, str(out_dir)) for n in names]
        for f in as_completed(futures):
            r = f.result()
            results.append(r)
            ref = f"best {r['best_known']} winner {r['winner']}" if "best_known" in r else f"winner {r['winner']}"
            print(
                f"{r['instance']}: hard {r['hard']} cost {r['cost']} ({ref}) {r['seconds']} s "
                f"(CPU {r['cpu_seconds']} s, {r['iterations']} moves)",
                flush=True,
            )
    results.sort(key=lambda r: r["instance"])
    out_json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    feasible = sum(r["hard"] == 0 for r in results)
    print(f"feasible {feasible}/{len(results)}")
    if args.track == "ctt":
        mean = sum(r["ratio"] for r in results) / len(results)
        at_winner = sum(r["cost"] <= r["winner"] for r in results)
        print(f"mean cost/best {mean:.3f}; at or below the ITC winner on {at_winner}/{len(results)}")
    print(f"wrote {out_json.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
