"""Long work of grading: recomputing every student's GPA after a change of the GPA settings.

Idempotent: a recomputation writes only the snapshots that differ from the record, so running it
again (or after another one) changes nothing.
"""

from celery import shared_task


@shared_task
def gpa_recompute_all() -> int:
    """Recompute the term, year and cumulative GPA of every student; the number of snapshot rows written."""
    from .services.gpa import gpa_recompute

    return gpa_recompute()
