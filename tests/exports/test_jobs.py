"""Export jobs through Redis and a real worker: the export runs in the worker with progress,
its file is downloaded by its administrator only, expires, and a worker killed mid-job is
replaced by another that finishes the job with one file and every row.

The jobs' own rules (a finished job is left alone, a job whose worker died starts again, an
attempt that lost its job stops writing) are tested first, in-process.
"""

import datetime
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.celery import app
from backpain.exports import jobs
from backpain.exports.models import STALE_AFTER, ExportJob, ExportJobState
from backpain.exports.selectors import ExportFilters
from tests.celery_worker import (  # noqa: F401
    TEST_REDIS_URL,
    job_worker,
    require_redis,
    reset_connections,
    stop,
)
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD, UserFactory

from .builders import simple_visit
from .helpers import csv_rows
from .memory import bulk_signed_visits

PROJECT = Path(__file__).resolve().parents[2]
ANY_STATUS = ExportFilters(status="any")


@pytest.fixture(autouse=True)
def fresh_broker_connections():
    """Every test starts from fresh broker pools (kombu keeps them per process and a stopped
    worker closes them); the app's own references are dropped with them."""
    reset_connections()


def wait_for(condition, timeout=120, every=0.05):
    """Poll until `condition()` is true; fail (not a timing assertion: a hung job) after
    `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    pytest.fail(f"gave up waiting after {timeout} s")


def refreshed(job):
    job.refresh_from_db()
    return job


def result_files(media_root) -> list[str]:
    folder = Path(media_root) / "exports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def queued_job(user, export_format="csv", filters=ANY_STATUS):
    """A job as the page makes it, not yet run: its queueing at commit is held back (the
    suite runs commit callbacks when the code's transaction ends, tests/commit_hooks.py)."""
    with mock.patch.object(jobs, "queue_export_job"):
        return jobs.start_export_job(user=user, export_format=export_format, filters=filters)


# The rules of a job, in-process.

@pytest.mark.django_db
@pytest.mark.parametrize("role_user", ["intake", "physician"])
def test_only_administrators_start_jobs(request, role_user):
    with pytest.raises(PermissionDenied):
        queued_job(request.getfixturevalue(role_user))
    assert not ExportJob.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_STARTED).exists()


@pytest.mark.django_db
def test_a_job_keeps_its_filters_and_counts_its_visits_when_queued(administrator, clinic,
                                                                   physician):
    simple_visit(clinic, physician)
    simple_visit(clinic, physician, signed=False)
    filters = ExportFilters(date_from=datetime.date(2024, 5, 1), physician_id=physician.pk)
    job = queued_job(administrator, "fhir", filters)
    assert job.state == ExportJobState.QUEUED and job.rows_total == 1
    assert ExportFilters.from_audit(job.filters) == filters
    started = AuditEvent.objects.get(action=AuditAction.EXPORT_STARTED)
    assert started.details["job"] == str(job.public_id) and started.pk == job.started_event_id

@pytest.mark.django_db
def test_a_delivery_for_a_finished_job_does_nothing(administrator, clinic, physician):
    simple_visit(clinic, physician)
    job = queued_job(administrator)
    assert jobs.run_export_job(job.public_id) is jobs.Claim.FINISHED
    first = refreshed(job)
    assert jobs.run_export_job(job.public_id) is jobs.Claim.FINISHED
    again = refreshed(job)
    assert (again.attempts, again.sha256, again.finished_at) == (
        1, first.sha256, first.finished_at)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED).count() == 1


@pytest.mark.django_db
def test_a_job_whose_worker_beats_is_left_to_it(administrator, clinic, physician):
    simple_visit(clinic, physician)
    job = queued_job(administrator)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJobState.RUNNING, attempts=1,
                                               heartbeat_at=timezone.now())
    assert jobs.run_export_job(job.public_id) is jobs.Claim.BUSY
    assert refreshed(job).state == ExportJobState.RUNNING and job.attempts == 1


