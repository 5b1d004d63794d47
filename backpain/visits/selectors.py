"""Reads of visits, always scoped to the acting user's clinic."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from backpain.core.prepared_queries import PreparedQuery

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


def earlier_signed(patient_id, episode_id, visit_date, pk):
    """The signed visits of the same episode of care dated before this one (`pk`), the most
    recent first: what a visit is compared with and starts from. The one place that says which
    visits came before."""
    return Visit.objects.filter(
        patient_id=patient_id, episode_id=episode_id, status__in=SIGNED_STATUSES,
        visit_date__lt=visit_date,
    ).exclude(pk=pk).order_by("-visit_date", "-id")


# The visit queries of every step page, review and save: each joins a dozen tables, and is
# compiled to SQL once per process (core/prepared_queries.py).
EARLIER_FIELDS = {"patient_id": Visit._meta.get_field("patient"),
                  "episode_id": Visit._meta.get_field("episode"),
                  "visit_date": Visit._meta.get_field("visit_date"), "pk": Visit._meta.pk}
CLINIC = Visit._meta.get_field("patient").related_model._meta.get_field("clinic")
CLINIC_VISIT_WITH_STEPS = PreparedQuery(
    lambda clinic_id, pk: with_steps(visits_of_clinic(clinic_id)).filter(pk=pk),
    clinic_id=CLINIC, pk=Visit._meta.pk)
VISIT_WITH_STEPS = PreparedQuery(lambda pk: with_steps(Visit.objects.filter(pk=pk)),
                                 pk=Visit._meta.pk)
# The steps' rows are not locked: `of` keeps the lock on the visit, as PostgreSQL requires for
# the outer joins of steps not yet saved.
LOCKED_WITH_STEPS = PreparedQuery(
    lambda pk: with_steps(Visit.objects.select_for_update(of=("self",)).filter(pk=pk)),
    pk=Visit._meta.pk)
# Step relation -> the previous signed visit with that step only (copy_forward.py).
PREVIOUS_WITH_STEP: dict[tuple[str, ...], PreparedQuery] = {}


def earlier_values(visit) -> dict:
    return {"patient_id": visit.patient_id, "episode_id": visit.episode_id,
            "visit_date": visit.visit_date, "pk": visit.pk}


def first_or_none(found):
    return found[0] if found else None


PREVIOUS_SIGNED_VERSION = PreparedQuery(
    lambda **values: earlier_signed(**values).values_list("pk", "version")[:1], **EARLIER_FIELDS)


def previous_signed_version(visit) -> tuple[int, int] | None:
    """(id, version) of the visit the engine compares this one with, or None: one small row."""
    return first_or_none(PREVIOUS_SIGNED_VERSION.rows(**earlier_values(visit)))


def previous_signed_with(visit, *relations: str):
    """The previous signed visit with these steps joined in (what copy-forward and the note's
    changes since the last visit read), or None."""
    if relations not in PREVIOUS_WITH_STEP:
        PREVIOUS_WITH_STEP[relations] = PreparedQuery(
            lambda **values: earlier_signed(**values).select_related(*relations)[:1],
            **EARLIER_FIELDS)
    return first_or_none(PREVIOUS_WITH_STEP[relations].rows(**earlier_values(visit)))


def later_unsigned_visits(visit):
    """The unsigned visits of the same episode after this one: what a signature here changes
    the comparison of."""
    return Visit.objects.filter(patient_id=visit.patient_id, episode_id=visit.episode_id,
                                visit_date__gt=visit.visit_date
                                ).exclude(status__in=SIGNED_STATUSES)


def visits_for(user):
    return visits_of_clinic(user.clinic_id)


def visits_of_clinic(clinic_id):
    return Visit.objects.filter(patient__clinic_id=clinic_id).select_related(
        "patient", "assigned_physician"
    )


def visit_for(user, pk):
    """One visit of the user's clinic; any other id answers 404."""
    return get_object_or_404(visits_for(user), pk=pk)


def visit_with_steps_for(user, pk):
    """One visit of the user's clinic with its steps; any other id answers 404."""
    try:
        return CLINIC_VISIT_WITH_STEPS.get(clinic_id=user.clinic_id, pk=pk)
    except Visit.DoesNotExist:
        raise Http404("No visit matches the given query.") from None


def visits_of_patient(user, patient):
    return visits_for(user).filter(patient=patient)


def visits_on_day(clinic_id, day):
    return visits_of_clinic(clinic_id).filter(visit_date=day).order_by("patient__family_name",
                                                                       "id")


def intakes_not_complete(clinic_id):
    """Open visits whose intake is not handed over, the oldest first (read through the
    `visit_intake_open` index: the signed history is never scanned)."""
    return visits_of_clinic(clinic_id).filter(
        intake_completed_at__isnull=True, status__in=OPEN_STATUSES
    ).order_by("visit_date", "id")


def queue_of(clinic_id, physician_id):
    """Visits awaiting this physician: handed over by intake, or opened by the physician
    (read through the `visit_open_by_physician` index)."""
    return visits_of_clinic(clinic_id).filter(
        Q(intake_completed_at__isnull=False) | Q(created_by_id=physician_id),
        assigned_physician_id=physician_id,
        status__in=OPEN_STATUSES,
    ).order_by("visit_date", "id")
