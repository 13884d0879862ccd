"""Solve an ITC-2007 curriculum-based course timetabling instance (track 3) and report its cost."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scheduling.itc import ITCFormatError, read_ctt, read_sol, write_sol
from scheduling.solver.evaluate import evaluate
from scheduling.solver.search import solve


class Command(BaseCommand):
    help = (
        "Read an ITC-2007 .ctt instance into the timetable solver's input, solve it within the time limit, "
        "write the solution (course room day period) and print hard violations and the soft cost by the "
        "competition's rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("instance", help="the .ctt file")
        parser.add_argument("--time-limit", type=float, default=60.0, help="seconds of search (default 60)")
        parser.add_argument("--out", help="where to write the solution (.sol)")
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
            problem = read_ctt(options["instance"])
            solution = read_sol(options["check"], problem) if options["check"] else None
        except (OSError, ITCFormatError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{problem.name}: {len(problem.courses)} courses, {problem.n_lectures} lectures, "
            f"{len(problem.rooms)} rooms, {problem.days}x{problem.periods_per_day} periods, "
            f"{len(problem.curricula)} curricula"
        )
        if solution is None:
            last = [-1.0]

            def progress(fraction, best):
                if options["verbosity"] >= 2 and fraction - last[0] >= 0.1:
                    last[0] = fraction
                    self.stderr.write(f"  {fraction:4.0%} best {best}")

            solution = solve(
                problem,
                time_limit=options["time_limit"],
                seed=options["seed"],
                progress=progress,
                iterations=options["iterations"],
            )
            st = solution.stats
            self.stdout.write(
                f"search: {st['iterations']} moves in {st['seconds']} s, its own count: "
                f"hard {st['hard']}, soft {st['soft']}"
            )
            if options["out"]:
                out = Path(options["out"])
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(write_sol(solution), encoding="utf-8")
                # What is judged is the file as written, read back.
                solution = read_sol(out, problem)
                solution.stats = st
        ev = evaluate(problem, solution)
        self.stdout.write(f"hard violations: {ev.n_hard}")
        for line in ev.hard[:20]:
            self.stdout.write(f"  {line}")
        if ev.n_hard > 20:
            self.stdout.write(f"  ... and {ev.n_hard - 20} more")
        self.stdout.write(f"soft cost: {ev.cost}")
        for name, value in ev.soft.items():
            self.stdout.write(f"  {name.replace('_', ' ')}: {value}")
        st = getattr(solution, "stats", {}) or {}
        # Never trust the search's incremental figures: they must agree with the recount.
        if "soft" in st and (st["soft"] != ev.cost or (st["hard"] == 0) != (ev.n_hard == 0)):
            raise CommandError(f"the search's own count ({st['hard']}, {st['soft']}) differs from the evaluator's")
