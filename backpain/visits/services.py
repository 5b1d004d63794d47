"""State changes of visits: each runs in one transaction and writes its audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backpain.accounts.selectors import physicians_of_clinic
from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import Visit, VisitStatus


def visit_date_problem(visit_date, patient) -> str | None:
    """Why a visit date is impossible for this patient, or None."""
    if visit_date > timezone.localdate():
        return "The visit date cannot be in the future."
    if visit_date < patient.date_of_birth:
        return "The visit date is before the patient's date of birth."
    return None


def open_visit(
    *,
    user,
    patient,
    visit_date,
    visit_type,
    chief_complaint="",
    assigned_physician=None,
    request=None,
) -> Visit:
    """Open a draft visit for a patient of the user's clinic."""
    if patient.clinic_id != user.clinic_id:
        raise ValidationError("This patient belongs to another clinic.")
    if problem := visit_date_problem(visit_date, patient):
        raise ValidationError({"visit_date": problem})
    if assigned_physician is None and user.is_physician:
        assigned_physician = user
    if (
        assigned_physician is not None
        and not physicians_of_clinic(user.clinic_id).filter(pk=assigned_physician.pk).exists()
    ):
        raise ValidationError({"assigned_physician": "Choose a physician of this clinic."})
    with transaction.atomic():
        visit = Visit.objects.create(
            patient=patient,
            visit_date=visit_date,
            visit_type=visit_type,
            chief_complaint=chief_complaint,
            assigned_physician=assigned_physician,
            status=VisitStatus.DRAFT,
            created_by=user,
        )
        record_event(
            action=AuditAction.VISIT_OPENED,
            request=request,
            user=user,
            obj=visit,
            patient_id=patient.pk,
            details={"visit_date": visit_date.isoformat(), "visit_type": visit_type},
        )
    return visit
