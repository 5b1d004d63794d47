"""The signed note's PDF: rendered, PAdES-signed and stored once per note version.

Signing commits the signature and a pending NoteVersion; this runs afterwards, in a worker
(tasks.py), so no visit stays locked while WeasyPrint works and a renderer failure never
refuses a signature. It is idempotent: the version row is locked while its PDF is made, a
version already stored is left alone, and the file goes under the version's own name, so a
rerun after a crash overwrites its half-written file rather than leaving a second one
(docs/security.md, "Signed notes and their PDFs").
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import NoteVersion, Signature
from .pdf import render_note_pdf

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


class StoredPdfMismatch(RuntimeError):
    """The file in storage is not the PDF that was hashed (a failing disk or store)."""


def signature_block(signature, clinic) -> dict:
    return {"kind": signature.kind,
            "addendum_number": None, "printed_name": signature.printed_name,
            "credentials": signature.credentials, "meaning": signature.get_meaning_display(),
            "signed_at": signature.signed_at, "timezone": clinic.timezone,
            "content_hash": signature.content_hash}


def signature_blocks(signatures, clinic) -> list[dict]:
    """The signature blocks of a note, addenda numbered in signing order."""
    blocks = [signature_block(s, clinic) for s in signatures]
    for number, block in enumerate((b for b in blocks if b["kind"] == "addendum"), start=1):
        block["addendum_number"] = number
    return blocks


def rendered_pdf(version) -> bytes:
    """The PDF of `version`: the content its signature binds, with the signatures given up
    to and including it (a later addendum is not part of an earlier version)."""
    from . import pades  # pyHanko (some 30 MB) loaded where a note is signed, not on import

    signature = version.signature
    # Signatures of one visit are made under its row lock, so their ids follow signing order.
    signatures = list(Signature.objects.filter(visit_id=version.visit_id, pk__lte=signature.pk)
                      .select_related("addendum"))
    pdf = render_note_pdf(signature.content,
                          signature_blocks(signatures, version.visit.patient.clinic))
    if pades.configured():
        pdf = pades.sign_pdf(pdf, reason=signature.get_meaning_display(),
                             signer_name=f"{signature.printed_name}, "
                                         f"{signature.credentials}".rstrip(", "))
    return pdf


def read_with_digest(stored) -> tuple[str, bytes]:
    """An open stored file's SHA-256 and bytes, read through the storage API in chunks (one
    note's PDF is held at a time): the worker checks what it wrote, a download and
    `verify_notes` check what is there now."""
    digest, chunks = hashlib.sha256(), []
    for chunk in iter(lambda: stored.read(CHUNK), b""):
        digest.update(chunk)
        chunks.append(chunk)
    return digest.hexdigest(), b"".join(chunks)


def store_pdf(version_pk: int) -> bool:
    """Render, sign and store the PDF of one note version, once. False when it was stored
    already (a second run, a duplicate delivery); any failure raises, for a retry."""
    with transaction.atomic():
        version = (NoteVersion.objects.select_for_update(of=("self",))
                   .select_related("signature__signer", "visit__patient__clinic")
                   .get(pk=version_pk))
        if not version.pending:
            return False
        pdf = rendered_pdf(version)
        digest = hashlib.sha256(pdf).hexdigest()
        storage, name = version.pdf.storage, version.storage_name
        if storage.exists(name):  # left by a run that crashed before recording it
            storage.delete(name)
        stored = storage.save(name, ContentFile(pdf))
        with storage.open(stored, "rb") as written:
            if stored != name or read_with_digest(written)[0] != digest:
                raise StoredPdfMismatch(f"{stored} is not the PDF of {version} just rendered")
        version.fill_pdf(stored, digest, size=len(pdf),
                         sha1=hashlib.sha1(pdf, usedforsecurity=False).hexdigest())
        # Which file now stands for the signed note, and when: in the signer's name, as the
        # signature that asked for it (the worker has no user of its own).
        record_event(action=AuditAction.NOTE_PDF_STORED, user=version.signature.signer,
                     obj=version.visit, patient_id=version.visit.patient_id,
                     details={"version": version.number, "file": stored, "sha256": digest})
    logger.info("Stored the PDF of %s (%s)", version, digest)
    return True


def pending_versions():
    return NoteVersion.objects.filter(pdf="").order_by("pk").values_list("pk", flat=True)
