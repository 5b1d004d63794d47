"""The audit page reads as words: who the patient is, which record, what happened, and why."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from tests.factories import PatientFactory, VisitFactory
from tests.kept_filters import audit_page

pytestmark = pytest.mark.django_db


def page_text(client, filters=None):
    response = audit_page(client, filters)
    assert response.status_code == 200
    return response.content.decode()


def test_a_refused_signature_names_its_visit_and_patient(physician_client, administrator_client,
                                                          visit):
    visit.visit_date = datetime.date(2026, 11, 27)
    visit.save()
    response = physician_client.post(reverse("notes:sign", kwargs={"pk": visit.pk}), {
        "username": "physician", "password": "not my password", "meaning": "authored"})
    assert response.status_code == 400
    text = page_text(administrator_client, {"action": AuditAction.NOTE_SIGN_REFUSED})
    assert "Signing refused" in text
    assert "OKAFOR, Chinedu" in text and "RSC-1" in text
    assert "Visit of 27 Nov 2026" in text
    assert "Reason: The password is not correct." in text
    # The administrator may not open clinical pages: the patient leads to their events instead.
    assert reverse("visits:detail", kwargs={"pk": visit.pk}) not in text
    assert 'name="patient" value="RSC-1"' in text


def test_details_read_as_sentences_not_python(administrator_client, physician, intake, visit,
                                               patient):
    record_event(action=AuditAction.STEP_SAVED, user=intake, obj=visit, patient_id=patient.pk,
                 details={"step": "history", "version": 3,
                          "changed_fields": ["pain_now", "onset_date"]})
    record_event(action=AuditAction.PATIENT_EDITED, user=intake, obj=patient,
                 patient_id=patient.pk,
                 details={"changed_fields": ["family_name"],
                          "changes": {"family_name": ["Okafor", "Okafor-Bello"]}})
    record_event(action=AuditAction.SESSION_EXPIRED, user=physician,
                 details={"reason": "idle", "path": "/visits/1/"})
    text = page_text(administrator_client)
    assert "Visit step saved" in text
    assert "Step: History." in text
    assert "Version 3." in text
    assert "Changed: pain now, onset date." in text
    assert "Family name changed from “Okafor” to “Okafor-Bello”." in text
    assert "Reason: no activity for too long." in text
    assert "{&#x27;" not in text and "{'" not in text  # no dict text
    assert "visits.Visit" not in text and "patients.Patient" not in text


def test_the_audit_page_names_its_rows_without_a_query_each(administrator_client, clinic,
                                                            intake, physician):
    def add_events(count):
        for _ in range(count):
            patient = PatientFactory(clinic=clinic)
            visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)
            record_event(action=AuditAction.VISIT_OPENED, user=intake, obj=visit,
                         patient_id=patient.pk,
                         details={"visit_date": visit.visit_date.isoformat(),
                                  "visit_type": "new"})
            record_event(action=AuditAction.NOTE_SIGN_REFUSED, user=physician, obj=visit,
                         patient_id=patient.pk, details={"reason": "The password is not correct."})

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = administrator_client.get(reverse("audit:events"))
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode()

    add_events(3)
    few, _ = queries()
    add_events(22)
    many, text = queries()
    assert many == few
    assert text.count("Visit of ") >= 45
    assert "Type of visit: New patient." in text
