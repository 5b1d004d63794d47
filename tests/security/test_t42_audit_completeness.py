"""T-42 Audit completeness: registering a patient, opening a visit, saving and editing a step,
viewing a patient, a visit and a note, signing, downloading the PDF, an addendum, an export,
a failed sign-in and a permission denial each leave one audit row with the UTC time, the
user, the client address, the action, and the object and patient; a modification can be
traced from its old to its new value."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.patients.models import Patient
from backpain.visits.models import StepRevision, Visit
from tests.factories import TEST_PASSWORD

from .helpers import add_addendum, body, export_download, login, post_step, sign

A = AuditAction


def client_at(user, address):
    client = Client(REMOTE_ADDR=address)
    client.force_login(user)
    return client


@pytest.fixture
def journey(intake, physician, administrator):
    staff = client_at(intake, "192.0.2.1")
    doctor = client_at(physician, "192.0.2.2")
    admin = client_at(administrator, "192.0.2.3")
    staff.post(reverse("patients:register"), {"mrn": "J-1", "family_name": "Mensah",
                                              "given_name": "Ama", "sex": "female",
                                              "date_of_birth": "1980-02-03"})
    patient = Patient.objects.get(mrn="J-1")
    staff.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}), {
        "visit_date": datetime.date.today().isoformat(), "visit_type": "new",
        "assigned_physician": physician.pk})
    visit = Visit.objects.get(patient=patient)
    history = {"regions": ["lumbar"], "onset": "sudden", "radiation": ["none"],
               "bladder_dysfunction": "none", "saddle_numbness": "false",
               "weakness": "false", "bowel_incontinence": "false", "trauma": "none",
               "cancer_history": "false", "unexplained_weight_loss": "false",
               "fever": "false", "aggravating": ["flexion"]}
    assert post_step(staff, visit, "history", {**history, "pain_now": "5"}).status_code == 302
    assert post_step(staff, visit, "history", {**history, "pain_now": "7"}).status_code == 302
    doctor.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    doctor.get(reverse("visits:detail", kwargs={"pk": visit.pk}))
    for slug, data in (("examination", {"gait": "normal"}),
                       ("assessment", {"confirmed_patterns": ["axial_mechanical"],
                                       "diagnoses": ["M54.59"], "override_reason": "agreed"}),
                       ("plan", {"disposition": "routine", "follow_up_weeks": "6"})):
        assert post_step(doctor, visit, slug, data).status_code == 302, slug
    doctor.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    assert sign(doctor, visit).status_code == 302
    doctor.get(reverse("notes:download", kwargs={"pk": visit.pk, "number": 1}))
    assert add_addendum(doctor, visit).status_code == 302
    body(export_download(admin, "exports:csv", {"status": "signed", "password": TEST_PASSWORD}))
    login(Client(REMOTE_ADDR="192.0.2.9"), intake.username, "wrong password")
    client_at(administrator, "192.0.2.3").get(reverse("patients:detail",
                                                      kwargs={"pk": patient.pk}))
    return {"patient": patient, "visit": visit}


EXPECTED = [
    # action, user, address, object type, with the patient id
    (A.PATIENT_CREATED, "intake", "192.0.2.1", "patients.Patient", True),
    (A.VISIT_OPENED, "intake", "192.0.2.1", "visits.Visit", True),
    (A.PATIENT_VIEWED, "physician", "192.0.2.2", "patients.Patient", True),
    (A.VISIT_VIEWED, "physician", "192.0.2.2", "visits.Visit", True),
    (A.NOTE_REVIEWED, "physician", "192.0.2.2", "visits.Visit", True),
    (A.NOTE_SIGNED, "physician", "192.0.2.2", "visits.Visit", True),
    (A.NOTE_DOWNLOADED, "physician", "192.0.2.2", "visits.Visit", True),
    (A.ADDENDUM_SIGNED, "physician", "192.0.2.2", "visits.Visit", True),
    (A.EXPORT_STARTED, "administrator", "192.0.2.3", "", False),
    # Written by the worker that ran the job: no request, so no address.
    (A.EXPORTED, "administrator", None, "", False),
    (A.EXPORT_DOWNLOADED, "administrator", "192.0.2.3", "", False),
    (A.PERMISSION_DENIED, "administrator", "192.0.2.3", "", False),
]


def test_each_action_leaves_one_complete_row(journey):
    now = datetime.datetime.now(datetime.UTC)
    for action, username, address, object_type, with_patient in EXPECTED:
        event = AuditEvent.objects.get(action=action)
        assert event.username == username and event.user.username == username, action
        assert event.client_ip == address, action
        assert event.occurred_at.utcoffset() == datetime.timedelta(0), action
        assert abs(event.occurred_at - now) < datetime.timedelta(minutes=5), action
        assert event.object_type == object_type, action
        if with_patient:
            assert event.patient_id == journey["patient"].pk, action
        assert event.clinic_id == journey["patient"].clinic_id, action


def test_step_saves_are_audited_and_old_values_kept(journey):
    visit = journey["visit"]
    saves = AuditEvent.objects.filter(action=A.STEP_SAVED, details__step="history").order_by(
        "occurred_at", "id")
    assert saves.count() == 2
    assert saves[1].details["changed_fields"] == ["pain_now"]
    first, second = StepRevision.objects.filter(visit=visit, step="history").order_by(
        "version")
    assert (first.data["pain_now"], second.data["pain_now"]) == (5, 7)  # old -> new
    assert second.version == saves[1].details["version"]


def test_a_failed_sign_in_is_audited_with_the_name_tried(journey):
    event = AuditEvent.objects.get(action=A.LOGIN_FAILED)
    assert event.username == "intake" and event.user is None
    assert event.client_ip == "192.0.2.9"


def test_the_export_event_counts_the_records(journey):
    started = AuditEvent.objects.get(action=A.EXPORT_STARTED)
    ended = AuditEvent.objects.get(action=A.EXPORTED)
    assert started.details["row_count"] == ended.details["rows_exported"] == 1
    assert ended.details["export_started"] == started.pk
    assert ended.details["outcome"] == "complete" and ended.details["bytes"] > 0
    downloaded = AuditEvent.objects.get(action=A.EXPORT_DOWNLOADED)
    assert downloaded.details["rows_exported"] == 1
    assert downloaded.details["sha256"] == ended.details["sha256"]


def test_a_patient_edit_keeps_old_and_new_values(journey, intake):
    patient = journey["patient"]
    client_at(intake, "192.0.2.1").post(reverse("patients:edit", kwargs={"pk": patient.pk}), {
        "mrn": "J-1", "family_name": "Mensah-Boateng", "given_name": "Ama", "sex": "female",
        "date_of_birth": "1980-02-03"})
    event = AuditEvent.objects.get(action=A.PATIENT_EDITED)
    assert event.details["changes"] == {"family_name": ["Mensah", "Mensah-Boateng"]}
    assert event.details["changed_fields"] == ["family_name"]
