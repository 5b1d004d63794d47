"""T-27 Mass assignment: fields a form does not offer (status, signer, patient, clinic,
is_staff, version, owner ids) are ignored when added to a POST."""

import datetime

from django.urls import reverse

from backpain.accounts.models import User
from backpain.notes.models import Signature
from backpain.patients.models import Patient
from backpain.visits.models import History, StepRevision, Visit, VisitStatus

from .helpers import current_version, step_url


def forged(visit, other, user):
    return {"status": VisitStatus.SIGNED, "signed_by": user.pk, "signer": user.pk,
            "patient": other.pk, "patient_id": other.pk, "visit": other.pk,
            "visit_id": other.pk, "clinic": other.patient.clinic_id, "is_staff": "on",
            "is_superuser": "on", "updated_by": other.created_by_id, "created_by": user.pk,
            "assigned_physician": other.assigned_physician_id, "id": "999",
            "pk": "999", "intake_completed_at": "2001-01-01T00:00:00Z"}


def test_a_step_post_changes_only_the_steps_own_fields(intake_client, intake, visit,
                                                       other_visit):
    loaded = current_version(visit)
    data = {"version": loaded, "pain_now": "4", **forged(visit, other_visit, intake)}
    response = intake_client.post(step_url(visit, "history"), data)
    assert response.status_code == 302
    history = History.objects.get(visit=visit)
    assert (history.visit_id, history.pain_now, history.updated_by_id) == (visit.pk, 4,
                                                                          intake.pk)
    fresh = Visit.objects.get(pk=visit.pk)
    assert fresh.status == VisitStatus.DRAFT and fresh.patient_id == visit.patient_id
    assert fresh.version == loaded + 1  # bumped by one, whatever version was posted
    assert fresh.intake_completed_at is None and fresh.created_by_id == visit.created_by_id
    assert not History.objects.filter(visit=other_visit).exists()
    assert not Signature.objects.exists()
    intake.refresh_from_db()
    assert not intake.is_staff and not intake.is_superuser


def test_a_posted_version_cannot_set_the_visits_version(intake_client, visit):
    response = intake_client.post(step_url(visit, "history"), {"version": "999",
                                                               "pain_now": "4"})
    assert response.status_code == 302
    assert Visit.objects.get(pk=visit.pk).version == visit.version + 1
    assert StepRevision.objects.get(visit=visit).version == visit.version + 1


def test_patient_registration_ignores_clinic_and_ids(intake_client, intake, other_clinic):
    response = intake_client.post(reverse("patients:register"), {
        "mrn": "RSC-77", "family_name": "Mensah", "given_name": "Ama",
        "date_of_birth": "1980-02-03", "sex": "female", "clinic": other_clinic.pk,
        "clinic_id": other_clinic.pk, "id": "999", "created_at": "2001-01-01T00:00:00Z"})
    assert response.status_code == 302
    patient = Patient.objects.get(mrn="RSC-77")
    assert patient.clinic_id == intake.clinic_id and patient.pk != 999
    assert patient.created_at.date() == datetime.date.today()


def test_patient_edit_cannot_move_a_patient_to_another_clinic(intake_client, patient,
                                                              other_clinic):
    response = intake_client.post(reverse("patients:edit", kwargs={"pk": patient.pk}), {
        "mrn": patient.mrn, "family_name": "Okafor", "given_name": "Chinedu",
        "date_of_birth": "1970-05-17", "sex": "female", "clinic": other_clinic.pk})
    assert response.status_code == 302
    assert Patient.objects.get(pk=patient.pk).clinic_id == patient.clinic_id


def test_opening_a_visit_ignores_status_owner_and_version(intake_client, intake, patient,
                                                          other_visit, physician):
    response = intake_client.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}), {
        **forged(other_visit, other_visit, physician), "visit_date":
        datetime.date.today().isoformat(), "visit_type": "new", "chief_complaint": "Back pain",
        "assigned_physician": physician.pk, "version": "999"})
    assert response.status_code == 302
    visit = Visit.objects.exclude(pk=other_visit.pk).get()
    assert (visit.status, visit.version, visit.created_by_id, visit.patient_id) == (
        VisitStatus.DRAFT, 1, intake.pk, patient.pk)
    assert visit.intake_completed_at is None


def test_a_physician_of_another_clinic_cannot_be_assigned(intake_client, patient,
                                                          other_visit):
    outsider = other_visit.assigned_physician
    response = intake_client.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}), {
        "visit_date": datetime.date.today().isoformat(), "visit_type": "new",
        "assigned_physician": outsider.pk})
    assert response.status_code == 200 and "assigned_physician" in response.context["form"].errors
    assert not Visit.objects.filter(assigned_physician=outsider, patient=patient).exists()
    assert User.objects.get(pk=outsider.pk).clinic_id != patient.clinic_id
