"""Patient screens as clinic staff use them: search, register, edit, view."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backpain.audit.models import AuditAction, AuditEvent
from backpain.patients import views as patient_views
from backpain.patients.models import Patient
from tests.factories import PatientFactory
from tests.kept_filters import search_patients


def registration(**overrides):
    data = {
        "mrn": "RSC-777",
        "family_name": "Whitfield",
        "given_name": "Eleanor",
        "date_of_birth": "1951-11-02",
        "sex": "female",
    }
    data.update(overrides)
    return data


def test_register_patient(intake_client, intake):
    response = intake_client.post(reverse("patients:register"), registration())
    patient = Patient.objects.get(mrn="RSC-777")
    assert response.status_code == 302
    assert response.url == reverse("patients:detail", kwargs={"pk": patient.pk})
    assert patient.clinic == intake.clinic
    assert patient.full_name == "WHITFIELD, Eleanor"
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_CREATED)
    assert (event.user, event.patient_id, event.clinic) == (intake, patient.pk, intake.clinic)


def test_register_ignores_a_posted_clinic(intake_client, intake, other_clinic):
    intake_client.post(reverse("patients:register"), registration(clinic=other_clinic.pk))
    assert Patient.objects.get(mrn="RSC-777").clinic == intake.clinic


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("date_of_birth", "2999-01-01", "Date of birth cannot be in the future."),
        ("date_of_birth", "1850-01-01", "more than 120 years ago"),
        ("date_of_birth", "not a date", "Enter a valid date."),
        ("family_name", "   ", "This field is required."),
        ("given_name", "", "This field is required."),
        ("sex", "robot", "Select a valid choice."),
        ("mrn", "", "This field is required."),
    ],
)
def test_invalid_registration_shows_the_field_message(intake_client, field, value, message):
    response = intake_client.post(reverse("patients:register"), registration(**{field: value}))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message.encode() in response.content or message in response.content.decode()
    assert not Patient.objects.exists()


def test_mrn_already_used_in_the_clinic(intake_client, patient):
    response = intake_client.post(reverse("patients:register"), registration(mrn=patient.mrn))
    assert "already used" in response.context["form"].errors["mrn"][0]
    assert Patient.objects.count() == 1


def test_same_mrn_is_allowed_in_another_clinic(intake_client, other_patient):
    response = intake_client.post(reverse("patients:register"), registration(mrn=other_patient.mrn))
    assert response.status_code == 302


def test_future_date_of_birth_is_refused_today_plus_one(intake_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = intake_client.post(
        reverse("patients:register"), registration(date_of_birth=tomorrow.isoformat())
    )
    assert "future" in response.context["form"].errors["date_of_birth"][0]
    today = timezone.localdate().isoformat()
    response = intake_client.post(reverse("patients:register"), registration(date_of_birth=today))
    assert response.status_code == 302


def test_unicode_names_are_kept(intake_client):
    intake_client.post(
        reverse("patients:register"), registration(family_name="Ó Súilleabháin", given_name="Zoë")
    )
    assert Patient.objects.get().family_name == "Ó Súilleabháin"


def test_edit_patient_audits_old_and_new_values(physician_client, patient):
    old_name, old_birth = patient.family_name, patient.date_of_birth.isoformat()
    response = physician_client.post(
        reverse("patients:edit", kwargs={"pk": patient.pk}),
        {
            "mrn": patient.mrn,
            "family_name": "Okafor-Smith",
            "given_name": patient.given_name,
            "date_of_birth": "1971-12-31",
            "sex": patient.sex,
        },
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.family_name == "Okafor-Smith"
    event = AuditEvent.objects.get(action=AuditAction.PATIENT_EDITED)
    assert event.details == {
        "changed_fields": ["family_name", "date_of_birth"],
        "changes": {"family_name": [old_name, "Okafor-Smith"],
                    "date_of_birth": [old_birth, "1971-12-31"]}}


def test_edit_keeping_own_mrn_is_not_a_duplicate(physician_client, patient):
    response = physician_client.post(
        reverse("patients:edit", kwargs={"pk": patient.pk}),
        {
            "mrn": patient.mrn,
            "family_name": patient.family_name,
            "given_name": "C.",
            "date_of_birth": "1970-05-17",
            "sex": "female",
        },
    )
    assert response.status_code == 302


def test_edit_to_another_patients_mrn_is_refused(physician_client, patient, clinic):
    PatientFactory(clinic=clinic, mrn="TAKEN")
    response = physician_client.post(
        reverse("patients:edit", kwargs={"pk": patient.pk}),
        {
            "mrn": "TAKEN",
            "family_name": "X",
            "given_name": "Y",
            "date_of_birth": "1970-05-17",
            "sex": "female",
        },
    )
    assert "already used" in response.context["form"].errors["mrn"][0]
    patient.refresh_from_db()
    assert patient.mrn == "RSC-1" and patient.family_name == "Okafor"


def test_patient_page_lists_visits_and_audits_the_view(intake_client, intake, patient, visit):
    response = intake_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert b"OKAFOR, Chinedu" in response.content
    assert reverse("visits:detail", kwargs={"pk": visit.pk}).encode() in response.content
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.PATIENT_VIEWED, user=intake, patient_id=patient.pk
        ).count()
        == 1
    )


def test_search_by_name_and_mrn(intake_client, clinic):
    PatientFactory(clinic=clinic, family_name="Nowak", given_name="Katarzyna", mrn="RSC-42")
    PatientFactory(clinic=clinic, family_name="Haddad", given_name="Omar", mrn="RSC-43")
    by_name = search_patients(intake_client, "nowa").content
    assert b"NOWAK" in by_name and b"HADDAD" not in by_name
    by_mrn = search_patients(intake_client, "rsc-43").content
    assert b"HADDAD" in by_mrn and b"NOWAK" not in by_mrn
    both = search_patients(intake_client, "omar haddad").content
    assert b"HADDAD" in both
    assert b"omar haddad" not in both.split(b"<form")[0]  # the term is in no link


def test_list_is_paginated_without_a_query_per_row(
    intake_client, clinic, django_assert_max_num_queries
):
    PatientFactory.create_batch(30, clinic=clinic)
    with django_assert_max_num_queries(8):
        first = intake_client.get(reverse("patients:list"))
    assert len(first.context["page"].object_list) == 25
    assert b"Page 1 of 2 (30 patients)" in first.content
    second = intake_client.get(reverse("patients:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5
    # A page number out of range or not a number shows a page, never an error.
    assert intake_client.get(reverse("patients:list"), {"page": "x"}).status_code == 200
    assert intake_client.get(reverse("patients:list"), {"page": 99}).status_code == 200


def test_a_large_clinics_list_counts_its_patients_only_up_to_a_bound(
        intake_client, clinic, monkeypatch):
    """Beyond COUNTED patients the list says "more than" instead of counting them all, and
    its pages still lead to every patient (issue 17: a page's cost must not grow with the
    clinic)."""
    monkeypatch.setattr(patient_views, "COUNTED", 20)
    PatientFactory.create_batch(30, clinic=clinic)
    with CaptureQueriesContext(connection) as queries:
        first = intake_client.get(reverse("patients:list"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 21" in counts[0], counts
    page = first.content.decode()
    assert "Page 1: patients 1 to 25 of more than 20" in page
    assert 'href="?page=2">Next' in page
    second = intake_client.get(reverse("patients:list"), {"page": 2}).content.decode()
    assert "Page 2: patients 26 to 30 of more than 20" in second
    assert "Next</a>" not in second and 'href="?page=1">Previous' in second
    listed = {p.mrn for response in (first, intake_client.get(reverse("patients:list"),
                                                               {"page": 2}))
              for p in response.context["page"].object_list}
    assert listed == set(Patient.objects.values_list("mrn", flat=True))
    past = intake_client.get(reverse("patients:list"), {"page": 3})
    assert past.status_code == 200
    assert "No more patients: this page is past the last of them." in past.content.decode()
    assert "No patients registered yet" not in past.content.decode()


def test_patient_names_are_escaped(intake_client, clinic):
    PatientFactory(clinic=clinic, family_name="<script>alert(1)</script>")
    content = intake_client.get(reverse("patients:list")).content
    assert b"<script>alert(1)" not in content.lower()
    assert b"&lt;SCRIPT&gt;" in content
