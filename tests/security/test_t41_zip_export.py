"""T-41 ZIP (bulk PDF) export: clinical staff get 403; entry names are made by the server
whatever the patients are called (no traversal, no absolute path); the manifest gives each
PDF's SHA-256; the download is not cached and is audited with its record count; the
administrator re-enters a password first.

The export is streamed in the request rather than run as a background job (see README)."""

import csv
import hashlib
import io
import re
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from tests.exports.builders import sign as sign_cheaply
from tests.factories import PatientFactory, VisitFactory

from .helpers import body

NAMES = ["../../etc/passwd", "/abs/olute", "C:\\evil\\x", "..\\..\\boot.ini", "a/b/../../c"]
if connection.vendor == "sqlite":
    NAMES.append("nul\x00byte")  # PostgreSQL cannot store a NUL byte at all


@pytest.fixture
def signed_visits(clinic, intake, physician):
    visits = []
    for n, name in enumerate(NAMES):
        patient = PatientFactory(clinic=clinic, family_name=name, given_name=name,
                                 mrn=f"Z-{n}")
        visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)
        sign_cheaply(visit, physician, pdf=f"%PDF-1.7 note {n}\n%%EOF\n".encode())
        visits.append(visit)
    return visits


def download(client, **data):
    return client.post(reverse("exports:pdf_zip"), {"status": "signed", **data})


@pytest.mark.parametrize("who", ["intake_client", "physician_client"])
def test_clinical_staff_get_403(request, who, signed_visits):
    assert download(request.getfixturevalue(who)).status_code == 403


def test_entries_are_named_by_the_server_and_match_the_manifest(administrator_client,
                                                                signed_visits):
    response = download(administrator_client)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = archive.namelist()
    assert "manifest.csv" in names
    pdfs = [name for name in names if name != "manifest.csv"]
    assert len(pdfs) == len(signed_visits)
    for name in pdfs:
        assert re.fullmatch(r"visit-\d+-note-v\d+\.pdf", name), name
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert len(manifest) == len(signed_visits)
    for row in manifest:
        assert hashlib.sha256(archive.read(row["file_name"])).hexdigest() == row["sha256"]
        assert row["file_check"] == "ok"


def test_the_download_is_uncached_named_by_the_server_and_audited(administrator_client,
                                                                  administrator,
                                                                  signed_visits):
    response = download(administrator_client)
    assert "no-store" in response["Cache-Control"]
    assert re.fullmatch(r'attachment; filename="backpain-notes-\d{8}T\d{6}Z\.zip"',
                        response["Content-Disposition"])
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.user == administrator
    assert event.details["format"] == "pdf-zip"
    assert event.details["row_count"] == len(signed_visits)


@pytest.mark.xfail(strict=True, reason="APP BUG: the bulk PDF export needs no re-authentication "
                   "(exports.views.export_pdf_zip asks for no password)")
def test_the_administrator_must_re_authenticate(administrator_client, signed_visits):
    response = download(administrator_client)
    assert response.status_code in (400, 403)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
