"""The ZIP of signed notes: safe server-made names, latest versions, a manifest that checks."""

import hashlib
import re

import pytest
from django.utils import timezone

from backpain.exports.pdf_zip import notes_zip
from backpain.exports.selectors import ExportFilters, export_records
from backpain.notes.models import NoteVersion

from .builders import PDF_BYTES, add_version_2, simple_visit
from .helpers import export_bytes, manifest, zip_entries

pytestmark = pytest.mark.django_db
SAFE_NAME = re.compile(r"^visit-\d+-note-v\d+\.pdf$")


VERSION_2 = b"%PDF-1.7\n% version two\n%%EOF\n"


def test_entries_are_the_latest_versions_with_safe_names(clinic, physician):
    first = simple_visit(clinic, physician)
    second = simple_visit(clinic, physician)
    type(second.patient).objects.filter(pk=second.patient.pk).update(
        family_name="../../etc/passwd", mrn="=1+1")
    version_2 = VERSION_2
    add_version_2(second, physician, VERSION_2)
    entries = zip_entries(export_bytes("pdf-zip", clinic))
    assert set(entries) == {f"visit-{first.pk}-note-v1.pdf", f"visit-{second.pk}-note-v2.pdf",
                            "manifest.csv"}
    for name in entries:
        assert name == "manifest.csv" or SAFE_NAME.match(name)
    assert entries[f"visit-{first.pk}-note-v1.pdf"] == PDF_BYTES
    assert entries[f"visit-{second.pk}-note-v2.pdf"] == version_2
    rows = {row["visit_id"]: row for row in manifest(entries)}
    assert rows[str(second.pk)]["patient_mrn"] == "'=1+1"


def test_manifest_hashes_match_the_files(clinic, physician):
    visits = [simple_visit(clinic, physician) for _ in range(3)]
    entries = zip_entries(export_bytes("pdf-zip", clinic))
    rows = manifest(entries)
    assert [row["visit_id"] for row in rows] == [str(v.pk) for v in visits]
    for row in rows:
        assert hashlib.sha256(entries[row["file_name"]]).hexdigest() == row["sha256"]
        assert row["signed_by"] == "Jane Doe, MD"
        assert row["signed_at"].endswith("+00:00")
        assert row["note_version"] == "1"
        assert row["file_check"] == "ok"


def test_a_changed_file_is_reported_against_the_signed_hash(clinic, physician):
    visit = simple_visit(clinic, physician)
    version = NoteVersion.objects.get(visit=visit)
    with open(version.pdf.path, "wb") as pdf:
        pdf.write(b"%PDF-1.7 tampered")
    entries = zip_entries(export_bytes("pdf-zip", clinic))
    [row] = manifest(entries)
    assert row["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert row["file_check"] == "mismatch"
    assert hashlib.sha256(entries[row["file_name"]]).hexdigest() != row["sha256"]


def test_a_missing_file_is_listed_not_zipped(clinic, physician):
    visit = simple_visit(clinic, physician)
    NoteVersion.objects.get(visit=visit).pdf.storage.delete(
        NoteVersion.objects.get(visit=visit).pdf.name)
    entries = zip_entries(export_bytes("pdf-zip", clinic))
    assert set(entries) == {"manifest.csv"}
    [row] = manifest(entries)
    assert row["file_check"] == "missing" and row["file_name"] == ""


def test_a_pdf_the_worker_has_not_stored_yet_is_listed_as_pending(clinic, physician):
    add_version_2(simple_visit(clinic, physician), physician)  # no PDF yet
    entries = zip_entries(export_bytes("pdf-zip", clinic))
    assert set(entries) == {"manifest.csv"}
    [row] = manifest(entries)
    assert row["file_check"] == "pending" and row["file_name"] == ""
    assert row["note_version"] == "2"


def test_unsigned_visits_are_listed_as_not_signed(clinic, physician):
    simple_visit(clinic, physician, signed=False)
    entries = zip_entries(export_bytes("pdf-zip", clinic, ExportFilters(status="any")))
    [row] = manifest(entries)
    assert row["file_check"] == "not signed" and row["sha256"] == ""


def test_the_archive_is_written_while_the_visits_are_read(clinic, physician):
    for _ in range(3):
        simple_visit(clinic, physician)
    read = []

    def records():
        for record in export_records(clinic.pk, ExportFilters()):
            read.append(record)
            yield record

    chunks = notes_zip(records(), timezone.now())
    first = next(chunks)
    assert first.startswith(b"PK\x03\x04")
    assert len(read) == 1, "the first PDF is sent before the next visit is read"
    rest = b"".join(chunks)
    assert len(read) == 3 and rest
