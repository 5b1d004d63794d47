"""Exporting visits: who may, what the export holds, and the audit event it leaves behind."""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from backpain.core.csv_stream import in_chunks
from backpain.episodes.selectors import schedule_of

from .csv_export import visits_csv
from .fhir import visits_ndjson
from .outcomes_csv import outcome_rows, outcomes_csv
from .pdf_zip import notes_zip
from .selectors import ExportFilters, count_matching, episode_visits, export_records


class ExportFormat:
    CSV = "csv"
    FHIR = "fhir"
    PDF_ZIP = "pdf-zip"
    OUTCOMES_CSV = "outcomes-csv"  # one row per patient-timepoint of an episode of care
    ALL = (CSV, FHIR, PDF_ZIP, OUTCOMES_CSV)
    CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", FHIR: "application/fhir+ndjson",
                     PDF_ZIP: "application/zip", OUTCOMES_CSV: "text/csv; charset=utf-8"}
    FILE_NAMES = {CSV: "backpain-visits-{stamp}.csv", FHIR: "backpain-visits-{stamp}.ndjson",
                  PDF_ZIP: "backpain-notes-{stamp}.zip",
                  OUTCOMES_CSV: "backpain-outcomes-{stamp}.csv"}


logger = logging.getLogger(__name__)


@dataclass
class ExportStream:
    file_name: str
    content_type: str
    row_count: int
    chunks: Iterator[bytes]


class Counted:
    """The records of an export, counted as the export reads them."""

    def __init__(self, records):
        self.records, self.count = records, 0

    def __iter__(self):
        for record in self.records:
            self.count += 1
            yield record


def ending_audited(chunks, rows: Counted, **event):
    """Pass the export through, then say in the audit trail how it ended (T-52):

    - `exported`: every byte was handed to the server, with the rows and bytes;
    - `export_interrupted`: the client went away (the server closes the stream: GeneratorExit)
      or the process was told to stop, with the bytes handed out until then;
    - `export_failed`: an error broke it off; the error then ends the download, which a
      browser shows as failed, and the command removes its partial file.
    A worker killed outright runs no code at all: its export keeps only `export_started`,
    which never reads as complete.
    """
    sent = 0

    def record(action, **outcome):
        details = {**event["details"], "bytes_sent": sent, **outcome}
        record_event(action=action, **{**event, "details": details})

    try:
        for chunk in chunks:
            yield chunk
            sent += len(chunk)
    except GeneratorExit:
        record(AuditAction.EXPORT_INTERRUPTED, outcome="cut off by the client")
        raise
    except Exception:
        logger.exception("Export %s broke off after %d bytes", event["details"]["file_name"],
                         sent)
        record(AuditAction.EXPORT_FAILED, outcome="failed")
        raise
    except BaseException:  # KeyboardInterrupt, SystemExit: the command was stopped
        record(AuditAction.EXPORT_INTERRUPTED, outcome="stopped")
        raise
    record(AuditAction.EXPORTED, outcome="complete", rows_exported=rows.count)


def check_may_export(user, clinic_id):
    """Only the clinic's administrators (the export permission) export its records."""
    if user is not None and (not user.has_perm("visits.export_visits")
                             or user.clinic_id != clinic_id):
        raise PermissionDenied(_("Only the clinic's administrators export its records."))
    if clinic_id is None:
        raise PermissionDenied(_("An export needs a clinic."))


def download_name(export_format, started) -> str:
    """The file's name: made by the server from the format and the time, never patient text."""
    return ExportFormat.FILE_NAMES[export_format].format(
        stamp=started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))


def export_content(export_format, filters: ExportFilters, clinic_id, started):
    """The export's records (counted as they are read) and its content as byte chunks."""
    if export_format == ExportFormat.OUTCOMES_CSV:
        outcomes = Counted(outcome_rows(episode_visits(clinic_id, filters),
                                        schedule_of(clinic_id)))
        return outcomes, in_chunks(outcomes_csv(outcomes))
    records = Counted(export_records(clinic_id, filters))
    if export_format == ExportFormat.CSV:
        return records, in_chunks(visits_csv(records))
    if export_format == ExportFormat.FHIR:
        return records, in_chunks(visits_ndjson(records, clinic_id, started))
    return records, in_chunks(notes_zip(records, started))


def export_visits(*, export_format, filters: ExportFilters, clinic_id, user=None, request=None,
                  actor="") -> ExportStream:
    """Record the start of the export in the audit trail, then hand back its content as a
    stream whose end (complete, cut off or failed) is audited too. The web page runs exports
    as jobs (jobs.py); this stream serves `manage.py export_visits`.

    `user` is an administrator; a scripted export (the management command) passes no user but
    names itself as `actor`. `row_count` is the number of visits matching when the export
    starts; the end event adds how many were written.
    """
    if export_format not in ExportFormat.ALL:
        raise ValueError(f"Unknown export format {export_format!r}.")
    check_may_export(user, clinic_id)
    started = timezone.now()
    file_name = download_name(export_format, started)
    row_count = count_matching(clinic_id, filters)
    event = {"request": request, "user": user, "username": actor, "clinic_id": clinic_id,
             "details": {"format": export_format, "filters": filters.as_audit(),
                         "row_count": row_count, "file_name": file_name}}
    with transaction.atomic():
        started_event = record_event(action=AuditAction.EXPORT_STARTED, **event)
    event["details"] = {**event["details"], "export_started": started_event.pk}
    records, chunks = export_content(export_format, filters, clinic_id, started)
    return ExportStream(file_name, ExportFormat.CONTENT_TYPES[export_format], row_count,
                        ending_audited(chunks, records, **event))
