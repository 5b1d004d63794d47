"""Signing a visit note and its addenda: re-authentication, one transaction, one audit event.

Signer and time come from the server, never from the request. The signing transaction
commits the signature (the hash of the canonical content) and a pending note version; the
PDF is rendered, PAdES-signed and stored by a worker after the commit (signed_pdfs.py), so a
slow or failing renderer neither holds the visit nor refuses the signature.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core.reauth import password_is_correct
from backpain.visits import assessments, lifecycle
from backpain.visits.assessments import assessment_of
from backpain.visits.models import Visit, VisitStatus
from backpain.visits.models.assessment import unreviewed_flags
from backpain.visits.services import visit_with_steps
from backpain.visits.step_views import unsaved_steps
from backpain.visits.steps import missing_to_sign

from .content import FORMAT_1, canonical_json, content_hash, note_document, record_parts
from .models import Addendum, NoteVersion, Signature, SignatureMeaning
from .tasks import queue_note_pdf_at_commit

logger = logging.getLogger(__name__)
SESSION_SIGNED = "notes_signed_this_session"
NOTE_MEANINGS = (SignatureMeaning.AUTHORED, SignatureMeaning.REVIEWED)


class SigningRefused(Exception):
    """Why the note cannot be signed now; `field` names the form field at fault, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def username_required(request) -> bool:
    """The first signing of a session asks for the username as well as the password."""
    return not request.session.get(SESSION_SIGNED)


def unacknowledged_flags(visit) -> list[str]:
    codes = assessment_of(visit).flag_codes
    record = visit.step_record("assessment")
    return unreviewed_flags(codes, record.acknowledged_red_flags if record else ())


def signing_problems(visit, signer=None) -> list[str]:
    """What stops this visit from being signed, in words a physician acts on: a missing
    answer, a red flag not reviewed, and the signer's own unsaved changes to a step (a draft,
    visits/drafts.py), which a signed note would leave out for good."""
    problems = [_("%(step)s: %(field)s is missing") % {"step": step.title,
                                                       "field": step.field_label(name)}
                for step, name in missing_to_sign(visit)]
    if flags := unacknowledged_flags(visit):
        problems.append(_("%(count)d red flag(s) not yet reviewed on the assessment step")
                        % {"count": len(flags)})
    if signer is not None:
        problems += [UNSAVED_DRAFT % {"step": step.title}
                     for step in unsaved_steps(signer, visit)]
    return problems


UNSAVED_DRAFT = gettext_lazy("%(step)s: your unsaved changes are not in the note (save or "
                             "discard them)")


def reauthenticate(request, password, username=None, visit=None):
    """The signer proves they are at the keyboard; failures count towards login throttling.
    A refusal is audited against the visit being signed, so the trail names it and its patient."""
    user = request.user
    if username_required(request) and (username or "").strip() != user.get_username():
        refuse(request, visit, _("The username does not match the signed-in user."), "username")
    if not password_is_correct(request, password):
        refuse(request, visit, _("The password is not correct."), "password")


def refuse(request, visit, message, field=None):
    record_event(action=AuditAction.NOTE_SIGN_REFUSED, request=request, obj=visit,
                 patient_id=visit.patient_id if visit else None, details={"reason": message})
    raise SigningRefused(message, field)


def new_version(visit, signature) -> NoteVersion:
    """The note version of a signature, its PDF pending: queued for a worker at commit."""
    number = NoteVersion.objects.filter(visit=visit).count() + 1
    version = NoteVersion.objects.create(visit=visit, number=number, signature=signature)
    queue_note_pdf_at_commit(version)
    return version


def new_signature(visit, user, meaning, document, addendum=None):
    return Signature.objects.create(
        visit=visit, addendum=addendum, signer=user, printed_name=user.printed_name or
        user.get_full_name() or user.get_username(), credentials=user.credentials,
        meaning=meaning, signed_at=timezone.now(), content_hash=content_hash(document),
        content=document)


def check_signer(request, visit):
    user = request.user
    reason = (_("Only physicians sign visit notes.") if not user.has_perm("visits.sign_visit")
              else _("Only the visit's assigned physician can sign its note.")
              if visit.assigned_physician_id != user.pk else None)
    if reason:
        record_event(action=AuditAction.PERMISSION_DENIED, request=request, obj=visit,
                     patient_id=visit.patient_id, details={"reason": reason})
        raise PermissionDenied(reason)


def sign_visit(*, request, visit, password, username=None,
               meaning=SignatureMeaning.AUTHORED) -> Signature:
    """Sign the note of `visit` as the requesting physician; exactly one signature per note."""
    user = request.user
    check_signer(request, visit)
    if meaning not in NOTE_MEANINGS:
        raise SigningRefused(_("Choose what your signature means."), "meaning")
    reauthenticate(request, password, username, visit)
    signature = record_signature(request=request, user=user, visit=visit, meaning=meaning)
    request.session[SESSION_SIGNED] = True
    return signature


def record_signature(*, request, user, visit, meaning) -> Signature:
    """The signing itself, for a signer already checked and re-authenticated (sign_visit; the
    demo clinic's loader, which has no one at a keyboard, signs its demo notes here too)."""
    try:
        with transaction.atomic():
            locked = Visit.objects.select_for_update().get(pk=visit.pk)
            if locked.is_signed:
                raise SigningRefused(_("This note has already been signed."))
            current = visit_with_steps(locked.pk)
            # Assessed afresh: the flags acknowledged and the note signed are those of the
            # findings as they stand now, and the visit keeps this assessment once signed.
            assessments.refresh(current)
            if problems := signing_problems(current, user):
                raise SigningRefused(_("The note cannot be signed yet: %(problems)s.")
                                     % {"problems": "; ".join(problems)})
            document = note_document(current)
            signature = new_signature(locked, user, meaning, document)
            version = new_version(locked, signature)
            lifecycle.move(locked, VisitStatus.SIGNED)
            locked.version += 1
            locked.save(update_fields=["status", "version", "updated_at"])
            record_event(action=AuditAction.NOTE_SIGNED, request=request, user=user, obj=locked,
                         patient_id=locked.patient_id,
                         details={"content_hash": signature.content_hash,
                                  "meaning": meaning, "version": version.number})
    except IntegrityError:  # the other of two simultaneous signings won
        raise SigningRefused(_("This note has already been signed.")) from None
    except SigningRefused as refusal:
        refuse(request, visit, refusal.message, refusal.field)
    return signature


