"""In a real browser: the administrator exports the clinic's visits (password again) and
finds the export in the audit log, whose filters never reach the address bar."""

import csv
import io

import pytest
from playwright.sync_api import expect

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
    with page.expect_download() as info:
        page.get_by_role("button", name="Spreadsheet (CSV)").click()
    path = tmp_path / "visits.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == visits
    assert "LINDQVIST" in {row["patient.family_name"].upper() for row in rows}

    page.get_by_role("link", name="Audit log", exact=True).click()
    page.get_by_label("Action").select_option(label="Visit records exported (complete)")
    page.get_by_label("User (username)").fill("admin")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("heading", name="1 event")).to_be_visible()
    assert "admin" not in page.url and "exported" not in page.url
    assert_accessible(page)
