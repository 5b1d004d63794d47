"""Reads of patients, always scoped to the acting user's clinic."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from .models import Patient


def patients_for(user, *, search: str = ""):
    """The patients of the user's clinic, optionally matching a name or MRN fragment."""
    patients = Patient.objects.filter(clinic_id=user.clinic_id)
    for term in search.split()[:5]:
        patients = patients.filter(
            Q(family_name__icontains=term)
            | Q(given_name__icontains=term)
            | Q(mrn__iexact=term)
            | Q(mrn__istartswith=term)
        )
    return patients


def patient_for(user, pk):
    """One patient of the user's clinic; any other id answers 404, never 403, to hide existence."""
    return get_object_or_404(patients_for(user), pk=pk)
