"""The note's background job: the PDF of a signed version, queued once the signing commits.

With no broker (one server, `make run`) the job runs in-process at the commit. If queuing
fails (the broker is down) the signature stands and the version waits: every pending PDF is
queued again when a worker starts and by `manage.py render_pending_notes`.
"""

import logging
from functools import partial

from celery import shared_task
from celery.signals import worker_ready
from django.db import transaction

from .signed_pdfs import pending_versions, store_pdf

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(Exception,), retry_backoff=5, retry_backoff_max=600,
             max_retries=8)
def store_note_pdf(version_pk: int) -> bool:
    """Retried with growing pauses (up to about 20 minutes in all) on any failure; a run
    that finds the PDF stored does nothing."""
    return store_pdf(version_pk)


def queue_note_pdf(version_pk: int) -> bool:
    """Hand the version's PDF to a worker; False (and logged) when that fails."""
    try:
        store_note_pdf.delay(version_pk)
    except Exception:
        # The broker, or without one the in-process run after its retries: the signature
        # stands, the version stays pending until queued again.
        logger.exception("The PDF of note version %s was not made now; it stays pending "
                         "(render_pending_notes or a worker's start queues it again)",
                         version_pk)
        return False
    return True


def queue_note_pdf_at_commit(version) -> None:
    transaction.on_commit(partial(queue_note_pdf, version.pk))


def queue_pending_pdfs() -> int:
    """Queue every version still without its PDF; returns how many were queued."""
    return sum(queue_note_pdf(pk) for pk in pending_versions())


@worker_ready.connect
def queue_pending_at_worker_start(**kwargs):
    if queued := queue_pending_pdfs():
        logger.info("Queued %d pending note PDF(s) at the worker's start", queued)
