"""T-40 FHIR export: only the administrator's clinic's patients are in the Bundles; each line
is a valid FHIR R4 Bundle; markup in text fields stays data, and any narrative holds no
active content; nothing internal (password hashes, sessions, tokens) is exported."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from backpain.accounts.models import User
from backpain.patients.models import Patient
from tests.exports.builders import sign as sign_cheaply
from tests.factories import TEST_PASSWORD

from .helpers import active_content, body, export_download, narratives

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


@pytest.fixture
def exported(administrator_client, ready_visit, physician, other_visit, intake_client):
    Patient.objects.filter(pk=ready_visit.patient_id).update(given_name=PAYLOAD)
    ready_visit.chief_complaint = PAYLOAD
    ready_visit.save()
    sign_cheaply(ready_visit, physician)
    intake_client.get(reverse("home"))  # a live session whose data must not leak
    response = export_download(administrator_client, "exports:fhir",
                                         {"status": "any", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    return [json.loads(line) for line in body(response).decode("utf-8").splitlines()]


def resources(bundles, kind):
    return [entry["resource"] for bundle in bundles for entry in bundle["entry"]
            if entry["resource"]["resourceType"] == kind]


def test_only_this_clinics_patients_are_exported(exported, ready_visit, other_visit):
    patients = resources(exported, "Patient")
    assert len(exported) == 1 and len(patients) == 1
    assert patients[0]["identifier"][0]["value"] == ready_visit.patient.mrn
    assert other_visit.patient.mrn not in json.dumps(exported)


def test_each_line_is_a_valid_r4_bundle(exported):
    for bundle in exported:
        parsed = Bundle.model_validate(bundle)
        assert parsed.type == "collection"


def test_markup_stays_data(exported):
    patient = resources(exported, "Patient")[0]
    assert patient["name"][0]["given"] == [PAYLOAD]
    encounter = resources(exported, "Encounter")[0]
    assert encounter["reasonCode"][0]["text"] == PAYLOAD
    for div in narratives(exported):
        assert not active_content(div), div


def test_nothing_internal_is_exported(exported):
    text = json.dumps(exported)
    for user in User.objects.all():
        assert user.password not in text
        assert user.password.split("$")[-1] not in text
    for session in Session.objects.all():
        assert session.session_key not in text
    for marker in ("pbkdf2", "md5$", "argon2", "sessionid", "csrf", "is_superuser",
                   "password", "/work/", "MEDIA_ROOT"):
        assert marker not in text, marker


@pytest.mark.parametrize("who", ["intake_client", "physician_client"])
def test_clinical_staff_get_403(request, who, ready_visit):
    client = request.getfixturevalue(who)
    assert export_download(client, "exports:fhir", {"status": "any"}).status_code == 403
