"""App config for patients."""

from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "backpain.patients"
    label = "patients"

    def ready(self):
        from backpain.audit.readable import PATIENT_NAMERS
        from backpain.audit.selectors import PATIENT_FINDERS

        from .audit_names import patient_names
        from .models import Patient

        # The audit trail's patient filter takes this clinic's MRNs.
        PATIENT_FINDERS.append(lambda clinic_id, mrn: Patient.objects.filter(
            clinic_id=clinic_id, mrn__iexact=mrn).values("pk"))
        # The audit page shows each event's patient by name and MRN.
        PATIENT_NAMERS.append(patient_names)
