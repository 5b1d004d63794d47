"""Reads of visits, always scoped to the acting user's clinic."""

from django.shortcuts import get_object_or_404

from .models import Visit


def visits_for(user):
    return Visit.objects.filter(patient__clinic_id=user.clinic_id).select_related(
        "patient", "assigned_physician"
    )


def visit_for(user, pk):
    """One visit of the user's clinic; any other id answers 404."""
    return get_object_or_404(visits_for(user), pk=pk)


def visits_of_patient(user, patient):
    return visits_for(user).filter(patient=patient)


def visits_on(user, day):
    return visits_for(user).filter(visit_date=day).order_by("patient__family_name", "id")
