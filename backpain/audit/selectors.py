"""Reads of the audit trail: only the events of the reader's clinic."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from .models import AuditAction, AuditEvent

EXPORT_ENDS = (AuditAction.EXPORTED, AuditAction.EXPORT_INTERRUPTED, AuditAction.EXPORT_FAILED)


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    patient: str = ""  # a patient id or an MRN
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_audit(self) -> dict:
        return {name: value.isoformat() if isinstance(value, date) else value
                for name, value in asdict(self).items() if value}


# Who can turn a typed identifier (an MRN) into patient ids of a clinic: registered by the
# patients app, which stands on the audit trail (the trail names none of the apps above it).
PATIENT_FINDERS: list[Callable[[int, str], Any]] = []  # (clinic_id, text) -> patient ids


def events_for(user, filters: AuditFilters):
    """The clinic's events matching the filters, newest first. Dates are the clinic's days."""
    events = AuditEvent.objects.filter(clinic_id=user.clinic_id)
    if filters.username:
        events = events.filter(username__iexact=filters.username)
    if filters.patient:
        # An MRN of this clinic, or a patient id (which another clinic's events never match).
        matches = Q(pk__in=[])
        for find in PATIENT_FINDERS:
            matches |= Q(patient_id__in=find(user.clinic_id, filters.patient))
        if filters.patient.isdigit():
            matches |= Q(patient_id=int(filters.patient))
        events = events.filter(matches)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.date_from:
        events = events.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_at__date__lte=filters.date_to)
    return events.order_by("-occurred_at", "-id")


def mark_unfinished_exports(events: list) -> list:
    """Mark each `export_started` among `events` that no end event names: an export still
    running, or one whose server process was killed (it could write no end). One query."""
    started = [event.pk for event in events if event.action == AuditAction.EXPORT_STARTED]
    ended = set(AuditEvent.objects.filter(
        action__in=EXPORT_ENDS, details__export_started__in=started,
    ).values_list("details__export_started", flat=True)) if started else set()
    for event in events:
        event.export_unfinished = (event.action == AuditAction.EXPORT_STARTED
                                   and event.pk not in ended)
    return events
