"""The note screens: review before signing, sign, add an addendum, download a stored PDF."""

import io
import logging

from django.contrib import messages
from django.db import DatabaseError
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core.access import permission_required
from backpain.visits import selectors as visit_selectors
from backpain.visits.drafts import others_drafts
from backpain.visits.step_views import navigator, step_url, unsaved_steps
from backpain.visits.steps import missing_to_sign

from . import selectors, services
from .content import note_document
from .forms import AddendumForm, SignForm
from .pdf import note_context, page_size_of, render_note_pdf
from .signed_pdfs import read_with_digest, signature_blocks

logger = logging.getLogger(__name__)
NOT_SIGNED = gettext_lazy("Nothing was signed: the database did not answer. Your entries are "
                          "still here; try again in a moment.")


def review_context(request, visit, sign_form=None):
    missing = [{"step": step, "label": step.field_label(name), "url": step_url(visit, step)}
               for step, name in missing_to_sign(visit)]
    signatures = selectors.signatures_of(visit)
    versions = selectors.versions_of(visit)
    # Signed: the note exactly as signed (with its addenda); unsigned: as it would be signed.
    document = signatures[-1].content if signatures else note_document(visit)
    blocks = signature_blocks(signatures, visit.patient.clinic)
    # The signer's unsaved changes: signing is refused until each is saved or discarded.
    unsaved = [] if visit.is_signed else unsaved_steps(request.user, visit)
    steps = navigator(visit, request.user,
                      drafted=None if visit.is_signed else {step.slug for step in unsaved})
    return {
        "note": note_context(document, blocks, page_size_of(None)),
        "visit": visit, "patient": visit.patient, "steps": steps,
        "missing": missing, "unacknowledged": services.unacknowledged_flags(visit),
        "unsaved": [{"step": step, "url": step_url(visit, step),
                     "problem": services.UNSAVED_DRAFT % {"step": step.title}}
                    for step in unsaved],
        # Other users' unsaved changes: not theirs to save, but not in the note either.
        "others_drafts": [] if visit.is_signed else others_drafts(request.user, visit),
        "signatures": signatures, "versions": versions,
        "pdfs_pending": any(version.pending for version in versions),
        "verification": services.verify_note(visit, signatures, versions)
        if signatures else None,
        "may_sign": (not visit.is_signed and visit.assigned_physician_id == request.user.pk),
        "sign_form": sign_form or SignForm(
            ask_username=services.username_required(request)),
        "addendum_form": AddendumForm(ask_username=services.username_required(request))
        if visit.is_signed else None,
    }


@permission_required("visits.sign_visit")
def review(request, pk):
    visit = visit_selectors.visit_with_steps_for(request.user, pk)
    record_event(action=AuditAction.NOTE_REVIEWED, request=request, obj=visit,
                 patient_id=visit.patient_id)
    context = review_context(request, visit)
    if context["verification"] is not None and not context["verification"].ok:
        record_event(action=AuditAction.NOTE_VERIFICATION_FAILED, request=request, obj=visit,
                     patient_id=visit.patient_id,
                     details={"problems": context["verification"].problems})
    return render(request, "notes/review.html", context)


def refusal_status(form, signing, **arguments):
    """Run a signing service with the form's data: None once signed; otherwise the reason is
    on the form and the page's status is returned."""
    try:
        signing(**arguments, **form.cleaned_data)
    except services.SigningRefused as refusal:
        form.add_error(refusal.field, refusal.message)
        return 400
    except DatabaseError:
        logger.exception("Signing (%s) of visit %s failed", signing.__name__,
                         arguments["visit"].pk)
        form.add_error(None, NOT_SIGNED)
        return 503
    return None


@sensitive_post_parameters("password")
@permission_required("visits.sign_visit")
@require_POST
def sign(request, pk):
    visit = visit_selectors.visit_with_steps_for(request.user, pk)
    form = SignForm(request.POST, ask_username=services.username_required(request))
    status = 400
    if form.is_valid():
        status = refusal_status(form, services.sign_visit, request=request, visit=visit)
        if status is None:
            messages.success(request, _("The note is signed. Its PDF is being prepared and "
                                        "appears below when it is stored."))
            return redirect("notes:review", pk=visit.pk)
    visit = visit_selectors.visit_with_steps_for(request.user, pk)
    return render(request, "notes/review.html", review_context(request, visit, form),
                  status=status)


