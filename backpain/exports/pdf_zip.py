"""A ZIP of the signed notes (latest version of each visit) with a CSV manifest, streamed.

The standard library's zipfile writes to any unseekable file object (it then uses data
descriptors), so the archive is written into a pipe that is drained after every chunk of
every PDF: nothing is built in memory, whatever the number of notes. Entry names are made
by the server from ids (visit-12-note-v2.pdf), never from patient text.

The manifest's SHA-256 is the one recorded when the version was signed: checking the files
against it checks them against the signed record, not against themselves. Its `file_check`
column says what the server found when it read each file (ok, mismatch, missing), or
"pending" for a note signed moments ago whose PDF the worker has not stored yet.
"""

import csv
import hashlib
import io
import tempfile
import zipfile
from datetime import UTC

from backpain.core.csv_stream import spreadsheet_safe

from .rows import signed_by, utc

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["file_name", "visit_id", "visit_date", "patient_mrn", "note_version",
                    "sha256", "signed_by", "signed_at", "signature_meaning", "file_check"]
READ_CHUNK = 64 * 1024
# The manifest is small (one line per visit); past this size it is spooled to disk.
MANIFEST_IN_MEMORY = 1024 * 1024


class _Pipe(io.RawIOBase):
    """Write-only and unseekable: zipfile streams into it, the response drains it."""

    def __init__(self):
        super().__init__()
        self._chunks = []

    def writable(self):
        return True

    def write(self, data):
        self._chunks.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def zip_time(moment):
    return moment.astimezone(UTC).timetuple()[:6]


def add_pdf(archive, pipe, version):
    """Stream one stored PDF into the archive; returns what was found (ok/mismatch/missing,
    or pending: the worker has not stored it yet)."""
    if version.pending:
        return "pending"
    try:
        source = version.pdf.open("rb")
    except (OSError, ValueError):
        return "missing"
    info = zipfile.ZipInfo(version.download_name, date_time=zip_time(version.signature.signed_at))
    info.compress_type = zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    with source, archive.open(info, "w") as entry:
        for chunk in source.chunks(READ_CHUNK):
            digest.update(chunk)
            entry.write(chunk)
            yield pipe.drain()
    return "ok" if digest.hexdigest() == version.pdf_sha256 else "mismatch"


def manifest_row(record, version, file_check):
    visit = record.visit
    row = [version.download_name if file_check in ("ok", "mismatch") else "",
           visit.pk, visit.visit_date.isoformat(), visit.patient.mrn]
    if version is None:
        return [*row, "", "", "", "", "", file_check]
    signature = version.signature
    return [*row, version.number, version.pdf_sha256, signed_by(signature),
            utc(signature.signed_at), signature.meaning, file_check]


def notes_zip(records, generated_at):
    """The ZIP of the records' latest signed PDFs and manifest.csv, as byte chunks."""
    pipe = _Pipe()
    with tempfile.SpooledTemporaryFile(MANIFEST_IN_MEMORY, mode="w+", newline="",
                                       encoding="utf-8") as manifest:
        writer = csv.writer(manifest, lineterminator="\r\n")
        writer.writerow(MANIFEST_COLUMNS)
        with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for record in records:
                version = record.latest_version
                file_check = "not signed"
                if version is not None:
                    file_check = yield from add_pdf(archive, pipe, version)
                writer.writerow([spreadsheet_safe(str(value))
                                 for value in manifest_row(record, version, file_check)])
            manifest.seek(0)
            info = zipfile.ZipInfo(MANIFEST_NAME, date_time=zip_time(generated_at))
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as entry:
                while text := manifest.read(READ_CHUNK):
                    entry.write(text.encode("utf-8"))
                    yield pipe.drain()
        yield pipe.drain()  # the central directory, written when the archive closes
