"""Long work of documents: the diplomas and supplements of a whole graduation order.

A run (transcripts.services_graduation.graduation_start) is split into GRADUATION_WORKERS shards, one
task each, so that several Celery workers share it; without a broker (eager mode) the shards run
in-process one after another. Idempotent: running a shard again issues nothing a graduate already
holds, and a shard of a finished run does nothing.
"""

from celery import shared_task
from django.conf import settings


@shared_task
def graduation_shard(run_id: int, shard: int, shards: int) -> dict:
    """Issue the documents of one shard of a graduation run; what it did (students, issued, ...)."""
    from .services_graduation import graduation_run_shard

    return graduation_run_shard(run_id, shard, shards)


def graduation_dispatch(run, shards: int | None = None) -> int:
    """Queue the shards of a started run (after its transaction committed); the number queued."""
    shards = max(1, shards or getattr(settings, "GRADUATION_WORKERS", 2))
    for shard in range(shards):
        graduation_shard.delay(run.pk, shard, shards)
    return shards
