"""Registering and editing patients, each change audited in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import Patient

PATIENT_FIELDS = ("mrn", "family_name", "given_name", "date_of_birth", "sex")
MRN_TAKEN = gettext_lazy(
    "This medical record number is already used by another patient of this clinic.")


def register_patient(*, user, request=None, **fields) -> Patient:
    patient = Patient(clinic_id=user.clinic_id, **{f: fields[f] for f in PATIENT_FIELDS})
    patient.full_clean(exclude=["clinic"], validate_constraints=False)
    try:
        with transaction.atomic():
            patient.save()
            record_event(
                action=AuditAction.PATIENT_CREATED,
                request=request,
                user=user,
                obj=patient,
                patient_id=patient.pk,
            )
    except IntegrityError as error:
        # Two registrations racing for the same MRN: the database constraint decides.
        raise ValidationError({"mrn": MRN_TAKEN}) from error
    return patient


def audit_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def update_patient(*, user, patient: Patient, request=None, **fields) -> Patient:
    changed = [f for f in PATIENT_FIELDS if getattr(patient, f) != fields[f]]
    # The audit keeps each change as [old, new]: the previous value is never lost.
    changes = {f: [audit_value(getattr(patient, f)), audit_value(fields[f])] for f in changed}
    for field in changed:
        setattr(patient, field, fields[field])
    patient.full_clean(exclude=["clinic"], validate_constraints=False)
    if not changed:
        return patient
    try:
        with transaction.atomic():
            patient.save()
            record_event(
                action=AuditAction.PATIENT_EDITED,
                request=request,
                user=user,
                obj=patient,
                patient_id=patient.pk,
                details={"changed_fields": changed, "changes": changes},
            )
    except IntegrityError as error:
        raise ValidationError({"mrn": MRN_TAKEN}) from error
    return patient
