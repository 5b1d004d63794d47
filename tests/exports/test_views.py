"""The export page, its jobs and their downloads, as an administrator (and as everyone else)
uses them. Without a broker the job runs in the request: the job page then offers the file."""

import datetime
import hashlib
import io
import re
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.exports import jobs
from backpain.exports.models import ExportJob, ExportJobState
from tests.factories import TEST_PASSWORD, UserFactory

from .builders import simple_visit
from .helpers import bundles, csv_rows, export_through_job, manifest, zip_entries

pytestmark = pytest.mark.django_db
DOWNLOADS = ["exports:csv", "exports:fhir", "exports:pdf_zip"]


def download(client, name, **filters):
    _, response, data = export_through_job(client, name, {"password": TEST_PASSWORD, **filters})
    return response, data


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("exports:page"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["exports:page", *DOWNLOADS])
@pytest.mark.parametrize("role_client", ["intake_client", "physician_client"])
def test_clinical_staff_get_403(request, role_client, name):
    client = request.getfixturevalue(role_client)
    response = client.post(reverse(name)) if name in DOWNLOADS else client.get(reverse(name))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_page_counts_signed_visits_by_default(administrator_client, clinic, physician):
    simple_visit(clinic, physician)
    simple_visit(clinic, physician, signed=False)
    response = administrator_client.get(reverse("exports:page"))
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert b'id="matching-count">1<' in response.content
    assert b"Signed only" in response.content


def test_page_counts_with_filters(administrator_client, clinic, physician):
    simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician)
    simple_visit(clinic, physician, signed=False)
    response = administrator_client.get(reverse("exports:page"),
                                        {"status": "any", "red_flags": "no"})
    assert response.context["count"] == 2


def test_invalid_dates_show_an_error_and_no_count(administrator_client):
    response = administrator_client.get(reverse("exports:page"),
                                        {"date_from": "2024-06-01", "date_to": "2024-05-01"})
    assert response.context["count"] is None
    assert b"The end date is before the start date." in response.content


def test_another_clinics_physician_is_not_a_valid_filter(administrator_client, other_clinic):
    stranger = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN)
    response = administrator_client.post(reverse("exports:csv"), {"physician": stranger.pk,
                                                                   "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


@pytest.mark.parametrize(("name", "pattern", "content_type"), [
    ("exports:csv", r"backpain-visits-\d{8}T\d{6}Z\.csv", "text/csv; charset=utf-8"),
    ("exports:fhir", r"backpain-visits-\d{8}T\d{6}Z\.ndjson", "application/fhir+ndjson"),
    ("exports:pdf_zip", r"backpain-notes-\d{8}T\d{6}Z\.zip", "application/zip"),
    ("exports:outcomes_csv", r"backpain-outcomes-\d{8}T\d{6}Z\.csv", "text/csv; charset=utf-8"),
])
def test_export_files_are_uncached_and_named_by_the_server(
        administrator_client, clinic, physician, name, pattern, content_type):
    simple_visit(clinic, physician)
    response, _ = download(administrator_client, name)
    assert response["Content-Type"] == content_type
    assert re.fullmatch(f'attachment; filename="{pattern}"', response["Content-Disposition"])
    assert "no-store" in response["Cache-Control"]


def test_get_is_not_a_download(administrator_client):
    assert administrator_client.get(reverse("exports:csv")).status_code == 405


def test_another_clinics_visits_never_appear(administrator_client, clinic, other_clinic,
                                             physician, other_patient):
    mine = simple_visit(clinic, physician)
    stranger = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN)
    theirs = simple_visit(other_clinic, stranger)
    _, data = download(administrator_client, "exports:csv", status="any")
    assert [row["visit.id"] for row in csv_rows(data)] == [str(mine.pk)]
    assert theirs.patient.mrn.encode() not in data
    _, data = download(administrator_client, "exports:fhir", status="any")
    assert len(bundles(data)) == 1 and theirs.patient.mrn.encode() not in data
    _, data = download(administrator_client, "exports:pdf_zip", status="any")
    assert [row["visit_id"] for row in manifest(zip_entries(data))] == [str(mine.pk)]
    assert administrator_client.get(reverse("exports:page"),
                                     {"status": "any"}).context["count"] == 1


def test_download_is_audited_with_the_filters(administrator_client, administrator, clinic,
                                              physician):
    simple_visit(clinic, physician)
    download(administrator_client, "exports:csv", date_from="2024-05-01",
             date_to="2024-05-31", physician=physician.pk)
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.user == administrator
    started = AuditEvent.objects.get(action=AuditAction.EXPORT_STARTED)
    assert started.user == administrator and started.client_ip == "127.0.0.1"
    assert event.details["export_started"] == started.pk
    assert event.details["filters"] == {"date_from": "2024-05-01", "date_to": "2024-05-31",
                                        "physician_id": physician.pk, "status": "signed",
                                        "red_flags": "any"}
    assert event.details["row_count"] == 1 and event.details["format"] == "csv"


def test_nav_shows_exports_to_administrators_only(administrator_client, physician_client):
    assert b'href="/exports/"' in administrator_client.get(reverse("home")).content
    assert b'href="/exports/"' not in physician_client.get(reverse("home")).content


def test_the_page_form_downloads_what_it_counted(administrator_client, clinic, physician):
    """The download buttons post the filters the count was made with."""
    flagged = simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician)
    page = administrator_client.get(reverse("exports:page"), {"red_flags": "yes",
                                                              "physician": physician.pk})
    assert page.context["count"] == 1
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                             page.content.decode()))
    assert hidden["red_flags"] == "yes" and hidden["physician"] == str(physician.pk)
    _, data = download(administrator_client, "exports:csv", **hidden)
    assert [row["visit.id"] for row in csv_rows(data)] == [str(flagged.pk)]


