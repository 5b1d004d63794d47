"""An export as a background job: what was asked, how far the worker has got, and the result
file, kept for EXPORT_RETENTION_HOURS and handed only to the administrator who asked for it."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

# A running job's worker writes a heartbeat at least this often (see services.HEARTBEAT_*);
# a job whose heartbeat is older than this lost its worker and is started again.
STALE_AFTER = timedelta(minutes=2)
EXTENSIONS = {"csv": ".csv", "fhir": ".ndjson", "pdf-zip": ".zip", "outcomes-csv": ".csv"}


def export_storage():
    """The `exports` storage of STORAGES, looked up when used (tests and S3 swap it)."""
    return storages["exports"]


def result_file_name(job, _filename=""):
    """One name per job, made by the server: a restarted job overwrites its own file, so a job
    never leaves two result files behind."""
    return f"exports/{job.public_id}{EXTENSIONS.get(job.export_format, '')}"


class ExportJobState(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Waiting for a worker")
    RUNNING = "running", gettext_lazy("Running")
    DONE = "done", gettext_lazy("Ready to download")
    FAILED = "failed", gettext_lazy("Failed")
    EXPIRED = "expired", gettext_lazy("Expired (file deleted)")


class ExportJob(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="export_jobs")
    export_format = models.CharField(max_length=20)
    filters = models.JSONField(default=dict)  # ExportFilters.as_audit()
    state = models.CharField(max_length=10, choices=ExportJobState.choices,
                             default=ExportJobState.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)  # the matching visits when queued
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=export_storage, upload_to=result_file_name, max_length=200,
                            blank=True)
    download_name = models.CharField(max_length=100)  # backpain-visits-<UTC time>.csv
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # for the administrator: no trace, no patient data
    # The audit event `export_started` of this job; its end event names it.
    started_event_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]),
                   models.Index(fields=["state", "expires_at"])]

    def __str__(self):
        return f"{self.export_format} export {self.public_id} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == ExportJobState.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.state in (ExportJobState.DONE, ExportJobState.FAILED,
                              ExportJobState.EXPIRED)

    def is_expired(self, now=None) -> bool:
        if self.state == ExportJobState.EXPIRED:
            return True
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def downloadable(self) -> bool:
        return self.state == ExportJobState.DONE and not self.is_expired()

    def lost_its_worker(self, now=None) -> bool:
        """Running, but no heartbeat for STALE_AFTER: the worker died (killed, restarted)."""
        return self.state == ExportJobState.RUNNING and (
            self.heartbeat_at is None or self.heartbeat_at < (now or timezone.now()) - STALE_AFTER)
