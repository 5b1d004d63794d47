"""The audit page names the patients of its events by name and MRN (audit.readable)."""

from django.urls import reverse

from backpain.audit.readable import Named

from .models import Patient


def patient_names(reader, patient_ids) -> dict[int, Named]:
    """The reader's clinic's patients among `patient_ids`, in one query; a link only for a
    reader who may open the patient's page."""
    linked = reader.has_perm("patients.view_patient")
    return {patient.pk: Named(patient.full_name, mrn=patient.mrn,
                              url=reverse("patients:detail", kwargs={"pk": patient.pk})
                              if linked else "")
            for patient in Patient.objects.filter(clinic_id=reader.clinic_id, pk__in=patient_ids)
            .only("pk", "family_name", "given_name", "mrn")}
