"""The course of treatment of an episode: treatments added with their start date, the response
recorded at the next visit. Each change runs in one transaction and writes its audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import Treatment, TreatmentKind


def start_date_problem(start_date, episode) -> str | None:
    if start_date > timezone.localdate():
        return _("The start date cannot be in the future: add a treatment once it has started.")
    if start_date < episode.patient.date_of_birth:
        return _("The start date is before the patient's date of birth.")
    return None


def add_treatment(*, user, episode, kind, detail, start_date, request=None) -> Treatment:
    """A treatment tried in the episode, from `start_date`; "other" is named in words."""
    if not user.has_perm("episodes.add_treatment"):
        raise PermissionDenied
    if not episode.is_open:
        raise ValidationError(_("This episode is closed: reopen it to add a treatment."))
    detail = detail.strip()
    if kind == TreatmentKind.OTHER and not detail:
        raise ValidationError({"detail": _("Name the treatment in words.")})
    if problem := start_date_problem(start_date, episode):
        raise ValidationError({"start_date": problem})
    with transaction.atomic():
        treatment = Treatment.objects.create(episode=episode, kind=kind, detail=detail,
                                             start_date=start_date, created_by=user)
        record_event(action=AuditAction.TREATMENT_ADDED, request=request, user=user,
                     obj=treatment, patient_id=episode.patient_id,
                     details={"episode": episode.pk, "kind": kind,
                              "start_date": start_date.isoformat()})
    return treatment


def record_response(*, user, treatment, response, response_note, request=None) -> Treatment:
    """The patient's response to the treatment, as said at the next visit (dated today)."""
    if not user.has_perm("episodes.change_treatment"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Treatment.objects.select_for_update().get(pk=treatment.pk)
        locked.response, locked.response_note = response, response_note.strip()
        locked.response_on = timezone.localdate() if response else None
        locked.save(update_fields=["response", "response_note", "response_on"])
        record_event(action=AuditAction.TREATMENT_RESPONSE, request=request, user=user,
                     obj=locked, patient_id=treatment.episode.patient_id,
                     details={"response": response or "not recorded"})
    return locked
