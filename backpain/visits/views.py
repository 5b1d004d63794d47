"""Visit screens: open a visit for a patient, view a visit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.clinical import icd10cm
from backpain.core.access import permission_required
from backpain.core.service_forms import save_with_service
from backpain.episodes.page import course_of
from backpain.patients.selectors import patient_for

from . import selectors, services
from .assessments import assessment_of
from .decision_support import panel_context
from .forms import OpenVisitForm
from .models import VisitStatus, VisitType
from .step_views import navigator
from .trend_charts import trend_context
from .trends import visit_trends


@permission_required("visits.add_visit")
def visit_open(request, patient_pk):
    return open_or_book(request, patient_pk, booking=False)


@permission_required("visits.add_visit")
def visit_book(request, patient_pk):
    """Book a visit ahead: it waits, scheduled, until it is started on the day."""
    return open_or_book(request, patient_pk, booking=True)


def open_or_book(request, patient_pk, *, booking):
    patient = patient_for(request.user, patient_pk)
    # The follow-ups list links "Book" with the episode and the target date filled in.
    suggested = {name: request.GET[name] for name in ("episode", "date") if name in request.GET}
    initial = {"visit_date": suggested.get("date"), "episode": suggested.get("episode")}
    form = OpenVisitForm(request.POST or None, user=request.user, patient=patient,
                         booking=booking,
                         initial={k: v[:20] for k, v in initial.items() if v})
    if request.method == "POST":
        service = services.book_visit if booking else services.open_visit
        visit = save_with_service(request, form, service, patient=patient)
        if visit is not None:
            if booking:
                messages.success(request, _("Booked %(visit)s for %(patient)s.")
                                 % {"visit": visit, "patient": patient.full_name})
                return redirect("patients:detail", pk=patient.pk)
            messages.success(request, _("Opened a visit for %(patient)s.")
                             % {"patient": patient.full_name})
            return redirect("visits:detail", pk=visit.pk)
    return render(request, "visits/visit_open.html",
                  {"form": form, "patient": patient, "booking": booking})


@permission_required("visits.add_visit")
@require_POST
def visit_start(request, pk):
    """The booked patient is here: start the scheduled visit and go to it."""
    visit = selectors.visit_for(request.user, pk)
    try:
        services.start_visit(user=request.user, visit=visit, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Started the visit of %(patient)s.")
                         % {"patient": visit.patient.full_name})
    return redirect("visits:detail", pk=visit.pk)


@permission_required("visits.view_visit")
def visit_detail(request, pk):
    visit = selectors.visit_with_steps_for(request.user, pk)
    record_event(
        action=AuditAction.VISIT_VIEWED, request=request, obj=visit, patient_id=visit.patient_id
    )
    steps = navigator(visit, request.user)
    # The first step this user can edit that is not complete: where work resumes.
    resume = next((s for s in steps if s["editable"] and s["state"] != "complete"), None)
    if visit.status == VisitStatus.SCHEDULED:
        resume = None  # nothing is documented on a booked visit until it is started
    context = {"visit": visit, "patient": visit.patient, "steps": steps, "resume": resume,
               "ds": None if visit.status == VisitStatus.SCHEDULED
               else panel_context(visit, assessment_of(visit)),
               # A follow-up shows the outcomes so far, this visit's answers last.
               "trends": trend_context(visit_trends(visit)) if is_follow_up(visit) else None,
               # ... and the course of treatment, whose responses are asked at this visit.
               "course": course_of(request.user, visit.episode_id)
               if is_follow_up(visit) else None}
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
