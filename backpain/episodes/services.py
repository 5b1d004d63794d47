"""State changes of episodes of care: each runs in one transaction and writes its audit event."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import Episode, EpisodeStatus, IndexEvent


def start_episode(*, user, patient, condition, start_date, request=None) -> Episode:
    """A new open episode whose index event is its first visit (on `start_date`)."""
    with transaction.atomic():
        episode = Episode.objects.create(
            patient=patient, condition=condition.strip() or _("Back pain"),
            start_date=start_date, index_event=IndexEvent.FIRST_VISIT, index_date=start_date,
            created_by=user)
        record_event(action=AuditAction.EPISODE_STARTED, request=request, user=user,
                     obj=episode, patient_id=patient.pk,
                     details={"start_date": start_date.isoformat()})
    return episode


def first_visit_moved(episode_id, booked_for, visit_date) -> None:
    """A booked first visit started on another day: an episode it began (and the only visit of
    it) counts from the day the patient came, not the day booked."""
    Episode.objects.filter(pk=episode_id, index_event=IndexEvent.FIRST_VISIT,
                           index_date=booked_for, start_date=booked_for).annotate(
        visit_count=Count("visits")).filter(visit_count=1).update(
        start_date=visit_date, index_date=visit_date)


def index_date_problem(index_date, episode) -> str | None:
    if index_date > timezone.localdate():
        return _("The index date cannot be in the future.")
    if index_date < episode.patient.date_of_birth:
        return _("The index date is before the patient's date of birth.")
    return None


def edit_episode(*, user, episode, condition, index_event, index_date, request=None) -> Episode:
    """Change what the episode is about and the date its follow-ups are measured from."""
    if not user.has_perm("episodes.change_episode"):
        raise PermissionDenied
    if problem := index_date_problem(index_date, episode):
        raise ValidationError({"index_date": problem})
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk)
        changed = {name: str(value) for name, value in
                   (("condition", condition), ("index_event", index_event),
                    ("index_date", index_date)) if getattr(locked, name) != value}
        locked.condition, locked.index_event, locked.index_date = (condition, index_event,
                                                                    index_date)
        locked.save(update_fields=["condition", "index_event", "index_date"])
        record_event(action=AuditAction.EPISODE_EDITED, request=request, user=user, obj=locked,
                     patient_id=locked.patient_id, details={"changed": sorted(changed)})
    return locked


def close_episode(*, user, episode, request=None) -> Episode:
    """Close the episode: its follow-ups leave the work lists; no visit joins it by default."""
    return set_status(user, episode, EpisodeStatus.CLOSED, AuditAction.EPISODE_CLOSED, request)


def reopen_episode(*, user, episode, request=None) -> Episode:
    return set_status(user, episode, EpisodeStatus.OPEN, AuditAction.EPISODE_REOPENED, request)


def set_status(user, episode, status, action, request) -> Episode:
    if not user.has_perm("episodes.change_episode"):
        raise PermissionDenied
    with transaction.atomic():
        locked = Episode.objects.select_for_update().get(pk=episode.pk)
        if locked.status != status:
            locked.set_status(status, timezone.localdate())
            locked.save(update_fields=["status", "closed_on"])
            record_event(action=action, request=request, user=user, obj=locked,
                         patient_id=locked.patient_id)
    return locked
