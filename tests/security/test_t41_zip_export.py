"""T-41 ZIP (bulk PDF) export: clinical staff get 403; entry names are made by the server
whatever the patients are called (no traversal, no absolute path); the manifest gives each
PDF's SHA-256; the download is not cached and is audited with its record count; the
administrator re-enters a password first.

The export is streamed in the request rather than run as a background job (see README)."""

import csv
import hashlib
import io
import re
import time
import zipfile

import pytest
from django.db import connection

from backpain.audit.models import AuditAction, AuditEvent
from tests.exports.builders import sign as sign_cheaply
from tests.factories import TEST_PASSWORD, PatientFactory, VisitFactory

from .helpers import body, export_download

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
    return export_download(client, "exports:pdf_zip",
                       {"status": "signed", "password": TEST_PASSWORD, **data})


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
    event = AuditEvent.objects.get(action=AuditAction.EXPORT_STARTED)
    assert event.user == administrator
    assert event.details["format"] == "pdf-zip"
    assert event.details["row_count"] == len(signed_visits)


def exported():
    return AuditEvent.objects.filter(action=AuditAction.EXPORT_STARTED).count()


@pytest.mark.parametrize("password, message", [("", "Enter your password."),
                                               ("not my password", "The password is not correct.")])
def test_the_administrator_must_re_authenticate(administrator_client, signed_visits,
                                                password, message):
    response = download(administrator_client, password=password)
    assert response.status_code == 400
    assert not response.streaming and message in response.content.decode()
    assert exported() == 0


def test_a_wrong_export_password_counts_towards_the_lockout(administrator_client,
                                                            administrator, signed_visits,
                                                            settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        download(administrator_client, password="guess")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED,
                                     username=administrator.username).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_LOCKED).exists()
    response = download(administrator_client)  # even the right password is refused now
    assert not response.streaming and exported() == 0


def test_a_confirmed_password_holds_for_a_few_minutes_only(administrator_client,
                                                           signed_visits, settings,
                                                           monkeypatch):
    assert download(administrator_client).status_code == 200
    assert download(administrator_client, password="").status_code == 200  # just confirmed
    assert exported() == 2
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.REAUTH_WINDOW + 1)
    response = download(administrator_client, password="")
    assert response.status_code == 400 and exported() == 2