@pytest.mark.django_db
def test_a_job_whose_worker_died_starts_again_and_keeps_one_file(
        administrator, clinic, physician, media_root):
    simple_visit(clinic, physician)
    simple_visit(clinic, physician)
    job = queued_job(administrator)
    # The dead worker had saved its file (the last step before marking the job done).
    storage = storages["exports"]
    storage.save(f"exports/{job.public_id}.csv", ContentFile(b"half"))
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJobState.RUNNING, attempts=1, rows_done=1,
        heartbeat_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1))
    assert jobs.run_export_job(job.public_id) is jobs.Claim.FINISHED
    job = refreshed(job)
    assert job.state == ExportJobState.DONE and job.attempts == 2 and job.rows_done == 2
    assert result_files(media_root) == [f"{job.public_id}.csv"]
    with job.file.open("rb") as file:
        data = file.read()
    assert len(csv_rows(data)) == 2 and hashlib.sha256(data).hexdigest() == job.sha256


@pytest.mark.django_db
def test_an_attempt_that_lost_its_job_stops_writing(administrator, clinic, physician,
                                                    monkeypatch):
    """A worker thought dead (its heartbeat stale) that wakes up finds the job taken over:
    it writes nothing more and records no end."""
    simple_visit(clinic, physician)
    job = queued_job(administrator)
    monkeypatch.setattr(jobs, "HEARTBEAT_ROWS", 1)
    real_write = jobs.write_content

    def taken_over_midway(job, result, progress):
        ExportJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
        real_write(job, result, progress)

    monkeypatch.setattr(jobs, "write_content", taken_over_midway)
    assert jobs.run_export_job(job.public_id) is jobs.Claim.BUSY
    assert refreshed(job).state == ExportJobState.RUNNING and not job.file
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


# Through Redis and a real worker. The database is committed for the worker to see, and
# emptied after each test; the `roles` fixture makes again the groups the migrations made
# (as every transactional test does: a serialized rollback would reload content types that
# an earlier transactional test's flush has already recreated under new ids).
def through_worker(test):
    return pytest.mark.django_db(transaction=True)(pytest.mark.usefixtures("roles")(test))


# A worker (thread or process) reads the committed database: PostgreSQL, as in CI's second pass
# (SQLite's in-memory test database is this process's alone).
on_postgresql = pytest.mark.skipif(connection.vendor == "sqlite",
                                   reason="jobs through a real worker are tested on PostgreSQL")

@on_postgresql
@through_worker
def test_an_export_runs_in_the_worker_with_progress(job_worker, administrator, clinic,  # noqa: F811
                                                    physician, monkeypatch):
    bulk_signed_visits(650, clinic=clinic, physician=physician, created_by=physician)
    beats = []
    real_beat = jobs.Progress.beat

    def recorded_beat(progress):
        beats.append(progress.rows)
        real_beat(progress)

    monkeypatch.setattr(jobs.Progress, "beat", recorded_beat)
    # A beat every 100 rows or more: the rows come in chunks of some tens, so 650 rows make at
    # least three beats before the end (at 200 a row they made two, where chunks fell badly).
    monkeypatch.setattr(jobs, "HEARTBEAT_ROWS", 100)
    client = client_for(administrator)
    response = client.post(reverse("exports:csv"), {"password": TEST_PASSWORD})
    assert response.status_code == 303
    status_url = response.url + "status/"
    seen = []

    def finished():
        status = client.get(status_url).json()
        seen.append(status["done"])
        return status if status["state"] == "done" else None

    status = wait_for(finished)
    assert status["done"] == status["total"] == 650 and status["percent"] == 100
    assert seen == sorted(seen)  # never goes back
    assert beats == sorted(beats) and len(beats) >= 3 and beats[-1] < 650
    page = client.get(response.url)
    assert b"Ready to download" in page.content
    download = client.get(status["download_url"])
    assert download.status_code == 200
    rows = csv_rows(b"".join(download.streaming_content))
    assert len(rows) == 650
    event = AuditEvent.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert event.user == administrator and event.details["rows_exported"] == 650


@on_postgresql
@through_worker
def test_another_administrator_cannot_download(job_worker, administrator, clinic,  # noqa: F811
                                               physician):
    simple_visit(clinic, physician)
    job = jobs.start_export_job(user=administrator, export_format="csv", filters=ANY_STATUS)
    assert wait_for(lambda: refreshed(job).state == ExportJobState.DONE)
    colleague = client_for(UserFactory(clinic=clinic, role=Role.ADMINISTRATOR))
    url = reverse("exports:job_download", args=[job.public_id])
    assert colleague.get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_DOWNLOADED).exists()
    assert client_for(administrator).get(url).status_code == 200


