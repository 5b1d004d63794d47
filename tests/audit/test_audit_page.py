"""The audit page: administrators read and download their clinic's trail, filtered."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from backpain.audit.models import AuditAction, AuditEvent
from backpain.audit.services import record_event
from tests.factories import TEST_PASSWORD, PatientFactory
from tests.kept_filters import audit_page

pytestmark = pytest.mark.django_db


def events_on_page(response):
    return list(response.context["page"].object_list)


def download(client, **filters):
    response = client.post(reverse("audit:events_csv"), {"password": TEST_PASSWORD, **filters})
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return response, list(csv.DictReader(io.StringIO(text, newline="")))


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("audit:events"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role_client", ["intake_client", "physician_client"])
def test_clinical_staff_get_403(request, role_client):
    client = request.getfixturevalue(role_client)
    assert client.get(reverse("audit:events")).status_code == 403
    assert client.post(reverse("audit:events_csv")).status_code == 403


def test_only_the_clinics_events(administrator_client, physician, visit, other_visit):
    mine = record_event(action=AuditAction.VISIT_VIEWED, user=physician,
                        patient_id=visit.patient_id)
    theirs = record_event(action=AuditAction.VISIT_VIEWED, user=other_visit.created_by,
                          patient_id=other_visit.patient_id)
    response = audit_page(administrator_client, {"action": AuditAction.VISIT_VIEWED})
    assert events_on_page(response) == [mine]
    _, rows = download(administrator_client)
    assert str(theirs.patient_id) not in {row["patient_id"] for row in rows}
    assert other_visit.created_by.username not in {row["username"] for row in rows}


def test_filters(administrator_client, clinic, physician, intake):
    patient = PatientFactory(clinic=clinic, mrn="RSC-900")
    by_physician = record_event(action=AuditAction.NOTE_SIGNED, user=physician,
                                patient_id=patient.pk)
    by_intake = record_event(action=AuditAction.STEP_SAVED, user=intake, patient_id=patient.pk)
    elsewhere = record_event(action=AuditAction.STEP_SAVED, user=intake, patient_id=patient.pk + 1)
    def shown(**filters):
        return [e for e in events_on_page(audit_page(administrator_client, filters))
                if e.action != AuditAction.AUDIT_VIEWED]

    assert shown(username="PHYSICIAN") == [by_physician]
    assert shown(patient="RSC-900") == [by_intake, by_physician]
    assert shown(patient=str(patient.pk)) == [by_intake, by_physician]
    assert shown(action=AuditAction.STEP_SAVED) == [elsewhere, by_intake]
    today = timezone.localdate()
    assert {by_physician, by_intake, elsewhere} <= set(
        shown(date_from=today.isoformat(), date_to=today.isoformat()))
    assert shown(date_to=(today - datetime.timedelta(days=1)).isoformat()) == []


def test_invalid_filters_show_errors(administrator_client):
    response = audit_page(administrator_client,
                          {"date_from": "2024-06-02", "date_to": "2024-06-01"})
    assert response.status_code == 400
    assert b"The end date is before the start date." in response.content
    assert b'value="2024-06-02"' in response.content  # what was typed is shown again
    response = audit_page(administrator_client, {"action": "nonsense"})
    assert response.status_code == 400


def test_paginated(administrator_client, physician):
    for _ in range(55):
        record_event(action=AuditAction.VISIT_VIEWED, user=physician)
    first = audit_page(administrator_client, {"action": AuditAction.VISIT_VIEWED})
    assert len(events_on_page(first)) == 50
    assert b'href="?page=2"' in first.content  # the filters stay in the session, not the URL
    second = administrator_client.get(reverse("audit:events"), {"page": 2})
    assert len(events_on_page(second)) == 5
    assert {event.action for event in events_on_page(second)} == {AuditAction.VISIT_VIEWED}


def test_the_filters_are_kept_until_cleared(administrator_client, physician):
    record_event(action=AuditAction.VISIT_VIEWED, user=physician)
    record_event(action=AuditAction.NOTE_SIGNED, user=physician)
    audit_page(administrator_client, {"action": AuditAction.NOTE_SIGNED})
    again = administrator_client.get(reverse("audit:events"))
    assert [e.action for e in events_on_page(again)] == [AuditAction.NOTE_SIGNED]
    cleared = audit_page(administrator_client, {"clear": "1"})
    assert AuditAction.VISIT_VIEWED in {e.action for e in events_on_page(cleared)}


def test_reading_the_trail_is_audited(administrator_client, administrator):
    audit_page(administrator_client, {"username": "intake"})
    event = AuditEvent.objects.get(action=AuditAction.AUDIT_VIEWED)
    assert event.user == administrator
    assert event.details == {"filters": {"username": "intake"}, "page": 1}


def test_csv_download(administrator_client, administrator, physician):
    signed = record_event(action=AuditAction.NOTE_SIGNED, user=physician, patient_id=7,
                          details={"version": 1})
    response, rows = download(administrator_client, action=AuditAction.NOTE_SIGNED)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="backpain-audit-')
    [row] = rows
    assert row["username"] == "physician" and row["action"] == "note_signed"
    assert row["action_label"] == "Note signed" and row["patient_id"] == "7"
    assert row["details"] == '{"version": 1}'
    assert row["occurred_at"] == signed.occurred_at.astimezone(datetime.UTC).isoformat()
    event = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert event.user == administrator
    assert event.details == {"filters": {"action": "note_signed"}, "row_count": 1}


def test_csv_holds_the_trail_up_to_the_download(administrator_client, physician):
    record_event(action=AuditAction.LOGIN, user=physician)
    _, rows = download(administrator_client)
    assert AuditAction.AUDIT_EXPORTED not in {row["action"] for row in rows}
    event = AuditEvent.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert event.details["row_count"] == len(rows)


def test_attacker_chosen_usernames_cannot_become_formulas(administrator_client, client, clinic,
                                                          intake):
    # A failed sign-in records whatever was typed as the username.
    client.post(reverse("login"), {"username": "intake", "password": "wrong"})
    record_event(action=AuditAction.LOGIN_FAILED, username="=HYPERLINK(\"http://x\")",
                 clinic_id=clinic.pk)
    _, rows = download(administrator_client, action=AuditAction.LOGIN_FAILED)
    assert {row["username"] for row in rows} == {"intake", "'=HYPERLINK(\"http://x\")"}


def test_the_download_asks_for_the_password_again(administrator_client, physician):
    record_event(action=AuditAction.NOTE_SIGNED, user=physician, patient_id=7)
    response = administrator_client.post(reverse("audit:events_csv"), {"password": "wrong"})
    assert response.status_code == 400 and not response.streaming
    page = response.content.decode()
    assert "The password is not correct." in page
    assert "Download these events (CSV)" in page  # the events and the form are still there
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_EXPORTED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_get_is_not_a_download(administrator_client):
    assert administrator_client.get(reverse("audit:events_csv")).status_code == 405
