"""The CSV export: a fixed header, RFC 4180 quoting, formulas neutralised, nothing dropped."""

import json
from datetime import UTC

import pytest

from backpain.core.csv_stream import csv_lines, spreadsheet_safe
from backpain.exports.rows import COLUMNS, cell, record_values
from backpain.exports.selectors import ExportFilters, export_records
from backpain.notes.models import Signature
from backpain.visits.models import DiagnosticStudy, History

from .builders import PDF_BYTES, add_version_2, fully_filled_visit, simple_visit
from .completeness import as_cell, plain, recorded_findings
from .helpers import csv_rows, export_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dangerous", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "=HYPERLINK(\"http://x\")",
    # full-width and small forms, which Excel reads as their ASCII characters
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe661+1", "\ufe621",
    # whitespace (or invisible characters) before a formula character
    " =1+1", "   +1", "\u00a0=1", "\u3000=1", "\u200b=1", "\ufeff@SUM(A1)", " \uff1d1",
])
def test_cells_that_spreadsheets_execute_are_prefixed(dangerous):
    assert spreadsheet_safe(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["", "lumbar", "2024-05-10", "a=b", "'quoted", "M54.16",
                                      " lumbar", "\uff21", "a\uff1db", "  "])
def test_other_cells_are_left_alone(harmless):
    assert spreadsheet_safe(harmless) == harmless


def test_rfc_4180_quoting_and_crlf():
    lines = list(csv_lines(["a", "b"], [['He said "no", twice', "line one\nline two"]]))
    assert lines[0] == "\ufeffa,b\r\n"
    assert lines[1] == '"He said ""no"", twice","line one\nline two"\r\n'


def test_patient_text_cannot_become_a_formula(clinic, physician):
    visit = simple_visit(clinic, physician, chief_complaint="=cmd|' /C calc'!A0")
    patient = visit.patient
    type(patient).objects.filter(pk=patient.pk).update(family_name="+Evil", given_name="@Ann",
                                                        mrn="-42")
    [row] = csv_rows(export_bytes("csv", clinic))
    assert row["visit.chief_complaint"] == "'=cmd|' /C calc'!A0"
    assert row["patient.family_name"] == "'+Evil"
    assert row["patient.given_name"] == "'@Ann"
    assert row["patient.mrn"] == "'-42"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_header_is_fixed_and_one_row_per_visit(clinic, physician):
    simple_visit(clinic, physician)
    simple_visit(clinic, physician)
    data = export_bytes("csv", clinic)
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").split("\r\n", 1)[0] == ",".join(COLUMNS)
    assert len(csv_rows(data)) == 2
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_no_value_of_a_visit_falls_outside_the_header(clinic, physician, intake):
    fully_filled_visit(clinic, physician, intake)
    [record] = export_records(clinic.pk, ExportFilters())
    assert set(record_values(record)) <= set(COLUMNS)


def test_every_finding_is_in_its_column(clinic, physician, intake):
    """Completeness: each field of docs/findings.md, filled with a distinctive value, is
    exported."""
    visit = fully_filled_visit(clinic, physician, intake)
    [row] = csv_rows(export_bytes("csv", clinic))
    expected = recorded_findings(visit)
    # Every section of docs/findings.md is covered: history, exam, labs, questionnaires, ...
    assert len(expected) > 180
    for column, value in expected.items():
        assert value not in (None, "", []), column
        assert row[column] == spreadsheet_safe(as_cell(value)), column

    studies = json.loads(row["diagnostics.studies"])
    assert row["diagnostics.studies.count"] == "2"
    for exported, study in zip(studies, DiagnosticStudy.objects.filter(visit=visit),
                               strict=True):
        for name in DiagnosticStudy.finding_field_names():
            assert exported[name] == plain(getattr(study, name)), name

    assert row["patient.mrn"] == "'+MRN-77"
    assert row["patient.family_name"] == "Ngata"
    assert row["patient.date_of_birth"] == "1961-02-03"
    assert row["patient.age_years"] == "63"
    assert row["visit.chief_complaint"] == "'@SUM(1+1) back pain after surgery"
    assert row["assessment.diagnoses"] == "M54.16;G83.4"
    # Only the cauda equina flag was acknowledged: "true" exactly when it is the only one.
    raised = set(row["engine.red_flags"].split(";"))
    assert row["assessment.red_flags_acknowledged"] == (
        "true" if raised <= {"cauda_equina_syndrome"} else "false")
    assert row["note.signed_by"] == "Jane Doe, MD"
    assert row["note.signed_at"].endswith("+00:00")
    assert row["note.version"] == "1"
    assert len(row["note.pdf_sha256"]) == 64


