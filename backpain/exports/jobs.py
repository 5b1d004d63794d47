"""Exports as background jobs: queued by an administrator, written by a worker into a file kept
for EXPORT_RETENTION_HOURS, downloaded by that administrator alone, then deleted.

A job outlives its worker: the task is acknowledged only once it has finished (acks_late), a
worker that starts queues every unfinished job again (tasks.resume_export_jobs), and a job
found running with a stale heartbeat is started again from the beginning. Every attempt
writes the same file name, and only the attempt holding the job may mark it done, so a job
never has two result files, nor two end events in the audit trail.
"""

import enum
import hashlib
import logging
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import ExportJob, ExportJobState, result_file_name
from .selectors import ExportFilters, count_matching
from .services import ExportFormat, check_may_export, download_name, export_content

logger = logging.getLogger(__name__)

# A row costs about 2 ms to export: one UPDATE every 200 rows is lost in the noise, and the
# progress bar still moves several times a second. The time bound keeps slow rows (the PDFs
# of a ZIP) beating well within models.STALE_AFTER.
HEARTBEAT_ROWS = 200
HEARTBEAT_SECONDS = 10
# Shown to the administrator (translated when shown): no trace, no patient data.
FAILED_MESSAGE = gettext_noop("The export could not be completed; the error was recorded. "
                              "Start the export again, or tell your support contact if it "
                              "fails again.")


class Claim(enum.Enum):
    CLAIMED = "claimed"  # this attempt runs the job
    BUSY = "busy"  # another worker is running it and beating: look again later
    FINISHED = "finished"  # done, failed or expired: nothing to do


class Superseded(Exception):
    """Another attempt took the job over (this worker was thought dead): stop writing."""


class ExportNotReady(Exception):
    """The job has no file yet (queued, running) or never will (failed)."""


class ExportExpired(Exception):
    """The job's file was kept for EXPORT_RETENTION_HOURS and is deleted (or due to be)."""


def retention() -> timedelta:
    return timedelta(hours=settings.EXPORT_RETENTION_HOURS)


def start_export_job(*, user, export_format, filters: ExportFilters, request=None) -> ExportJob:
    """Queue an export of the user's clinic, audited as started now; a worker runs it once
    the job is committed (in-process at once when there is no broker)."""
    if export_format not in ExportFormat.ALL:
        raise ValueError(f"Unknown export format {export_format!r}.")
    check_may_export(user, user.clinic_id)
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.create(
            clinic_id=user.clinic_id, requested_by=user, export_format=export_format,
            filters=filters.as_audit(), rows_total=count_matching(user.clinic_id, filters),
            download_name=download_name(export_format, now), created_at=now)
        started = record_event(action=AuditAction.EXPORT_STARTED, request=request, user=user,
                               details={**job_details(job), "row_count": job.rows_total})
        job.started_event_id = started.pk
        job.save(update_fields=["started_event_id"])
        # robust: with the broker down the job stays queued, and the next worker to start
        # picks it up; the administrator's request does not fail for it.
        public_id = job.public_id  # (a function: Django's error log names on_commit callbacks)
        transaction.on_commit(lambda: queue_export_job(public_id), robust=True)
    return job


def queue_export_job(public_id, **options):
    from .tasks import run_export_job

    run_export_job.apply_async((str(public_id),), **options)


def job_details(job) -> dict:
    return {"format": job.export_format, "filters": job.filters, "file_name": job.download_name,
            "job": str(job.public_id)}


def run_export_job(public_id) -> Claim:
    """Write the job's file, or leave it as it is when another attempt holds it or it is
    finished. A failure is recorded on the job (and in the audit trail), not raised: the
    content will not change on a second try, and the administrator sees the failure."""
    claim, job = claim_job(public_id)
    if job is None or claim is not Claim.CLAIMED:
        return claim
    progress = Progress(job)
    try:
        with tempfile.TemporaryFile() as result:
            write_content(job, result, progress)
            result.seek(0)
            store_result(job, result)
    except Superseded:
        return Claim.BUSY
    except Exception:
        logger.exception("Export job %s failed after %d rows", job.public_id, progress.rows)
        fail_job(job, progress)
        return Claim.FINISHED
    finish_job(job, progress)
    return Claim.FINISHED


def claim_job(public_id) -> tuple[Claim, ExportJob | None]:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(public_id=public_id).first()
        if job is None or job.is_finished:
            return Claim.FINISHED, job
        if job.state == ExportJobState.RUNNING and not job.lost_its_worker():
            return Claim.BUSY, job
        job.state, job.rows_done, job.error = ExportJobState.RUNNING, 0, ""
        job.heartbeat_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["state", "rows_done", "error", "heartbeat_at", "attempts"])
    return Claim.CLAIMED, job


