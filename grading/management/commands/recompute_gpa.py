"""Recompute GPA snapshots from the academic record: everyone, or the students given."""

import time

from django.core.management.base import BaseCommand

from grading.services.gpa import gpa_recompute


class Command(BaseCommand):
    help = "Recompute the term, year and cumulative GPA of every student (or of the given student ids)."

    def add_arguments(self, parser):
        parser.add_argument("student_ids", nargs="*", type=int, help="Student ids (default: every student).")

    def handle(self, *args, student_ids, **options):
        started = time.perf_counter()
        written = gpa_recompute(student_ids or None)
        seconds = time.perf_counter() - started
        self.stdout.write(f"GPA recomputed: {written} values changed in {seconds:.2f} s.")
