"""Patient screens: list and search, register, view, edit."""

import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core import session_filters
from backpain.core.access import permission_required
from backpain.core.pages import count_up_to, page_number, page_of
from backpain.core.service_forms import save_with_service

from . import selectors, services
from .forms import SEARCH_MAX_LENGTH, PatientForm, PatientSearchForm
from .page import panels

PAGE_SIZE = 25
# The unsearched list says how many patients it holds up to this many, then "more than".
COUNTED = 1000


SEARCH_KEY = "patient_search"


def search_term(data) -> str:
    # A NUL byte can never match a name and PostgreSQL refuses it in a query.
    return data.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH] if data else ""


@permission_required("patients.view_patient")
def patient_list(request):
    search_form = PatientSearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Posted and kept in the session: a name or MRN never appears in a URL.
        if "clear" in request.POST:
            session_filters.forget(request, SEARCH_KEY)
        elif not search_form.is_valid():
            # Too long to be a name or an MRN: said beside the box, the kept search stays.
            return patient_list_page(request, search_form, status=400)
        elif not search_term(search_form.cleaned_data):
            session_filters.forget(request, SEARCH_KEY)
        else:
            session_filters.remember(request, SEARCH_KEY, request.POST)
        return redirect("patients:list")
    return patient_list_page(request, search_form)


def patient_list_page(request, search_form, status=200):
    search = search_term(session_filters.recall(request, SEARCH_KEY))
    number = page_number(request.GET.get("page"))
    if search:
        # A search's matches (at most SEARCH_RESULTS) are read once, as a list: the page counts
        # them without a second query over the trigram indexes (issue 17's search figure).
        matches = list(selectors.search_results(request.user, search))
        page = page_of(matches, number, PAGE_SIZE, count=len(matches))
    else:
        # Every patient of the clinic, in name order: counted up to COUNTED, so that the
        # page's cost stays the same however many patients the clinic has (core/pages.py).
        patients = selectors.patients_for(request.user)
        page = page_of(patients, number, PAGE_SIZE, count=count_up_to(patients, COUNTED))
    capped = selectors.SEARCH_RESULTS if search and (
        page.count >= selectors.SEARCH_RESULTS) else None
    return render(request, "patients/patient_list.html",
                  {"page": page, "search": search, "search_form": search_form,
                   "capped": capped, "counted": COUNTED}, status=status)


@permission_required("patients.add_patient")
def patient_register(request):
    form = PatientForm(request.POST or None, clinic=request.user.clinic)
    if request.method == "POST":
        patient = save_with_service(request, form, services.register_patient)
        if patient is not None:
            messages.success(request, _("Registered %(patient)s.") % {"patient": patient.full_name})
            return redirect("patients:detail", pk=patient.pk)
    return render(
        request, "patients/patient_form.html", {"form": form, "title": _("Register a patient")}
    )


@permission_required("patients.view_patient")
def patient_detail(request, pk):
    patient = selectors.patient_for(request.user, pk)
    record_event(
        action=AuditAction.PATIENT_VIEWED, request=request, obj=patient, patient_id=patient.pk
    )
    return render(request, "patients/patient_detail.html",
                  {"patient": patient, "panels": panels(request.user, patient)})


@permission_required("patients.change_patient")
def patient_edit(request, pk):
    patient = selectors.patient_for(request.user, pk)
    # The form validates a copy: the service compares against the stored values to audit changes.
    form = PatientForm(
        request.POST or None, instance=copy.copy(patient), clinic=request.user.clinic
    )
    saved = request.method == "POST" and save_with_service(
        request, form, services.update_patient, patient=patient
    )
    if saved:
        messages.success(request, _("Patient details saved."))
        return redirect("patients:detail", pk=patient.pk)
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "title": _("Edit %(patient)s") % {"patient": patient.full_name},
         "patient": patient},
    )
