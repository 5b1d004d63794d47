"""In a real browser: the administrator exports the clinic's visits (password again), follows
the job to its file, and finds the export in the audit log, whose filters never reach the
address bar; the job page's progress bar moves by itself while a job runs."""

import csv
import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backpain.accounts.models import User
from backpain.exports import jobs
from backpain.exports.models import ExportJob
from backpain.exports.selectors import ExportFilters
from backpain.visits.models import Visit
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


def test_the_administrator_exports_and_reads_the_audit_log(page, tmp_path):
    sign_in(page, "admin", "backpain-demo")
    page.get_by_role("link", name="Exports").click()
    page.get_by_label("Status").select_option("any")
    page.get_by_role("button", name="Count matching visits").click()
    visits = Visit.objects.count()
    assert visits >= 5
    expect(page.locator("#matching-count")).to_have_text(str(visits))
    assert_accessible(page)

    page.get_by_role("button", name="Spreadsheet (CSV)").click()  # no password yet
    expect(page.get_by_text("Enter your password.")).to_be_visible()
    page.get_by_label("Your password").fill("backpain-demo")
    page.get_by_role("button", name="Spreadsheet (CSV)").click()
    # No worker in this test: the job ran in-process as it was queued.
    expect(page.get_by_role("heading", name="Export of visit records")).to_be_visible()
    expect(page.locator("#job-state")).to_have_text("Ready to download")
    expect(page.locator("#rows-total")).to_have_text(str(visits))
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / "visits.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == visits
    assert "LINDQVIST" in {row["patient.family_name"].upper() for row in rows}
    page.get_by_role("link", name="Back to exports").click()
    expect(page.get_by_role("link", name=info.value.suggested_filename)).to_be_visible()

    page.get_by_role("link", name="Audit log", exact=True).click()
    page.get_by_label("Action").select_option(label="Visit records exported (complete)")
    page.get_by_label("User (username)").fill("admin")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("heading", name="Events 1 to 1, the newest first")).to_be_visible()
    assert "admin" not in page.url and "exported" not in page.url
    assert_accessible(page)


def test_the_job_page_follows_a_running_job(page):
    """The page of a job still waiting shows its state; the script moves the bar and offers
    the file as soon as the worker has finished, without reloading."""
    administrator = User.objects.get(username="admin")
    # As the page queues it, but left for a worker (which this test plays below).
    job = ExportJob.objects.create(
        clinic_id=administrator.clinic_id, requested_by=administrator, export_format="csv",
        filters=ExportFilters(status="any").as_audit(), rows_total=Visit.objects.count(),
        download_name="backpain-visits-e2e.csv")
    sign_in(page, "admin", "backpain-demo")
    page.goto(reverse("exports:job", args=[job.public_id]))
    expect(page.locator("#job-state")).to_have_text("Waiting for a worker")
    expect(page.get_by_role("link", name="Download")).to_be_hidden()
    assert_accessible(page)
    jobs.run_export_job(job.public_id)  # the worker
    expect(page.locator("#job-state")).to_have_text("Ready to download")
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("#rows-done")).to_have_text(str(Visit.objects.count()))
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    assert info.value.suggested_filename == job.download_name
