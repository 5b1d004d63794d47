"""A user of one clinic never reaches another clinic's patients or visits: 404, not 403."""

import pytest
from django.urls import reverse

from backpain.audit.models import AuditEvent
from backpain.patients.selectors import patients_for
from backpain.visits.selectors import visits_for
from tests.kept_filters import search_patients


@pytest.mark.parametrize(
    "name, key",
    [("patients:detail", "pk"), ("patients:edit", "pk"), ("visits:open", "patient_pk")],
)
def test_other_clinics_patient_answers_404(physician_client, other_patient, name, key):
    response = physician_client.get(reverse(name, kwargs={key: other_patient.pk}))
    assert response.status_code == 404
    assert b"Secret" not in response.content


def test_other_clinics_visit_answers_404(intake_client, other_visit):
    response = intake_client.get(reverse("visits:detail", kwargs={"pk": other_visit.pk}))
    assert response.status_code == 404


def test_posting_to_other_clinics_patient_changes_nothing(physician_client, other_patient):
    response = physician_client.post(
        reverse("patients:edit", kwargs={"pk": other_patient.pk}),
        {
            "mrn": "X",
            "family_name": "Hacked",
            "given_name": "H",
            "date_of_birth": "1970-01-01",
            "sex": "male",
        },
    )
    assert response.status_code == 404
    other_patient.refresh_from_db()
    assert other_patient.family_name == "Secret"


def test_opening_a_visit_for_other_clinics_patient_is_refused(physician_client, other_patient):
    response = physician_client.post(
        reverse("visits:open", kwargs={"patient_pk": other_patient.pk}),
        {"visit_date": "2026-01-02", "visit_type": "new"},
    )
    assert response.status_code == 404
    assert not other_patient.visits.exists()


def test_list_and_search_show_only_own_clinic(physician_client, patient, other_patient):
    response = physician_client.get(reverse("patients:list"))
    assert patient.family_name.upper().encode() in response.content
    assert b"SECRET" not in response.content
    response = search_patients(physician_client, "Secret")
    assert b"SECRET" not in response.content
    assert b"No patient matches" in response.content


def test_selectors_are_scoped(physician, patient, other_patient, visit, other_visit):
    assert list(patients_for(physician)) == [patient]
    assert list(visits_for(physician)) == [visit]


def test_no_view_event_for_a_refused_read(physician_client, other_patient):
    physician_client.get(reverse("patients:detail", kwargs={"pk": other_patient.pk}))
    assert not AuditEvent.objects.filter(patient_id=other_patient.pk).exists()