def test_engine_columns(clinic, physician):
    simple_visit(clinic, physician, red_flag=True)
    [row] = csv_rows(export_bytes("csv", clinic))
    assert row["engine.as_of"] == "signing"
    assert row["engine.red_flags"] == "cauda_equina_syndrome"
    assert row["engine.red_flags.urgency"] == "emergency"
    assert "Bladder problems: Retention (cannot pass urine)" in row["engine.red_flags.evidence"]
    assert row["engine.imaging.advice"] == "emergency_mri"


def test_unsigned_visit_is_read_by_the_engine_at_export(clinic, physician):
    visit = simple_visit(clinic, physician, signed=False)
    history = History.objects.get(visit=visit)
    history.bladder_dysfunction = "incontinence"
    history.save()
    [row] = csv_rows(export_bytes("csv", clinic, ExportFilters(status="any")))
    assert row["engine.as_of"] == "saved"
    assert row["engine.red_flags"] == "cauda_equina_syndrome"
    assert row["note.signed_by"] == "" and row["visit.status"] == "draft"


def test_an_amended_note_names_its_signer_and_its_latest_versions(clinic, physician):
    """The note's signature (version 1) and the addendum's (version 2) each in their columns:
    the export reads the first from the note and the addendum's apart."""
    first = simple_visit(clinic, physician)
    plain = simple_visit(clinic, physician)
    add_version_2(first, physician, PDF_BYTES, printed_name="Omar Haddad", credentials="DO")
    note = Signature.objects.get(visit=first, addendum__isnull=True)
    addendum = Signature.objects.get(visit=first, addendum__isnull=False)
    rows = {row["visit.id"]: row for row in csv_rows(export_bytes("csv", clinic))}
    amended = rows[str(first.pk)]
    assert amended["note.signed_by"] == f"{note.printed_name}, {note.credentials}"
    assert amended["note.version"] == "2"
    assert amended["note.version_signed_by"] == "Omar Haddad, DO"
    assert amended["note.version_signed_at"] == addendum.signed_at.astimezone(UTC).isoformat()
    assert rows[str(plain.pk)]["note.version"] == "1"
    assert rows[str(plain.pk)]["note.version_signed_by"] == amended["note.signed_by"]


def test_each_cell_is_the_typed_value_as_text(clinic, physician, intake):
    """The CSV writes the steps' stored values straight into their cells (csv_export.visit_row)
    and the FHIR export reads them typed (rows.record_values): both say the same of each
    column, for a visit with every finding, a plain one and one with little filled in."""
    fully_filled_visit(clinic, physician, intake)
    simple_visit(clinic, physician, red_flag=True)
    simple_visit(clinic, physician, signed=False)
    rows = csv_rows(export_bytes("csv", clinic, ExportFilters(status="any")))
    records = list(export_records(clinic.pk, ExportFilters(status="any")))
    assert len(rows) == len(records) == 3
    for row, record in zip(rows, records, strict=True):
        values = record_values(record)
        assert row["visit.id"] == str(record.visit.pk)
        for column in COLUMNS:
            value = values.get(column)
            expected = spreadsheet_safe(cell(value))
            assert row[column] == expected, column
