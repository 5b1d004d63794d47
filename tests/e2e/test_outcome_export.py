"""In a real browser: the administrator downloads the outcome time series from the export page
and reads a patient followed over an episode, one row per timepoint, with the change since the
baseline and its verdict."""

import csv
import datetime
import io

import pytest
from playwright.sync_api import expect

from backpain.accounts.models import User
from backpain.visits.models import Questionnaires, Visit
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PatientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


def followed_patient():
    """Back pain 8, then 3 at three months: improved beyond the noise (SDC 3.6)."""
    patient = PatientFactory(clinic=User.objects.get(username="admin").clinic, mrn="E2E-SERIES")
    start = datetime.date.today() - datetime.timedelta(days=120)
    for days, pain, visit_type in ((0, 8, "new"), (91, 3, "follow_up")):
        visit = VisitFactory(patient=patient, visit_type=visit_type,
                             visit_date=start + datetime.timedelta(days=days))
        Questionnaires.objects.create(visit=visit, axial_pain=pain)
        Visit.objects.filter(pk=visit.pk).update(status="signed")
    return patient


def test_the_administrator_downloads_the_outcome_series(page, tmp_path):
    patient = followed_patient()
    sign_in(page, "admin", "backpain-demo")
    page.get_by_role("link", name="Exports").click()
    assert_accessible(page)
    page.get_by_label("Your password").fill("backpain-demo")
    page.get_by_role("button", name="Outcome time series (CSV)").click()
    expect(page.locator("#job-state")).to_have_text("Ready to download")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    assert info.value.suggested_filename.startswith("backpain-outcomes-")
    path = tmp_path / "outcomes.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == Visit.objects.filter(status__in=("signed", "amended")).count()
    mine = [row for row in rows if row["patient.mrn"] == "E2E-SERIES"]
    assert [row["visit.follow_up_point"] for row in mine] == ["", "3 months"]
    assert mine[1]["outcome.axial_pain.change_since_baseline"] == "-5.0"
    assert mine[1]["outcome.axial_pain.verdict"] == "improved_beyond_noise"
    assert {row["episode.id"] for row in mine} == {str(patient.episodes.get().pk)}
    page.get_by_role("link", name="Back to exports").click()
    expect(page.get_by_role("heading", name="Export visit records")).to_be_visible()
