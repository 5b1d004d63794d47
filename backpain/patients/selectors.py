"""Reads of patients, always scoped to the acting user's clinic."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from .models import Patient

# A search lists at most this many patients (a few letters can match thousands): the page's
# work stays bounded, and the page asks for more of the name instead.
SEARCH_RESULTS = 100
# The shortest term a trigram index can look up.
TRIGRAM = 3


def search_terms(search: str) -> list[str]:
    """The words of a search, each matched on its own (at most five)."""
    return search.split()[:5]


def patients_for(user, *, search: str = ""):
    """The patients of the user's clinic, optionally matching a name or MRN fragment (on
    PostgreSQL through the trigram indexes of migration 0002, never a scan of every patient)."""
    patients = Patient.objects.filter(clinic_id=user.clinic_id)
    for term in search_terms(search):
        patients = patients.filter(
            Q(family_name__icontains=term)
            | Q(given_name__icontains=term)
            | Q(mrn__iexact=term)
            | Q(mrn__istartswith=term)
        )
    return patients


def search_results(user, search: str):
    """The first SEARCH_RESULTS patients matching `search`, in name order."""
    patients = patients_for(user, search=search)
    if all(len(term) >= TRIGRAM for term in search_terms(search)):
        # Name order with the case folded: an order the name index cannot give, on purpose.
        # Given the index's order, PostgreSQL walks the clinic's patients by name until
        # enough match, which for a name late in the alphabet read most of the clinic (64 ms
        # for "Smith" among 40,000 patients); ordered so, it reads the matches through the
        # trigram indexes (migration 0002) and sorts only them (1.4 ms). A term of one or two
        # letters has no trigram: there the walk in name order is the quick way.
        patients = patients.order_by(Lower("family_name"), Lower("given_name"), "id")
    return patients[:SEARCH_RESULTS]


def patient_for(user, pk):
    """One patient of the user's clinic; any other id answers 404, never 403, to hide existence."""
    return get_object_or_404(patients_for(user), pk=pk)
