"""The life of a visit, owned here: every change of its status, and the hand-over of the
intake, goes through `move` or `complete_intake`, against one table of allowed transitions.

    scheduled ──(the booked patient is here: started)──> draft
    draft ──(every required answer saved)──> awaiting_signature ──(signed)──> signed
      ^                                          │                              │
      └──(a required answer removed)─────────────┘                  (addendum)  v
    draft ──(signed: the signing checks what is missing)──> signed        amended ─┐
                                                                             ^      │
                                                                             └──────┘

A scheduled visit is booked ahead, the only status whose date may lie in the future; nothing
is documented on it until it is started.

The intake's hand-over to the physician is a moment, not a status: `intake_completed_at`.

A small explicit table rather than django-fsm-2: seven transitions, read in one place, need no
dependency, and the services already hold the row lock and the transaction a transition runs
in; a decorator library would hide the table across the model.
"""

from django.utils import timezone

from .models import Visit, VisitStatus

SCHEDULED, DRAFT, AWAITING, SIGNED, AMENDED = (
    VisitStatus.SCHEDULED, VisitStatus.DRAFT, VisitStatus.AWAITING_SIGNATURE,
    VisitStatus.SIGNED, VisitStatus.AMENDED)
# (from, to) -> why the visit may move so.
TRANSITIONS = {
    (SCHEDULED, DRAFT): "the booked patient is here: the visit is started",
    (DRAFT, AWAITING): "every answer required to sign is saved",
    (AWAITING, DRAFT): "a required answer was removed",
    (DRAFT, SIGNED): "signed (the signing itself refuses a note with missing answers)",
    (AWAITING, SIGNED): "signed",
    (SIGNED, AMENDED): "a signed addendum",
    (AMENDED, AMENDED): "another signed addendum",
}


class InvalidTransition(Exception):
    """A status change the table does not allow (a signed note never goes back)."""


def allowed(current: str, target: str) -> bool:
    """Whether the table allows the move; an unsigned visit may stay as it is."""
    return (current, target) in TRANSITIONS or (current == target and current in (DRAFT,
                                                                                   AWAITING))


def move(visit: Visit, target: str) -> Visit:
    """Set the visit's status to `target` if the table allows it (not saved here: the
    service saves the locked row with its other changes)."""
    if not allowed(visit.status, target):
        raise InvalidTransition(f"A visit cannot go from {visit.status} to {target}.")
    visit.status = target
    return visit


def readiness(visit_with_steps) -> str:
    """Draft or awaiting signature, by whether anything required to sign is missing; a signed
    visit keeps its status."""
    from .steps import missing_to_sign

    if visit_with_steps.is_signed:
        return visit_with_steps.status
    return DRAFT if missing_to_sign(visit_with_steps) else AWAITING


def intake_missing(visit_with_steps) -> list:
    """The (step, field name) pairs the intake steps still lack: the intake is not handed over
    without them."""
    from .steps import STEPS

    return [(step, name) for step in STEPS if step.intake
            for name in step.missing_fields(visit_with_steps)]


def complete_intake(visit: Visit, user) -> bool:
    """Hand the visit to the physician's queue (once); True when this call did."""
    if visit.intake_completed_at is not None:
        return False
    visit.intake_completed_at = timezone.now()
    visit.intake_completed_by = user
    return True