@sensitive_post_parameters("password")
@permission_required("visits.sign_visit")
def addendum(request, pk):
    visit = visit_selectors.visit_with_steps_for(request.user, pk)
    if not visit.is_signed:
        messages.error(request, _("Only a signed note takes addenda: edit the steps instead."))
        return redirect("notes:review", pk=visit.pk)
    form = AddendumForm(request.POST or None,
                        ask_username=services.username_required(request))
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        status = refusal_status(form, services.add_addendum, request=request, visit=visit)
        if status is None:
            messages.success(request, _("The addendum is signed and appended to the note. "
                                        "The new version's PDF is being prepared."))
            return redirect("notes:review", pk=visit.pk)
    context = review_context(request, visit)
    context["addendum_form"] = form
    return render(request, "notes/review.html", context, status=status)


def stored_pdf(version) -> bytes | None:
    """The stored PDF of `version`, hashed while it is read; None if it is missing or is not
    the file that was stored (the worker checked it then; a download checks it again)."""
    try:
        with version.pdf.open("rb") as stored:
            digest, pdf = read_with_digest(stored)
    except Exception:  # any storage's failure (a file system, an object store's client)
        logger.exception("The stored PDF of %s could not be read", version)
        return None
    return pdf if digest == version.pdf_sha256 else None


def pdf_unavailable(request, version, *, pending):
    """A page saying why the PDF cannot be downloaded now, in words."""
    return render(request, "notes/pdf_unavailable.html",
                  {"version": version, "visit": version.visit, "pending": pending,
                   "may_review": request.user.has_perm("visits.sign_visit")},
                  status=409)


@permission_required("visits.sign_visit", "visits.export_visits", any_of=True)
def download(request, pk, number):
    version = selectors.note_version_for(request.user, pk, number)
    if version.pending:
        return pdf_unavailable(request, version, pending=True)
    pdf = stored_pdf(version)
    if pdf is None:
        record_event(action=AuditAction.NOTE_VERIFICATION_FAILED, request=request,
                     obj=version.visit, patient_id=version.visit.patient_id,
                     details={"problems": [f"The stored PDF of version {version.number} is "
                                           "missing or altered."]})
        return pdf_unavailable(request, version, pending=False)
    record_event(action=AuditAction.NOTE_DOWNLOADED, request=request, obj=version.visit,
                 patient_id=version.visit.patient_id,
                 details={"version": version.number, "pdf_sha256": version.pdf_sha256})
    response = FileResponse(io.BytesIO(pdf), content_type="application/pdf",
                            as_attachment=True, filename=version.download_name)
    response["Cache-Control"] = "no-store"
    return response


@permission_required("visits.sign_visit")
def pdf_status(request, pk):
    """Which versions' PDFs are stored, for the review page's wait for a pending one."""
    visit = visit_selectors.visit_for(request.user, pk)
    versions = [{"number": version.number, "pending": version.pending,
                 "url": reverse("notes:download", kwargs={"pk": visit.pk,
                                                          "number": version.number})}
                for version in selectors.versions_of(visit)]
    response = JsonResponse({"pending": any(v["pending"] for v in versions),
                             "versions": versions})
    response["Cache-Control"] = "no-store"
    return response


@permission_required("visits.view_visit")
def draft(request, pk):
    """The note as it would be signed now, watermarked "DRAFT - not signed" on every page:
    printed to read on paper before signing, never stored."""
    visit = visit_selectors.visit_with_steps_for(request.user, pk)
    if visit.is_signed:
        messages.info(request, _("This note is signed: download its signed PDF instead."))
        return redirect("notes:review", pk=visit.pk)
    record_event(action=AuditAction.NOTE_REVIEWED, request=request, obj=visit,
                 patient_id=visit.patient_id, details={"draft_pdf": True})
    pdf = render_note_pdf(note_document(visit), [], draft=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    # The name is made by the server, never from patient text.
    response["Content-Disposition"] = f'inline; filename="visit-{visit.pk}-draft-note.pdf"'

    response["Cache-Control"] = "no-store"
    return response
