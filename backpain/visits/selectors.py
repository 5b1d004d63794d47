"""Reads of visits, always scoped to the acting user's clinic."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Visit
from .models.visit import OPEN_STATUSES, SIGNED_STATUSES
from .steps import STEP_RELATIONS


def with_steps(visits):
    """Visits with every step record joined in, and their studies: two queries in all."""
    return visits.select_related("patient__clinic", "episode", "assigned_physician",
                                 "stored_assessment",
                                 *STEP_RELATIONS).prefetch_related(
        "studies"
    )


def signed_before(visit):
    """The signed visits of the same episode of care dated before this one, the most recent
    first: what a visit is compared with and starts from. The one place that says which visits
    came before."""
    return Visit.objects.filter(
        patient_id=visit.patient_id, episode_id=visit.episode_id, status__in=SIGNED_STATUSES,
        visit_date__lt=visit.visit_date,
    ).exclude(pk=visit.pk).order_by("-visit_date", "-id")


def previous_signed_visit(visit):
    """The visit the engine compares this one with (steps joined in), or None."""
    return with_steps(signed_before(visit)).first()


def later_unsigned_visits(visit):
    """The unsigned visits of the same episode after this one: what a signature here changes
    the comparison of."""
    return Visit.objects.filter(patient_id=visit.patient_id, episode_id=visit.episode_id,
                                visit_date__gt=visit.visit_date
                                ).exclude(status__in=SIGNED_STATUSES)


def visits_for(user):
    return Visit.objects.filter(patient__clinic_id=user.clinic_id).select_related(
        "patient", "assigned_physician"
    )


def visit_for(user, pk):
    """One visit of the user's clinic; any other id answers 404."""
    return get_object_or_404(visits_for(user), pk=pk)


def visit_with_steps_for(user, pk):
    return get_object_or_404(with_steps(visits_for(user)), pk=pk)


def visits_of_patient(user, patient):
    return visits_for(user).filter(patient=patient)


def visits_on(user, day):
    return visits_for(user).filter(visit_date=day).order_by("patient__family_name", "id")


def incomplete_intakes(user):
    """Open visits whose intake is not handed over, the oldest first (read through the
    `visit_intake_open` index: the signed history is never scanned)."""
    return visits_for(user).filter(
        intake_completed_at__isnull=True, status__in=OPEN_STATUSES
    ).order_by("visit_date", "id")


def physician_queue(user):
    """Visits awaiting this physician: handed over by intake, or opened by the physician
    (read through the `visit_open_by_physician` index)."""
    return visits_for(user).filter(
        Q(intake_completed_at__isnull=False) | Q(created_by=user),
        assigned_physician=user,
        status__in=OPEN_STATUSES,
    ).order_by("visit_date", "id")
