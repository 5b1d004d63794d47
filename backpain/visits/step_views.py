"""The one view that shows and saves any documentation step of a visit."""

import copy
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import reverse

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core.access import permission_required

from . import drafts, selectors, services
from .assessments import assessment_of
from .conflicts import conflict_rows
from .decision_support import panel_context
from .steps import STEPS, StepState, next_step, step_for

logger = logging.getLogger(__name__)
NOT_SAVED = ("Your entries could not be saved: the database did not answer. Nothing was "
             "saved and your entries are still on this page. Try saving again in a moment.")


def step_url(visit, step):
    return reverse("visits:step", kwargs={"pk": visit.pk, "slug": step.slug})


def navigator(visit, user, current=None):
    return [
        {"step": s, "url": step_url(visit, s), "state": s.state(visit),
         "state_label": StepState.LABELS[s.state(visit)], "editable": s.can_edit(user),
         "current": s == current}
        for s in STEPS
    ]


def build_forms(step, visit, data=None, engine=None):
    # The form works on a copy: validation writes into its instance, and the decision-support
    # panel must keep showing what is saved, not what was just typed.
    record = step.record_of(visit)
    record = copy.copy(record) if record else step.model(visit_id=visit.pk)
    options = {"engine": engine} if step.uses_engine else {}
    form = step.form_class(data, instance=record, **options)
    formset = None
    if step.formset_class:
        formset = step.formset_class(data, instance=visit, prefix="studies")
    return form, formset


def loaded_version(request):
    return loaded_version_of(request.POST, None)


def loaded_version_of(data, default):
    try:
        return int(data.get("version", ""))
    except ValueError:
        return default


@permission_required("visits.view_visit")
def step_page(request, pk, slug):
    visit = selectors.visit_with_steps_for(request.user, pk)
    step = step_for(slug)
    if not step.can_edit(request.user):
        record_event(action=AuditAction.PERMISSION_DENIED, request=request, obj=visit,
                     patient_id=visit.patient_id, details={"step": step.slug})
        raise PermissionDenied
    status, conflict = 200, None
    assessment = assessment_of(visit)
    # Without a readable assessment the form offers no suggestions rather than "none".
    engine = None if assessment.problems else assessment.data
    form_version, restored = visit.version, False
    if request.method == "POST" and "discard_draft" in request.POST:
        drafts.discard(request.user, visit, step)
        messages.info(request, "The unsaved entries were discarded.")
        return redirect(step_url(visit, step))
    if request.method == "POST":
        form, formset = build_forms(step, visit, request.POST, engine)
        version = loaded_version(request)
        form_version = version if version is not None else visit.version
        valid = form.is_valid() & (formset is None or formset.is_valid())
        if version is None:
            form.add_error(None, "The page was not loaded properly: reload it and try again.")
            valid = False
        if valid and visit.is_signed:
            messages.error(request, "This visit is signed: add an addendum to correct it.")
            return redirect("visits:detail", pk=visit.pk)
        if valid:
            try:
                saved = services.save_step(
                    user=request.user, visit=visit, step=step, form=form, formset=formset,
                    loaded_version=version, request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            except DatabaseError:
                # The save ran in one transaction, so nothing of it was kept; the bound form
                # shows the input again.
                logger.exception("Saving step %s of visit %s failed", step.slug, visit.pk)
                form.add_error(None, NOT_SAVED)
                status = 503
            except services.StepConflict as error:
                conflict = {
                    "rows": conflict_rows(step, visit, error, version, form),
                    "by": sorted({r.saved_by.signature_name or r.saved_by.username
                                  for r in error.newer_revisions}),
                    "at": error.newer_revisions[-1].saved_at,
                }
                record_event(action=AuditAction.STEP_CONFLICT, request=request, obj=visit,
                             patient_id=visit.patient_id,
                             details={"step": step.slug, "loaded_version": version})
                visit.version = error.current_version
                status = 409
            except services.VisitLocked:
                messages.error(request, "This visit is signed: add an addendum to correct it.")
                return redirect("visits:detail", pk=visit.pk)
            else:
                drafts.discard(request.user, visit, step)
                following = next_step(step, request.user)
                if "continue" in request.POST and following:
                    messages.success(request, f"{step.title} saved.")
                    return redirect(step_url(saved, following))
                messages.success(request, f"{step.title} saved.")
                return redirect(step_url(saved, step))
    elif (kept := drafts.draft_data(request.user, visit, step)) is not None:
        # Typed before the session expired: shown again, unsaved, with its messages.
        form, formset = build_forms(step, visit, kept, engine)
        form.is_valid()
        form_version, restored = loaded_version_of(kept, visit.version), True
    else:
        form, formset = build_forms(step, visit, engine=engine)
    following = next_step(step, request.user)
    context = {
        "visit": visit, "patient": visit.patient, "step": step, "form": form,
        "formset": formset, "steps": navigator(visit, request.user, step),
        "next_step": following, "conflict": conflict, "restored_draft": restored,
        "form_version": visit.version if conflict else form_version,
        "ds": panel_context(visit, assessment),
    }
    return render(request, "visits/step.html", context, status=status)


@permission_required("visits.change_visit")
def intake_complete(request, pk):
    visit = selectors.visit_for(request.user, pk)
    if request.method != "POST":
        return redirect("visits:detail", pk=visit.pk)
    try:
        services.complete_intake(user=request.user, visit=visit, request=request)
    except services.VisitLocked:
        messages.error(request, "This visit is already signed.")
    else:
        who = visit.assigned_physician.signature_name if visit.assigned_physician else None
        messages.success(request, f"Intake complete: the visit is in {who}'s queue." if who
                         else "Intake complete: the visit awaits a physician.")
    return redirect("home")
