"""The one view that shows and saves any documentation step of a visit."""

import copy
import logging
from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core.access import permission_required

from . import copy_forward, drafts, selectors, services
from .assessments import assessment_of
from .conflicts import conflict_rows
from .decision_support import panel_context
from .display import display_value
from .forms.last_visit import mark_last_visit
from .models import VisitStatus
from .models.step import plain_value
from .steps import STEPS, STEPS_BY_SLUG, StepState, next_step, step_for

logger = logging.getLogger(__name__)
SIGNED = gettext_lazy("This visit is signed: add an addendum to correct it.")
NOT_SAVED = gettext_lazy(
    "Your entries could not be saved: the database did not answer. Nothing was saved and your "
    "entries are still on this page. Try saving again in a moment.")


def step_url(visit, step):
    before_pk, before_slug, after_slug = step_url_parts(get_script_prefix())
    return f"{before_pk}{visit.pk}{before_slug}{step.slug}{after_slug}"


@lru_cache(maxsize=16)
def step_url_parts(_script_prefix) -> tuple[str, str, str]:
    """A step's URL around its visit's id and its slug, reversed once per script prefix
    (reverse() reads it): every step page links all ten steps, and reversing them took about
    4% of the page."""
    marker_pk, marker_slug = 987654321, "step-slug-marker"
    url = reverse("visits:step", kwargs={"pk": marker_pk, "slug": marker_slug})
    before_pk, rest = url.split(str(marker_pk))
    before_slug, after_slug = rest.split(marker_slug)
    return before_pk, before_slug, after_slug


def navigator(visit, user, current=None, drafted=None):
    # The user's own unsaved drafts are marked, so that none is forgotten before signing
    # (`drafted`: their steps' slugs, when the page has read them already).
    if drafted is None:
        drafted = {s.slug for s in drafts.steps_with_drafts(user, visit, STEPS)}
    return [
        {"step": s, "url": step_url(visit, s), "state": s.state(visit),
         "state_label": StepState.LABELS[s.state(visit)], "editable": s.can_edit(user),
         "current": s == current, "draft": s.slug in drafted}
        for s in STEPS
    ]


def build_forms(step, visit, data=None, engine=None):
    # The form works on a copy: validation writes into its instance, and the decision-support
    # panel must keep showing what is saved, not what was just typed.
    record = step.record_of(visit)
    record = copy.copy(record) if record else step.model(visit_id=visit.pk)
    options = {"engine": engine} if step.uses_engine else {}
    if data is None and step.slug in copy_forward.SECTIONS:
        # A posted form is marked only if it is shown again (show_step): a save that
        # succeeds never reads the last visit.
        options["last_visit"] = copy_forward.last_visit(step, visit)
    form = step.form_class(data, instance=record, **options)
    form.read_only = visit.is_signed
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
    if visit.status == VisitStatus.SCHEDULED:
        messages.info(request, _("This visit is booked: start it when the patient is here."))
        return redirect("visits:detail", pk=visit.pk)
    if not step.can_edit(request.user):
        record_event(action=AuditAction.PERMISSION_DENIED, request=request, obj=visit,
                     patient_id=visit.patient_id, details={"step": step.slug})
        raise PermissionDenied
    if request.method == "POST" and "discard_draft" in request.POST:
        drafts.discard(request.user, visit, step)
        messages.info(request, _("The unsaved entries were discarded."))
        return redirect(step_url(visit, step))
    if request.method == "POST":
        return save_posted(request, visit, step)
    return show_step(request, visit, step)


def engine_of(assessment):
    # Without a readable assessment the form offers no suggestions rather than "none".
    return None if assessment.problems else assessment.data


