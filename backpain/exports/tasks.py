"""The exports' Celery tasks: run a job, delete expired files, and pick up the jobs a dead
worker left behind when a worker starts (backpain/exports/jobs.py explains the guarantees)."""

import logging

from celery import shared_task
from celery.signals import worker_ready

from . import jobs
from .models import STALE_AFTER, ExportJob, ExportJobState

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=None)
def run_export_job(self, public_id: str):
    """Idempotent: a finished job is left alone. A job another worker is running is looked
    at again once its heartbeat would be stale: if that worker died, this one restarts it."""
    if jobs.run_export_job(public_id) is jobs.Claim.BUSY:
        raise self.retry(countdown=STALE_AFTER.total_seconds())


@shared_task
def purge_expired_exports():
    """Run hourly by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    purged = jobs.purge_expired_exports()
    if purged:
        logger.info("Deleted %d expired export file(s)", purged)
    return purged


@worker_ready.connect
def resume_export_jobs(**_):
    """A starting worker queues every unfinished job again: a queued job whose message was
    lost, and a running job whose worker was killed (the task restarts it once its heartbeat
    is stale, and leaves it alone if its worker is alive). Duplicates do nothing."""
    try:
        unfinished = list(ExportJob.objects.filter(
            state__in=(ExportJobState.QUEUED, ExportJobState.RUNNING),
        ).values_list("public_id", flat=True))
        for public_id in unfinished:
            jobs.queue_export_job(public_id)
    except Exception:  # the worker must start even if the database is not reachable yet
        logger.exception("Could not re-queue unfinished export jobs")
