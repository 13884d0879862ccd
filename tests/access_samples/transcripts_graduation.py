"""Samples for the graduation documents pages with arguments: a graduation run, open to the office
only (policy documents.manage)."""

from tests.access_samples.enrollment import OFFICE


def _run_pk(users):
    from transcripts.models import GraduationRun, RunStatus

    run = GraduationRun.objects.filter(order_number="1-В-sample").first() or GraduationRun.objects.create(
        order_number="1-В-sample", language="mul", status=RunStatus.DONE, started_by=users["registrar"]
    )
    return {"pk": run.pk}


SAMPLES = {
    "graduation_run": (_run_pk, OFFICE),
    "graduation_run_progress": (_run_pk, OFFICE),
}