class Progress:
    """How far this attempt has got; beats (rows done, heartbeat) every HEARTBEAT_ROWS rows
    or HEARTBEAT_SECONDS, whichever comes first."""

    def __init__(self, job):
        self.job, self.rows, self.size = job, 0, 0
        self.digest = hashlib.sha256()
        self.beaten_rows, self.beaten_at = 0, time.monotonic()

    def add(self, chunk: bytes, rows: int):
        self.digest.update(chunk)
        self.size += len(chunk)
        self.rows = rows
        if (rows - self.beaten_rows >= HEARTBEAT_ROWS
                or time.monotonic() - self.beaten_at >= HEARTBEAT_SECONDS):
            self.beat()

    def beat(self):
        # Only while this attempt holds the job: a worker thought dead must not write on.
        held = ExportJob.objects.filter(
            pk=self.job.pk, attempts=self.job.attempts, state=ExportJobState.RUNNING,
        ).update(rows_done=self.rows, heartbeat_at=timezone.now())
        if not held:
            raise Superseded
        self.beaten_rows, self.beaten_at = self.rows, time.monotonic()


def write_content(job, result, progress: Progress):
    filters = ExportFilters.from_audit(job.filters)
    records, chunks = export_content(job.export_format, filters, job.clinic_id, job.created_at)
    for chunk in chunks:
        result.write(chunk)
        progress.add(chunk, records.count)
    progress.rows = records.count


def store_result(job, result):
    """Save the file under the job's one name, replacing what an earlier attempt left."""
    name = result_file_name(job)
    storage = job.file.storage
    storage.delete(name)
    saved = storage.save(name, File(result, name=name))
    if saved != name:  # another attempt saved meanwhile: keep one file
        storage.delete(saved)
        raise Superseded
    job.file.name = name


def finish_job(job, progress: Progress):
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.attempts != job.attempts or current.state != ExportJobState.RUNNING:
            return
        now = timezone.now()
        current.state, current.file = ExportJobState.DONE, job.file.name
        current.rows_done, current.size = progress.rows, progress.size
        current.sha256 = progress.digest.hexdigest()
        current.heartbeat_at = current.finished_at = now
        current.expires_at = now + retention()
        current.save()
        record_end(current, AuditAction.EXPORTED, outcome="complete",
                   rows_exported=progress.rows, bytes=progress.size, sha256=current.sha256)


def fail_job(job, progress: Progress):
    with transaction.atomic():
        current = ExportJob.objects.select_for_update().get(pk=job.pk)
        if current.attempts != job.attempts or current.state != ExportJobState.RUNNING:
            return
        current.file.storage.delete(result_file_name(current))
        now = timezone.now()
        current.state, current.error, current.file = ExportJobState.FAILED, FAILED_MESSAGE, ""
        current.rows_done, current.finished_at = progress.rows, now
        current.save()
        record_end(current, AuditAction.EXPORT_FAILED, outcome="failed",
                   rows_exported=progress.rows, bytes=progress.size)


def record_end(job, action, **outcome):
    record_event(action=action, user=job.requested_by, clinic_id=job.clinic_id,
                 details={**job_details(job), "row_count": job.rows_total,
                          "export_started": job.started_event_id, **outcome})


def open_download(*, job, request):
    """The job's file, opened, with the download in the audit trail (who, which job, rows
    and the file's SHA-256). Refused once the retention time has passed."""
    if job.is_expired():
        raise ExportExpired
    if job.state != ExportJobState.DONE:
        raise ExportNotReady
    try:
        opened = job.file.open("rb")
    except FileNotFoundError:  # purged a moment ago
        raise ExportExpired from None
    with transaction.atomic():
        record_event(action=AuditAction.EXPORT_DOWNLOADED, request=request,
                     details={**job_details(job), "rows_exported": job.rows_done,
                              "bytes": job.size, "sha256": job.sha256})
    return opened


def purge_expired_exports(now=None) -> int:
    """Delete the files kept past their retention time; the jobs stay, marked expired.
    Returns how many files were deleted."""
    now = now or timezone.now()
    purged = 0
    for job in ExportJob.objects.filter(state=ExportJobState.DONE, expires_at__lte=now):
        if job.file.name:
            job.file.storage.delete(job.file.name)
        purged += ExportJob.objects.filter(pk=job.pk, state=ExportJobState.DONE).update(
            state=ExportJobState.EXPIRED, file="")
    return purged