@on_postgresql
@through_worker
def test_the_worker_deletes_expired_files(job_worker, administrator, clinic, physician,  # noqa: F811
                                          media_root):
    from backpain.exports.tasks import purge_expired_exports

    simple_visit(clinic, physician)
    job = jobs.start_export_job(user=administrator, export_format="csv", filters=ANY_STATUS)
    assert wait_for(lambda: refreshed(job).state == ExportJobState.DONE)
    assert result_files(media_root) == [f"{job.public_id}.csv"]
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now())
    purge_expired_exports.delay()
    assert wait_for(lambda: refreshed(job).state == ExportJobState.EXPIRED)
    assert result_files(media_root) == []
    response = client_for(administrator).get(reverse("exports:job_download",
                                                     args=[job.public_id]))
    assert response.status_code == 410


# A worker process killed with SIGKILL mid-job.

@pytest.fixture
def redis_queue(transactional_db):
    """Jobs queued on the test Redis, for worker processes started by the test."""
    require_redis()
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=TEST_REDIS_URL, task_always_eager=False)
    reset_connections()
    with app.connection_for_write() as redis:
        redis.default_channel.client.flushdb()
    yield
    app.conf.update(saved)
    reset_connections()


def database_url() -> str:
    """The test database (this process's), for the worker processes."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def start_worker_process(name, log, media_root, **env):
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    environment.update({"DATABASE_URL": database_url(), "CELERY_BROKER_URL": TEST_REDIS_URL,
                        "MEDIA_ROOT": str(media_root), **env})
    celery = Path(sys.executable).parent / "celery"
    return subprocess.Popen(
        [str(celery), "-A", "backpain", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
        cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT)


@on_postgresql
@through_worker
def test_a_worker_killed_mid_job_is_replaced_and_the_job_finishes_once(
        redis_queue, administrator, clinic, physician, media_root, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("A worker process must share the test database: SQLite's test database "
                    "lives in this process's memory. This test runs on PostgreSQL "
                    "(DATABASE_URL), as in CI's PostgreSQL pass.")
    bulk_signed_visits(3000, clinic=clinic, physician=physician, created_by=physician)
    job = queued_job(administrator)  # committed: queued on Redis
    log = (tmp_path / "workers.log").open("wb")
    first = start_worker_process("first", log, media_root)
    try:
        wait_for(lambda: refreshed(job).state == ExportJobState.RUNNING
                 and job.rows_done >= jobs.HEARTBEAT_ROWS)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        stop(first)
    job = refreshed(job)
    assert job.state == ExportJobState.RUNNING and 0 < job.rows_done < 3000
    assert not AuditEvent.objects.filter(action__in=(AuditAction.EXPORTED,
                                                     AuditAction.EXPORT_FAILED)).exists()
    # The replacement starts later than STALE_AFTER: the dead worker's heartbeat is that old.
    ExportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - STALE_AFTER - datetime.timedelta(seconds=1))
    # A short visibility timeout: Redis also hands the dead worker's message out again.
    second = start_worker_process("second", log, media_root, CELERY_VISIBILITY_TIMEOUT="1")
    try:
        wait_for(lambda: refreshed(job).state == ExportJobState.DONE, timeout=300)
    finally:
        stop(second)
        log.close()
    job = refreshed(job)
    assert job.attempts == 2 and job.rows_done == job.rows_total == 3000
    assert result_files(media_root) == [f"{job.public_id}.csv"]
    with job.file.open("rb") as file:
        data = file.read()
    rows = csv_rows(data)
    assert len(rows) == 3000 and len({row["visit.id"] for row in rows}) == 3000
    assert hashlib.sha256(data).hexdigest() == job.sha256
    ended = AuditEvent.objects.filter(action__in=(AuditAction.EXPORTED,
                                                  AuditAction.EXPORT_FAILED))
    assert [event.action for event in ended] == [AuditAction.EXPORTED]
    assert ended[0].details["rows_exported"] == 3000
