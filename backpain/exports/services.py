"""Exporting visits: who may, what the export holds, and the audit event it leaves behind."""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .csv_export import visits_csv
from .fhir import visits_ndjson
from .pdf_zip import notes_zip
from .selectors import ExportFilters, count_matching, export_records


class ExportFormat:
    CSV = "csv"
    FHIR = "fhir"
    PDF_ZIP = "pdf-zip"
    ALL = (CSV, FHIR, PDF_ZIP)
    CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", FHIR: "application/fhir+ndjson",
                     PDF_ZIP: "application/zip"}
    FILE_NAMES = {CSV: "backpain-visits-{stamp}.csv", FHIR: "backpain-visits-{stamp}.ndjson",
                  PDF_ZIP: "backpain-notes-{stamp}.zip"}


RESPONSE_CHUNK = 64 * 1024
logger = logging.getLogger(__name__)


@dataclass
class ExportStream:
    file_name: str
    content_type: str
    row_count: int
    chunks: Iterator[bytes]


def in_chunks(pieces, size=RESPONSE_CHUNK):
    """Join small pieces (a CSV line, an NDJSON Bundle) into fewer, larger writes."""
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if length:
        yield b"".join(buffer)


def failures_audited(chunks, **event):
    """Pass the export through; if it breaks off with an error, say so in the audit trail
    (with how much had gone out) before the error ends the download. A browser shows a
    download cut off this way as failed, and the command removes its partial file."""
    sent = 0
    try:
        for chunk in chunks:
            yield chunk
            sent += len(chunk)
    except Exception:
        logger.exception("Export %s broke off after %d bytes", event["details"]["file_name"],
                         sent)
        event["details"] = {**event["details"], "bytes_sent": sent}
        record_event(action=AuditAction.EXPORT_FAILED, **event)
        raise


def export_visits(*, export_format, filters: ExportFilters, clinic_id, user=None, request=None,
                  actor="") -> ExportStream:
    """Record the export in the audit trail, then hand back its content as a stream.

    `user` is the administrator exporting from the web; a scripted export (the management
    command) passes no user but names itself as `actor`. The audited row count is the
    number of visits matching when the export starts.
    """
    if export_format not in ExportFormat.ALL:
        raise ValueError(f"Unknown export format {export_format!r}.")
    if user is not None and (not user.is_administrator or user.clinic_id != clinic_id):
        raise PermissionDenied("Only the clinic's administrators export its records.")
    if clinic_id is None:
        raise PermissionDenied("An export needs a clinic.")
    started = timezone.now()
    file_name = ExportFormat.FILE_NAMES[export_format].format(
        stamp=started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))
    row_count = count_matching(clinic_id, filters)
    event = {"request": request, "user": user, "username": actor, "clinic_id": clinic_id,
             "details": {"format": export_format, "filters": filters.as_audit(),
                         "row_count": row_count, "file_name": file_name}}
    with transaction.atomic():
        record_event(action=AuditAction.EXPORTED, **event)
    records = export_records(clinic_id, filters)
    if export_format == ExportFormat.CSV:
        chunks = in_chunks(visits_csv(records))
    elif export_format == ExportFormat.FHIR:
        chunks = in_chunks(visits_ndjson(records, clinic_id, started))
    else:
        chunks = in_chunks(notes_zip(records, started))
    return ExportStream(file_name, ExportFormat.CONTENT_TYPES[export_format], row_count,
                        failures_audited(chunks, **event))