def add_addendum(*, request, visit, text, reason, password, username=None) -> Addendum:
    """Append a signed addendum to a signed note; the original is never edited."""
    user = request.user
    if not user.has_perm("visits.sign_visit") or visit.patient.clinic_id != user.clinic_id:
        raise PermissionDenied(_("Only physicians of the clinic add addenda."))
    text, reason = (text or "").strip(), (reason or "").strip()
    if not text:
        raise SigningRefused(_("Write the addendum."), "text")
    if not reason:
        raise SigningRefused(_("Say why the addendum is needed."), "reason")
    reauthenticate(request, password, username, visit)
    addendum = record_addendum(request=request, user=user, visit=visit, text=text, reason=reason)
    request.session[SESSION_SIGNED] = True
    return addendum


def record_addendum(*, request, user, visit, text, reason) -> Addendum:
    """The addendum itself, for an author already checked and re-authenticated (add_addendum,
    and the demo clinic's loader)."""
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not locked.is_signed:
            raise SigningRefused(_("Only a signed note takes addenda: edit the steps instead."))
        original = Signature.objects.get(visit=locked, addendum__isnull=True)
        addendum = Addendum.objects.create(visit=locked, text=text, reason=reason, author=user)
        addenda = list(Addendum.objects.filter(visit=locked).select_related("author"))
        # The note as it was signed, with every addendum so far appended.
        document = {**original.content,
                    "addenda": record_parts(locked, addenda)["addenda"]}
        signature = new_signature(locked, user, SignatureMeaning.ADDENDUM, document, addendum)
        version = new_version(locked, signature)
        lifecycle.move(locked, VisitStatus.AMENDED)
        locked.version += 1
        locked.save(update_fields=["status", "version", "updated_at"])
        record_event(action=AuditAction.ADDENDUM_SIGNED, request=request, user=user, obj=locked,
                     patient_id=locked.patient_id,
                     details={"content_hash": signature.content_hash, "reason": reason,
                              "version": version.number})
    return addendum


@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    # Legitimate changes since signing that the signed note does not follow (its copy stands).
    notices: list[str] = field(default_factory=list)


RECORD_PARTS = {"visit": gettext_lazy("The visit of the note changed after signing."),
                "sections": gettext_lazy("The sections of the note changed after signing."),
                "conclusion": gettext_lazy("The conclusion of the note changed after signing.")}
# The patient's and clinic's details may be corrected after signing (a misspelt name, a new
# phone number): the note keeps them as signed, and the reader is told they differ now.
DETAIL_PARTS = {
    "patient": gettext_lazy("The patient's details were edited after signing; the signed note "
                            "keeps them as they were."),
    "clinic": gettext_lazy("The clinic's details were edited after signing; the signed note "
                           "keeps them as they were."),
}


def verify_note(visit, signatures=None, versions=None) -> Verification:
    """Recompute what was signed and compare: a note altered after signing is reported.

    The decision-support part is checked against its hash only: a later engine release may
    word it differently without the record having changed. A caller that has read the visit
    with its steps (`visit_with_steps`), its signatures and its versions passes them, and they
    are not read again (the review page verifies on every view).
    """
    if signatures is None:
        visit = visit_with_steps(visit.pk)
        signatures = list(Signature.objects.filter(visit=visit).select_related("addendum"))
    if not signatures:
        return Verification(False, [_("The note has not been signed.")])
    problems = []
    for signature in signatures:
        if hashlib.sha256(canonical_json(signature.content)).hexdigest() != \
                signature.content_hash:
            problems.append(
                _("The content signed by %(signer)s on %(signed_at)s UTC no longer matches its "
                  "hash.") % {"signer": signature.printed_name,
                              "signed_at": formats.date_format(
                                  signature.signed_at.astimezone(UTC), "SHORT_DATETIME_FORMAT")})
    signed = next(s for s in signatures if s.addendum_id is None).content
    # Rebuilt in the format it was signed in: a note of an earlier format still verifies. The
    # first signature's record parts and the latest's addenda are both read from this one.
    signed_format = signed.get("format", FORMAT_1)
    addenda = list(Addendum.objects.filter(visit=visit).select_related("author"))
    current = record_parts(visit, addenda, signed_format)
    for part, problem in RECORD_PARTS.items():
        if current[part] != signed.get(part):
            problems.append(str(problem))
    notices = [str(notice) for part, notice in DETAIL_PARTS.items()
               if current[part] != signed.get(part)]
    if current["addenda"] != signatures[-1].content.get("addenda", []):
        problems.append(_("The addenda changed after signing."))
    # The stored files are not read here (this runs on every view of the review page): a
    # PDF's hash is checked when the worker stores it, at every download, and for every note
    # by `manage.py verify_notes`. One not stored yet is a notice, not a fault.
    if versions is None:
        versions = NoteVersion.objects.filter(visit=visit).order_by("number")
    notices += [_("The PDF of version %(number)d is being prepared.") % {"number": version.number}
                for version in versions if version.pending]
    return Verification(not problems, problems, notices)
