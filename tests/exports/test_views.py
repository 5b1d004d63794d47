"""The export page and its downloads, as an administrator (and as everyone else) uses them."""

import re

import pytest
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

from .builders import simple_visit
from .helpers import bundles, csv_rows, manifest, zip_entries

pytestmark = pytest.mark.django_db
DOWNLOADS = ["exports:csv", "exports:fhir", "exports:pdf_zip"]


def download(client, name, **filters):
    response = client.post(reverse(name), {"password": TEST_PASSWORD, **filters})
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return response, b"".join(response.streaming_content)


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
def test_downloads_are_streamed_uncached_and_named_by_the_server(
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
    assert event.user == administrator and event.client_ip == "127.0.0.1"
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
