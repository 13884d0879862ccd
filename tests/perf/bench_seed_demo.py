"""seed_demo with 2000 students (issue 2: under a minute on the project's machine)."""

import time
from io import StringIO

from django.core.management import call_command

STUDENTS = 2000


def run() -> dict:
    started = time.perf_counter()
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=StringIO())
    first = time.perf_counter() - started
    started = time.perf_counter()
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=StringIO())
    again = time.perf_counter() - started
    return {"students": STUDENTS, "seconds": round(first, 2), "rerun_seconds": round(again, 2), "limit_seconds": 60}
