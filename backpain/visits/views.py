"""Visit screens: open a visit for a patient, view a visit."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.clinical import icd10cm
from backpain.core.access import permission_required
from backpain.core.service_forms import save_with_service
from backpain.patients.selectors import patient_for

from . import selectors, services
from .assessments import assessment_of
from .decision_support import panel_context
from .forms import OpenVisitForm
from .models import VisitType
from .step_views import navigator
from .trend_charts import trend_context
from .trends import visit_trends


@permission_required("visits.add_visit")
def visit_open(request, patient_pk):
    patient = patient_for(request.user, patient_pk)
    form = OpenVisitForm(request.POST or None, user=request.user, patient=patient)
    if request.method == "POST":
        visit = save_with_service(request, form, services.open_visit, patient=patient)
        if visit is not None:
            messages.success(request, _("Opened a visit for %(patient)s.")
                             % {"patient": patient.full_name})
            return redirect("visits:detail", pk=visit.pk)
    return render(request, "visits/visit_open.html", {"form": form, "patient": patient})


@permission_required("visits.view_visit")
def visit_detail(request, pk):
    visit = selectors.visit_with_steps_for(request.user, pk)
    record_event(
        action=AuditAction.VISIT_VIEWED, request=request, obj=visit, patient_id=visit.patient_id
    )
    steps = navigator(visit, request.user)
    # The first step this user can edit that is not complete: where work resumes.
    resume = next((s for s in steps if s["editable"] and s["state"] != "complete"), None)
    context = {"visit": visit, "patient": visit.patient, "steps": steps, "resume": resume,
               "ds": panel_context(visit, assessment_of(visit)),
               # A follow-up shows the outcomes so far, this visit's answers last.
               "trends": trend_context(visit_trends(visit)) if is_follow_up(visit) else None}
    return render(request, "visits/visit_detail.html", context)


def is_follow_up(visit) -> bool:
    return visit.visit_type != VisitType.NEW


@permission_required("visits.examine_patient")
@require_GET
def icd10cm_search(request):
    """ICD-10-CM codes by code or words, for the assessment step's list of other codes."""
    results = icd10cm.search(request.GET.get("q", "")[:100])
    return JsonResponse({"results": [{"code": code, "description": text}
                                     for code, text in results]})