def test_outcome_series_is_offered_downloaded_and_audited(administrator_client, administrator,
                                                          clinic, physician):
    visit = simple_visit(clinic, physician)
    page = administrator_client.get(reverse("exports:page"))
    assert f'formaction="{reverse("exports:outcomes_csv")}"'.encode() in page.content
    assert b"Outcome time series (CSV)" in page.content
    _, data = download(administrator_client, "exports:outcomes_csv", date_from="2024-05-01")
    rows = csv_rows(data)
    assert [row["visit.id"] for row in rows] == [str(visit.pk)]
    assert rows[0]["episode.id"] == str(visit.episode_id)
    started = AuditEvent.objects.get(action=AuditAction.EXPORT_STARTED)
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.user == administrator
    assert event.details["format"] == "outcomes-csv"
    assert event.details["filters"]["date_from"] == "2024-05-01"
    assert event.details["row_count"] == 1 and event.details["rows_exported"] == 1
    assert event.details["export_started"] == started.pk


def test_outcome_series_needs_the_password(administrator_client, clinic, physician):
    simple_visit(clinic, physician)
    response = administrator_client.post(reverse("exports:outcomes_csv"),
                                         {"password": "wrong"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_STARTED).exists()


# The job: its page, its progress, its file, who may see them, and for how long.

JOB_URLS = ["exports:job", "exports:job_status", "exports:job_download"]


def job_for(user, **fields):
    return ExportJob.objects.create(clinic_id=user.clinic_id, requested_by=user,
                                    export_format="csv", download_name="backpain-visits.csv",
                                    **fields)


def started_job(client, name="exports:csv", **filters):
    page, response, data = export_through_job(client, name,
                                              {"password": TEST_PASSWORD, **filters})
    return page.context["job"], data


def test_an_export_answers_with_its_job_page(administrator_client, clinic, physician):
    simple_visit(clinic, physician)
    # No worker has taken the job yet (its queueing at commit is held back): it says so.
    with mock.patch("backpain.exports.jobs.queue_export_job"):
        response = administrator_client.post(reverse("exports:csv"),
                                             {"password": TEST_PASSWORD})
    assert response.status_code == 303
    job = ExportJob.objects.get()
    assert response.url == f"/exports/jobs/{job.public_id}/"
    page = administrator_client.get(response.url)
    assert b"Waiting for a worker" in page.content
    assert b'id="job-refresh"' in page.content and b"js/export-progress.js" in page.content
    assert b'id="rows-total">1<' in page.content


def test_a_finished_job_offers_its_file(administrator_client, clinic, physician):
    simple_visit(clinic, physician)
    job, data = started_job(administrator_client)
    page = administrator_client.get(reverse("exports:job", args=[job.public_id]))
    assert b"Ready to download" in page.content
    assert f'href="/exports/jobs/{job.public_id}/download/"'.encode() in page.content
    assert b' hidden href' not in page.content and b'id="job-refresh"' not in page.content
    status = administrator_client.get(reverse("exports:job_status", args=[job.public_id]))
    assert status.json() == {"state": "done", "state_label": "Ready to download", "done": 1,
                             "total": 1, "percent": 100, "error": "",
                             "download_url": f"/exports/jobs/{job.public_id}/download/"}
    job.refresh_from_db()
    assert job.sha256 == hashlib.sha256(data).hexdigest() and job.size == len(data)


def test_each_download_is_audited_with_the_job_rows_and_hash(administrator_client,
                                                             administrator, clinic, physician):
    simple_visit(clinic, physician)
    simple_visit(clinic, physician)
    job, data = started_job(administrator_client)
    administrator_client.get(reverse("exports:job_download", args=[job.public_id]))
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT_DOWNLOADED)
    assert events.count() == 2
    event = events.first()
    assert event.user == administrator and event.client_ip == "127.0.0.1"
    assert event.details["job"] == str(job.public_id)
    assert event.details["rows_exported"] == 2
    assert event.details["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_job_is_listed_on_the_export_page(administrator_client, clinic, physician):
    simple_visit(clinic, physician)
    job, _ = started_job(administrator_client, "exports:fhir")
    page = administrator_client.get(reverse("exports:page"))
    assert f'href="/exports/jobs/{job.public_id}/"'.encode() in page.content
    assert job.download_name.encode() in page.content


def test_listing_jobs_costs_the_same_for_1_and_10(administrator_client, administrator, clinic):
    def queries():
        with CaptureQueriesContext(connection) as context:
            administrator_client.get(reverse("exports:page"))
        return len(context.captured_queries)

    job_for(administrator)
    one = queries()
    for _ in range(9):
        job_for(administrator)
    assert queries() == one


@pytest.mark.parametrize("url_name", JOB_URLS)
def test_another_administrator_gets_404_and_the_attempt_is_audited(
        administrator_client, administrator, clinic, url_name):
    colleague = UserFactory(clinic=clinic, role=Role.ADMINISTRATOR)
    job = job_for(colleague, state=ExportJobState.DONE)
    response = administrator_client.get(reverse(url_name, args=[job.public_id]))
    assert response.status_code == 404
    refusal = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert refusal.user == administrator and str(job.public_id) in refusal.details["path"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT_DOWNLOADED).exists()


@pytest.mark.parametrize("url_name", JOB_URLS)
def test_an_administrator_moved_to_another_clinic_loses_their_jobs(
        administrator_client, administrator, other_clinic, url_name):
    job = job_for(administrator, state=ExportJobState.DONE)
    administrator.clinic = other_clinic
    administrator.save()
    assert administrator_client.get(reverse(url_name, args=[job.public_id])).status_code == 404


@pytest.mark.parametrize("url_name", JOB_URLS)
@pytest.mark.parametrize("role_client", ["intake_client", "physician_client"])
def test_clinical_staff_never_reach_a_job(request, administrator, role_client, url_name):
    job = job_for(administrator, state=ExportJobState.DONE)
    client = request.getfixturevalue(role_client)
    assert client.get(reverse(url_name, args=[job.public_id])).status_code == 403


def test_anonymous_is_sent_to_login_from_a_job(client, administrator):
    job = job_for(administrator)
    response = client.get(reverse("exports:job_download", args=[job.public_id]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_expired_file_is_refused_with_a_message_then_deleted(
        administrator_client, clinic, physician, settings):
    simple_visit(clinic, physician)
    job, _ = started_job(administrator_client)
    job.refresh_from_db()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    # The retention time (24 hours by default) has passed:
    ExportJob.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = administrator_client.get(reverse("exports:job_download", args=[job.public_id]))
    assert response.status_code == 410
    assert b"This export has expired" in response.content and b"24 hours" in response.content
    status = administrator_client.get(reverse("exports:job_status", args=[job.public_id]))
    assert status.json()["download_url"] is None
    output = io.StringIO()
    call_command("purge_exports", stdout=output)
    assert "Deleted 1 expired export file" in output.getvalue()
    job.refresh_from_db()
    assert job.state == ExportJobState.EXPIRED and not job.file
    assert not job.file.storage.exists(stored)
    assert administrator_client.get(reverse("exports:job_download",
                                            args=[job.public_id])).status_code == 410
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT_DOWNLOADED).count() == 1


def test_a_file_is_kept_for_the_retention_time(administrator_client, clinic, physician,
                                              settings):
    settings.EXPORT_RETENTION_HOURS = 2
    simple_visit(clinic, physician)
    job, _ = started_job(administrator_client)
    job.refresh_from_db()
    assert job.expires_at == job.finished_at + datetime.timedelta(hours=2)
    call_command("purge_exports", stdout=io.StringIO())
    assert administrator_client.get(reverse("exports:job_download",
                                            args=[job.public_id])).status_code == 200


def test_a_failed_export_says_so_and_is_audited(administrator_client, clinic, physician,
                                                monkeypatch):
    simple_visit(clinic, physician)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(jobs, "export_content", broken)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = administrator_client.post(reverse("exports:csv"),
                                              {"password": TEST_PASSWORD})
    page = administrator_client.get(response.url)
    assert b"Failed" in page.content and b"could not be completed" in page.content
    assert b"database went away" not in page.content
    job = page.context["job"]
    assert administrator_client.get(reverse("exports:job_download",
                                            args=[job.public_id])).status_code == 409
    failed = AuditEvent.objects.get(action=AuditAction.EXPORT_FAILED)
    assert failed.details["job"] == str(job.public_id)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_a_job_not_yet_run_has_nothing_to_download(administrator_client, administrator):
    job = job_for(administrator)
    response = administrator_client.get(reverse("exports:job_download", args=[job.public_id]))
    assert response.status_code == 409
    assert b"no file to download yet" in response.content


def test_job_urls_only_answer_get(administrator_client, administrator):
    job = job_for(administrator)
    for name in JOB_URLS:
        assert administrator_client.post(reverse(name, args=[job.public_id])).status_code == 405
