"""Patient screens: list and search, register, view, edit."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core import session_filters
from backpain.core.access import permission_required
from backpain.core.service_forms import save_with_service

from . import selectors, services
from .forms import SEARCH_MAX_LENGTH, PatientForm, PatientSearchForm
from .page import panels

PAGE_SIZE = 25


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
    # A search's matches (at most SEARCH_RESULTS) are read once, as a list: the page counts
    # them without a second query over the trigram indexes (issue 17's search figure).
    patients = (list(selectors.search_results(request.user, search)) if search
                else selectors.patients_for(request.user))
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    capped = selectors.SEARCH_RESULTS if search and (
        page.paginator.count >= selectors.SEARCH_RESULTS) else None
    return render(request, "patients/patient_list.html",
                  {"page": page, "search": search, "search_form": search_form,
                   "capped": capped}, status=status)


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
