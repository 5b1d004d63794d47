"""State changes of visits: each runs in one transaction and writes its audit event."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from backpain.accounts.selectors import physicians_of_clinic
from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.episodes.services import first_visit_moved, start_episode

from . import assessments, drafts, lifecycle
from .models import DiagnosticStudy, StepRevision, Visit, VisitLocked, VisitStatus, VisitType


def visit_date_problem(visit_date, patient, *, booked=False) -> str | None:
    """Why a visit date is impossible for this patient, or None: only a visit booked ahead
    (status scheduled) may lie in the future, and it may not lie in the past."""
    if booked and visit_date < timezone.localdate():
        return _("A booked visit cannot be in the past: open the visit instead.")
    if not booked and visit_date > timezone.localdate():
        return _("The visit date cannot be in the future.")
    if visit_date < patient.date_of_birth:
        return _("The visit date is before the patient's date of birth.")
    return None


def open_visit(
    *,
    user,
    patient,
    visit_date,
    visit_type,
    chief_complaint="",
    assigned_physician=None,
    episode=None,
    condition="",
    request=None,
) -> Visit:
    """Open a draft visit for a patient of the user's clinic.

    A new-patient visit starts an episode of care (named by `condition`, or else the chief
    complaint); a follow-up or post-operative visit joins `episode`, an open episode of the
    patient, or starts one when none is given.
    """
    return create_visit(user=user, patient=patient, visit_date=visit_date,
                        visit_type=visit_type, chief_complaint=chief_complaint,
                        assigned_physician=assigned_physician, episode=episode,
                        condition=condition, request=request, booked=False)


def book_visit(*, user, patient, visit_date, visit_type, chief_complaint="",
               assigned_physician=None, episode=None, condition="", request=None) -> Visit:
    """Book a visit ahead (status scheduled): today or later; started on the day."""
    return create_visit(user=user, patient=patient, visit_date=visit_date,
                        visit_type=visit_type, chief_complaint=chief_complaint,
                        assigned_physician=assigned_physician, episode=episode,
                        condition=condition, request=request, booked=True)


def create_visit(*, user, patient, visit_date, visit_type, chief_complaint, assigned_physician,
                 episode, condition, request, booked) -> Visit:
    if patient.clinic_id != user.clinic_id:
        raise ValidationError(_("This patient belongs to another clinic."))
    if problem := visit_date_problem(visit_date, patient, booked=booked):
        raise ValidationError({"visit_date": problem})
    if visit_type != VisitType.NEW and episode is not None and (
            episode.patient_id != patient.pk or not episode.is_open):
        raise ValidationError({"episode": _("Choose an open episode of this patient.")})
    if assigned_physician is None and user.has_perm("visits.sign_visit"):
        assigned_physician = user
    if (
        assigned_physician is not None
        and not physicians_of_clinic(user.clinic_id).filter(pk=assigned_physician.pk).exists()
    ):
        raise ValidationError({"assigned_physician": _("Choose a physician of this clinic.")})
    with transaction.atomic():
        if visit_type == VisitType.NEW or episode is None:
            episode = start_episode(user=user, patient=patient,
                                    condition=condition or chief_complaint,
                                    start_date=visit_date, request=request)
        visit = Visit.objects.create(
            patient=patient,
            episode=episode,
            visit_date=visit_date,
            visit_type=visit_type,
            chief_complaint=chief_complaint,
            assigned_physician=assigned_physician,
            status=VisitStatus.SCHEDULED if booked else VisitStatus.DRAFT,
            created_by=user,
        )
        record_event(
            action=AuditAction.VISIT_BOOKED if booked else AuditAction.VISIT_OPENED,
            request=request,
            user=user,
            obj=visit,
            patient_id=patient.pk,
            details={"visit_date": visit_date.isoformat(), "visit_type": visit_type,
                     "episode": episode.pk},
        )
    return visit


def start_visit(*, user, visit, request=None) -> Visit:
    """The booked patient is here: the scheduled visit becomes a draft dated today."""
    if not user.has_perm("visits.add_visit"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.status != VisitStatus.SCHEDULED:
            raise ValidationError(_("This visit was already started."))
        booked_for = locked.visit_date
        lifecycle.move(locked, VisitStatus.DRAFT)
        locked.visit_date = timezone.localdate()
        locked.save(update_fields=["status", "visit_date", "updated_at"])
        first_visit_moved(locked.episode_id, booked_for, locked.visit_date)
        record_event(action=AuditAction.VISIT_STARTED, request=request, user=user, obj=locked,
                     patient_id=locked.patient_id,
                     details={"booked_for": booked_for.isoformat(),
                              "visit_date": locked.visit_date.isoformat()})
    return locked


class StepConflict(Exception):
    """Someone saved this step after the version the writer loaded."""

    def __init__(self, *, newer_revisions, current_version):
        super().__init__("The step was saved by someone else meanwhile.")
        self.newer_revisions = newer_revisions
        self.current_version = current_version


@dataclass
class StudyChanges:
    """The studies a diagnostics save changes: (id, or None for a new one, values) to save,
    and the ids to remove."""

    saved: list[tuple[int | None, dict]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def onset_date_problem(values, visit) -> str | None:
    onset_date = values.get("onset_date")
    if onset_date and onset_date > visit.visit_date:
        return _("The episode cannot start after the visit date.")
    return None


def save_step(*, user, visit, step, values, studies=None, loaded_version, request=None):
    """Save one step's validated values (and its studies), or refuse without saving anything.

    Raises PermissionDenied for a user who may not edit the step, VisitLocked once signed,
    ValidationError for values that contradict the visit, and StepConflict when someone
    else saved this step after `loaded_version`.
    """
    if not step.can_edit(user):
        raise PermissionDenied(f"{step.title} is completed by the physician.")
    if problem := onset_date_problem(values, visit):
        raise ValidationError({"onset_date": problem})
    with transaction.atomic(), assessments.deferred() as hold:
        # The row lock serialises concurrent saves of one visit (a no-op on SQLite, whose
        # writes are serialised anyway); the steps come with it, read once for the whole save
        # and for its assessment at the end.
        locked = hold(locked_with_steps(visit.pk))
        if locked.is_signed:
            raise VisitLocked
        if locked.status == VisitStatus.SCHEDULED:
            raise ValidationError(_("This visit is booked: start it when the patient is here."))
        # Every save raises the visit's version and records its revision at the new one, so
        # a visit still at the version the writer loaded has no newer revision to look for.
        newer = [] if locked.version <= loaded_version else list(
            StepRevision.objects.filter(visit=locked, step=step.slug, version__gt=loaded_version)
            .select_related("saved_by")
            .order_by("version")
        )
        if newer:
            raise StepConflict(newer_revisions=newer, current_version=locked.version)
        before = step.snapshot(locked)
        record = step.record_of(locked) or step.model(visit=locked)
        save_values(record, values, user)
        # The saved record is the visit's from now on: nothing is read again to know it.
        setattr(locked, step.related_name, record)
        if studies is not None:
            save_studies(locked, studies, user)
            prefetch_related_objects([reset_studies(locked)], "studies")
        locked.version += 1
        lifecycle.move(locked, lifecycle.readiness(locked))
        locked.save(update_fields=["version", "status", "updated_at"])
        after = step.snapshot(locked)
        changed = sorted(name for name in after if after[name] != before.get(name))
        StepRevision.objects.create(
            visit=locked, step=step.slug, version=locked.version, data=after, saved_by=user
        )
        record_event(
            action=AuditAction.STEP_SAVED, request=request, user=user, obj=locked,
            patient_id=locked.patient_id,
            details={"step": step.slug, "version": locked.version, "changed_fields": changed},
        )
        # The saver's autosaved draft of the step is what was just saved: it goes with the
        # save (in its transaction: kept if the save is not).
        drafts.discard(user, locked, step)
    return locked


def save_values(record, values, user):
    for name, value in values.items():
        record._meta.get_field(name).save_form_data(record, value)
    record.updated_by = user
    record.save()


def save_studies(visit, changes: StudyChanges, user):
    own = {study.pk: study for study in DiagnosticStudy.objects.filter(visit=visit)}
    for pk, values in changes.saved:
        save_values(own[pk] if pk in own else DiagnosticStudy(visit=visit), values, user)
    for pk in changes.deleted:
        if pk in own:
            own[pk].delete()


class IntakeIncomplete(Exception):
    """The intake lacks answers the physician needs: `missing` holds (step, field name)."""

    def __init__(self, missing):
        super().__init__("The intake lacks required answers.")
        self.missing = missing


def complete_intake(*, user, visit, request=None):
    """Intake staff hand the visit over: it appears in the assigned physician's queue.

    Raises VisitLocked once signed, IntakeIncomplete while a required intake answer is missing.
    """
    if not user.has_perm("visits.change_visit"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.is_signed:
            raise VisitLocked
        if locked.intake_completed_at is None and (
                missing := lifecycle.intake_missing(visit_with_steps(locked.pk))):
            raise IntakeIncomplete(missing)
        if lifecycle.complete_intake(locked, user):
            locked.save(update_fields=["intake_completed_at", "intake_completed_by", "updated_at"])
            record_event(action=AuditAction.INTAKE_COMPLETED, request=request, user=user,
                         obj=locked, patient_id=locked.patient_id)
    return locked


def visit_with_steps(pk):
    from .selectors import VISIT_WITH_STEPS

    return VISIT_WITH_STEPS.get(pk=pk)


def locked_with_steps(pk):
    """The visit, its row locked until the transaction ends, with its steps joined in (the
    steps' rows are not locked: `of` keeps the lock on the visit, as PostgreSQL requires for
    the outer joins of steps not yet saved)."""
    from .selectors import LOCKED_WITH_STEPS

    return LOCKED_WITH_STEPS.get(pk=pk)


def reset_studies(visit):
    """The visit without its prefetched studies, so that they are read again once."""
    getattr(visit, "_prefetched_objects_cache", {}).pop("studies", None)
    return visit