def show_step(request, visit, step, form=None, formset=None, *, status=200, conflict=None,
              form_version=None):
    """The step page: the saved record, the user's unsaved draft, or the posted input with its
    messages; a signed visit's step read-only."""
    assessment = assessment_of(visit)
    kept = drafts.drafts_by_step(request.user, visit)
    draft = kept.get(step.slug) if form is None else None
    restored, never_saved = None, []
    if draft is not None and not visit.is_signed:
        kept_form, kept_formset = build_forms(step, visit, drafts.as_form_data(draft),
                                              engine_of(assessment))
        if has_changes(kept_form, kept_formset):
            # Typed but not saved (autosaved, or posted as the session expired): shown again,
            # unsaved, with its messages.
            form, formset, restored = kept_form, kept_formset, draft
            form.is_valid()
            form_version = loaded_version_of(kept_form.data, visit.version)
        else:
            drafts.discard(request.user, visit, step)  # it holds nothing the record lacks
            kept.pop(step.slug)
    elif draft is not None:
        never_saved = never_saved_rows(step, visit, draft)
    if form is None:
        form, formset = build_forms(step, visit, engine=engine_of(assessment))
    elif step.slug in copy_forward.SECTIONS:  # posted or restored: marked now it is shown
        mark_last_visit(form, copy_forward.SECTIONS[step.slug],
                        copy_forward.last_visit(step, visit))
    context = {
        "visit": visit, "patient": visit.patient, "step": step, "form": form,
        "formset": formset, "steps": navigator(visit, request.user, step, set(kept)),
        "next_step": next_step(step, request.user), "conflict": conflict,
        "restored_draft": restored is not None, "draft": restored,
        "never_saved": never_saved, "read_only": visit.is_signed,
        "may_add_addendum": request.user.has_perm("visits.sign_visit"),
        "form_version": visit.version if conflict or form_version is None else form_version,
        "ds": panel_context(visit, assessment),
    }
    return render(request, "visits/step.html", context, status=status)


def has_changes(form, formset) -> bool:
    return form.has_changed() or (formset is not None and formset.has_changed())


def unsaved_steps(user, visit) -> list:
    """The steps whose draft by `user` holds input the saved record lacks: what a signature
    now would leave out of the note. A draft holding nothing new (typed and typed back) is
    discarded, as the step page discards it."""
    unsaved = set()
    for slug, draft in drafts.drafts_by_step(user, visit).items():
        step = STEPS_BY_SLUG.get(slug)
        if step is None:
            continue
        if has_changes(*build_forms(step, visit, drafts.as_form_data(draft))):
            unsaved.add(slug)
        else:
            drafts.discard(user, visit, step)
    return [step for step in STEPS if step.slug in unsaved]


def never_saved_rows(step, visit, draft) -> list[tuple[str, str]]:
    """A draft left when the visit was signed: its entries as label and words, so that what
    matters can go into an addendum."""
    form, _formset = build_forms(step, visit, drafts.as_form_data(draft))
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return [(str(form.fields[name].label),
             display_value(step.model, name, plain_value(cleaned[name]) if name in cleaned
                           else ", ".join(form.data.getlist(name))))
            for name in form.changed_data]


def posted_changes(form, formset) -> dict:
    """What a valid post changes, as the save service takes it: the step's values, and the
    studies to save and to remove."""
    values = {name: form.cleaned_data[name] for name in form._meta.fields
              if name in form.cleaned_data}
    if formset is None:
        return {"values": values}
    studies = services.StudyChanges()
    for study_form in formset.forms:
        if not study_form.has_changed():
            continue  # an untouched blank or an unchanged study
        instance = study_form.cleaned_data.get("id")
        if study_form.cleaned_data.get("DELETE"):
            if instance is not None:
                studies.deleted.append(instance.pk)
            continue
        studies.saved.append((instance.pk if instance else None,
                              {name: study_form.cleaned_data[name]
                               for name in study_form._meta.fields
                               if name in study_form.cleaned_data}))
    return {"values": values, "studies": studies}


