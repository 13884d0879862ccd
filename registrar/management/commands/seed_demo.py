import time

from django.core.management.base import BaseCommand
from django.db import transaction

from registrar.demo import DemoContext, seeders


class Command(BaseCommand):
    help = "Load (or refresh) the demo university: deterministic for a seed, safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=200, help="number of demo students (default 200)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if users already exist")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo logins")

    def handle(self, *args, students, seed, if_empty, quiet_logins, **options):
        from registrar.models import User

        started = time.monotonic()
        ctx = DemoContext(seed=seed, students=students, log=lambda m: self.stdout.write(f"  {m}"))
        if if_empty and User.objects.exists():
            self.stdout.write("The database already has users: demo data left as it is.")
            from registrar.demo import DEMO_PASSWORD, DEMO_PEOPLE
            from registrar.roles import Role

            ctx.logins = [(str(Role(r).label), u, DEMO_PASSWORD) for u, r, _n, _s in DEMO_PEOPLE]
        else:
            for _order, name, fn in seeders():
                with transaction.atomic():
                    t = time.monotonic()
                    fn(ctx)
                    self.stdout.write(f"seeded {name} in {time.monotonic() - t:.1f} s")
            self.stdout.write(self.style.SUCCESS(f"Demo university ready in {time.monotonic() - started:.1f} s."))
        if not quiet_logins:
            self.stdout.write("\nDemo logins (role · username · password):")
            for label, username, password in ctx.logins:
                self.stdout.write(f"  {label:<40} {username:<10} {password}")
