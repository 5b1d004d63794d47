"""T-25 IDOR read: staff of another clinic who walk the ids of this clinic's patients, visits,
notes and PDFs get 404 with no patient data in the answer, whatever their role; a
colleague never sees another user's unsaved draft; each refusal is audited."""

import pytest
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.patients.models import Patient
from backpain.visits.models import StepDraft, Visit
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD
from tests.kept_filters import audit_page

from .helpers import body, export_download, step_url

STEPS = ["history", "questionnaires", "examination", "diagnostics", "assessment", "plan"]


def phi_of(patient):
    return [patient.family_name, patient.given_name, patient.mrn, "Low back pain"]


def urls_of(visit):
    patient = {"pk": visit.patient_id}
    pk = {"pk": visit.pk}
    return [
        ("get", reverse("patients:detail", kwargs=patient)),
        ("get", reverse("patients:edit", kwargs=patient)),
        ("post", reverse("patients:edit", kwargs=patient)),
        ("get", reverse("visits:open", kwargs={"patient_pk": visit.patient_id})),
        ("get", reverse("visits:detail", kwargs=pk)),
        *[("get", step_url(visit, slug)) for slug in STEPS],
        ("post", reverse("visits:intake_complete", kwargs=pk)),
        ("get", reverse("notes:review", kwargs=pk)),
        ("post", reverse("notes:sign", kwargs=pk)),
        ("get", reverse("notes:addendum", kwargs=pk)),
        ("get", reverse("notes:download", kwargs={**pk, "number": 1})),
        ("get", reverse("notes:download", kwargs={**pk, "number": 2})),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_another_clinic_gets_404_and_no_phi(outsiders, signed_visit, role):
    client = client_for(outsiders[role])
    for method, url in urls_of(signed_visit):
        response = getattr(client, method)(url)
        # A role that may not use the page at all gets 403 before any lookup; either way
        # nothing of the patient is in the answer.
        assert response.status_code in (403, 404), (method, url, response.status_code)
        content = body(response).decode(errors="replace")
        for phi in phi_of(signed_visit.patient):
            assert phi not in content, (url, phi)


def ids_around(model) -> range:
    ids = model.objects.values_list("pk", flat=True)
    return range(max(1, min(ids) - 3), max(ids) + 3)


def test_walking_the_ids_finds_nothing_of_this_clinic(outsiders, signed_visit, other_visit):
    physician = client_for(outsiders[Role.PHYSICIAN])
    ours_patients = set(Patient.objects.filter(clinic=signed_visit.patient.clinic)
                        .values_list("pk", flat=True))
    ours_visits = set(Visit.objects.filter(patient__clinic=signed_visit.patient.clinic)
                      .values_list("pk", flat=True))
    # Every id that exists, and a few either side (PostgreSQL's sequences keep counting
    # across the suite's rolled-back tests, so the ids start wherever the suite has got to).
    for pk in ids_around(Patient):
        patient = physician.get(reverse("patients:detail", kwargs={"pk": pk})).status_code
        if pk in ours_patients:
            assert patient == 404
    for pk in ids_around(Visit):
        visit = physician.get(reverse("visits:detail", kwargs={"pk": pk})).status_code
        note = physician.get(reverse("notes:download", kwargs={"pk": pk, "number": 1}))
        if pk in ours_visits:
            assert visit == 404 and note.status_code == 404
    # The outsider's own records still answer: the 404s are not a broken page.
    assert physician.get(reverse("visits:detail",
                                 kwargs={"pk": other_visit.pk})).status_code == 200


def test_another_clinics_administrator_sees_none_of_these_events(outsiders, signed_visit):
    client = client_for(outsiders[Role.ADMINISTRATOR])
    page = audit_page(client, {"patient": str(signed_visit.patient_id)})
    assert page.status_code == 200 and not page.context["page"].object_list
    export = export_download(client, "exports:csv", {"status": "any", "password": TEST_PASSWORD})
    assert export.status_code == 200
    content = body(export).decode("utf-8-sig")
    for phi in phi_of(signed_visit.patient)[:3]:
        assert phi not in content


def test_a_colleague_never_sees_another_users_draft(intake, physician_client, visit):
    StepDraft.objects.create(visit=visit, step="history", user=intake,
                             data={"pain_now": ["9"], "version": [str(visit.version)]})
    page = physician_client.get(step_url(visit, "history"))
    assert page.status_code == 200 and not page.context["restored_draft"]
    assert 'value="9"' not in page.content.decode()


def test_each_refusal_is_audited(outsiders, signed_visit):
    client = client_for(outsiders[Role.PHYSICIAN])
    client.get(reverse("visits:detail", kwargs={"pk": signed_visit.pk}))
    client.get(reverse("patients:detail", kwargs={"pk": signed_visit.patient_id}))
    denials = AuditEvent.objects.filter(user=outsiders[Role.PHYSICIAN],
                                        action=AuditAction.PERMISSION_DENIED)
    assert denials.count() == 2
