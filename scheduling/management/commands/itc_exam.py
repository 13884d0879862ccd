"""Solve an ITC-2007 examination timetabling instance (track 1) and report feasibility and cost."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.itc import ITCFormatError, read_exam, read_exam_sol, write_exam_sol
from scheduling.solver.exam import evaluate_exam, solve_exam


class Command(BaseCommand):
    help = (
        "Read an ITC-2007 .exam instance, solve it within the time limit, write the solution (one line "
        "'period, room' per exam) and print hard violations and the soft cost by the competition's rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("instance", help="the .exam file")
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds of search (default 60)")
        parser.add_argument("--out", help="where to write the solution")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument(
            "--iterations",
            type=int,
            default=None,
            help="stop after this many moves instead of at the time limit (then a run is reproducible)",
        )
        parser.add_argument("--check", metavar="SOL", help="only evaluate an existing solution file")

    def handle(self, *args, **options):
        try:
            problem = read_exam(options["instance"])
            solution = read_exam_sol(options["check"], problem) if options["check"] else None
        except (OSError, ITCFormatError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{problem.name}: {problem.n_exams} exams, {len({s for x in problem.students for s in x})} students, "
            f"{problem.n_periods} periods, {problem.n_rooms} rooms, "
            f"{len(problem.period_constraints)} period and {len(problem.exclusive)} room constraints"
        )
        stats = {}
        if solution is None:
            solution = solve_exam(
                problem, time_limit=options["time_limit"], seed=options["seed"], iterations=options["iterations"]
            )
            stats = solution.stats
            self.stdout.write(
                f"search: {stats['iterations']} moves in {stats['seconds']} s "
                f"(feasible after {stats['phase1_seconds']} s), its own count: soft {stats['soft']}"
            )
            if options["out"]:
                out = Path(options["out"])
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(write_exam_sol(solution), encoding="utf-8")
                solution = read_exam_sol(out, problem)
        ev = evaluate_exam(problem, solution)
        self.stdout.write(f"hard violations: {ev.n_hard} ({'feasible' if ev.n_hard == 0 else 'INFEASIBLE'})")
        for name, value in ev.hard_counts.items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {value}")
        for line in ev.hard[:20]:
            self.stdout.write(f"  {line}")
        self.stdout.write(f"soft cost: {ev.cost}")
        for name, value in ev.soft.items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {value}")
        # The search's incremental figure must agree with the independent recount when feasible.
        if stats and ev.n_hard == 0 and stats["hard"] == 0 and stats["soft"] != ev.cost:
            raise CommandError(f"the search's own soft cost {stats['soft']} differs from the evaluator's {ev.cost}")
