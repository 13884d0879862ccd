"""Long work of the timetable: computing a version (minutes of the solver).

Without a broker (eager mode) the task runs in-process, in the request that started it; with one it
runs on a worker while the version's page polls its progress. Idempotent: a version already computed
is not computed again.
"""

from celery import shared_task
from django.db import transaction


@shared_task
def timetable_solve_task(version_id: int) -> str:
    """Compute the lessons of a queued timetable version; its solve status afterwards."""
    from .models import TimetableVersion
    from .services import timetable_solve

    version = TimetableVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "missing"
    return timetable_solve(version).solve_status


def timetable_solve_dispatch(version) -> None:
    """Queue the solve of a version once the transaction that created it has committed."""
    transaction.on_commit(lambda: timetable_solve_task.delay(version.pk), robust=True)


@shared_task
def exam_solve_task(version_id: int) -> str:
    """Compute the exams of a queued exam schedule version; its solve status afterwards."""
    from .exam_services import exam_solve
    from .models import ExamScheduleVersion

    version = ExamScheduleVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "missing"
    return exam_solve(version).solve_status


def exam_solve_dispatch(version) -> None:
    transaction.on_commit(lambda: exam_solve_task.delay(version.pk), robust=True)