def save_posted(request, visit, step):
    if visit.is_signed:
        messages.error(request, SIGNED)
        return redirect("visits:detail", pk=visit.pk)
    form, formset = build_forms(step, visit, request.POST, engine_of(assessment_of(visit)))
    version = loaded_version(request)
    valid = form.is_valid() & (formset is None or formset.is_valid())
    if version is None:
        form.add_error(None, _("The page was not loaded properly: reload it and try again."))
        valid = False
    shown = {"form_version": version if version is not None else visit.version}
    if not valid:
        return show_step(request, visit, step, form, formset, **shown)
    handing_over = step.intake and "complete_intake" in request.POST
    if handing_over and not has_changes(form, formset):
        drafts.discard(request.user, visit, step)
        return hand_over(request, visit, step)
    try:
        saved = services.save_step(user=request.user, visit=visit, step=step,
                                   **posted_changes(form, formset), loaded_version=version,
                                   request=request)
    except ValidationError as error:
        form.add_error(None, error)
        return show_step(request, visit, step, form, formset, **shown)
    except DatabaseError:
        # The save ran in one transaction, so nothing of it was kept; the bound form shows
        # the input again.
        logger.exception("Saving step %s of visit %s failed", step.slug, visit.pk)
        form.add_error(None, NOT_SAVED)
        return show_step(request, visit, step, form, formset, status=503, **shown)
    except services.StepConflict as error:
        return show_conflict(request, visit, step, form, formset, error, version)
    except services.VisitLocked:
        messages.error(request, SIGNED)
        return redirect("visits:detail", pk=visit.pk)
    messages.success(request, _("%(step)s saved.") % {"step": step.title})
    if handing_over:
        return hand_over(request, saved, step)
    following = next_step(step, request.user)
    if "review" in request.POST and following is None and request.user.has_perm(
            "visits.sign_visit"):
        return redirect("notes:review", pk=saved.pk)  # the last step: on to the note
    return redirect(step_url(saved, following if "continue" in request.POST and following
                             else step))


def show_conflict(request, visit, step, form, formset, error, version):
    """Someone saved this step meanwhile: their values and the user's, side by side."""
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
    return show_step(request, visit, step, form, formset, status=409, conflict=conflict)


@permission_required("visits.change_visit")
def intake_complete(request, pk):
    visit = selectors.visit_for(request.user, pk)
    if request.method != "POST":
        return redirect("visits:detail", pk=visit.pk)
    return hand_over(request, visit)


def hand_over(request, visit, current=None):
    """Hand the intake to the physician, or say what keeps it back and show where: an intake
    step with a draft of the user's, or a required answer still missing."""
    intake_steps = [s for s in STEPS if s.intake and s != current]
    if unsaved := drafts.steps_with_drafts(request.user, visit, intake_steps):
        messages.error(request, _("The intake is not handed over yet: you typed entries in "
                                  "%(step)s that are not saved. They are shown below: save or "
                                  "discard them, then mark the intake complete.")
                       % {"step": unsaved[0].title})
        return redirect(step_url(visit, unsaved[0]))
    try:
        services.complete_intake(user=request.user, visit=visit, request=request)
    except services.VisitLocked:
        messages.error(request, _("This visit is already signed."))
        return redirect("visits:detail", pk=visit.pk)
    except services.IntakeIncomplete as refusal:
        items = "; ".join(f"{step.title}: {step.field_label(name)}"
                          for step, name in refusal.missing)
        messages.error(request, _("The intake is not handed over yet: it still needs %(items)s. "
                                  "Nothing you typed was lost.") % {"items": items})
        return redirect(step_url(visit, refusal.missing[0][0]))
    who = visit.assigned_physician.signature_name if visit.assigned_physician else None
    messages.success(request, _("Intake complete: the visit is in %(physician)s's queue.")
                     % {"physician": who} if who
                     else _("Intake complete: the visit awaits a physician."))
    return redirect("home")


@permission_required("visits.view_visit")
def step_draft(request, pk, slug):
    """Autosave (static/js/autosave.js): keep what is typed into the step as the user's draft,
    and answer in words for the page's live status. Only a POST keeps anything."""
    visit = selectors.visit_for(request.user, pk)
    step = step_for(slug)
    if request.method != "POST" and step.can_edit(request.user):
        return HttpResponseNotAllowed(["POST"])
    data = drafts.typed(request.POST)
    if refusal := drafts.refusal(request.user, visit, step, data):
        status, message = refusal
        if status == 403:
            record_event(action=AuditAction.PERMISSION_DENIED, request=request, obj=visit,
                         patient_id=visit.patient_id, details={"step": step.slug})
        return JsonResponse({"saved": False, "message": message}, status=status)
    draft = drafts.keep(request.user, visit, step, data)
    at = time_format(timezone.localtime(draft.saved_at), "H:i")
    return JsonResponse({"saved": True, "status": _("Draft saved %(time)s") % {"time": at}})
