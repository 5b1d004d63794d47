"""One visit as one flat record keyed by stable column names (the CSV header, the FHIR codes).

Column names are the paths of the data dictionary (docs/findings.md): `history.regions`,
`exam.motor.L5.left`, `questionnaires.odi.1`, `diagnostics.labs.crp_mg_l`; then the
physician's assessment and plan, the engine's reading (`engine.*`), the signature
(`note.*`) and the episode of care (`episode.*`). The header is fixed,
whatever the visits hold, so scheduled exports load into the same table every time.

Studies repeat within a visit: `diagnostics.studies` holds them as one JSON array (each
study with every field of docs/findings.md), beside `diagnostics.studies.count`.
"""

import json
from datetime import UTC
from typing import Any, NamedTuple

from django.db import models

from backpain.clinical import dictionary, icd10cm
from backpain.clinical.dictionary import Finding, Grid, Kind
from backpain.patients.models import age_in_years
from backpain.visits.models import Assessment
from backpain.visits.models.assessment import unreviewed_flags
from backpain.visits.models.step import finding_value as engine_value

from .selectors import STEP_MODELS, ExportRecord

# The exam's columns as the first exports laid them out (scheduled loads line up): findings,
# then the grids, then the signs by side.
CSV_GRID_ORDER = ("motor", "reflexes", "sensation")
QUESTIONNAIRES = tuple((item.name, len(item.items))
                       for item in dictionary.section("questionnaires")
                       if isinstance(item, dictionary.ItemList))

IDENTITY_COLUMNS = [
    "visit.id", "patient.id", "patient.mrn", "patient.family_name", "patient.given_name",
    "patient.date_of_birth", "patient.age_years", "patient.sex", "visit.visit_date",
    "visit.visit_type", "visit.status", "visit.chief_complaint", "visit.assigned_physician",
]


def paths_of(items) -> list[str]:
    return [path for _column, path in dictionary.column_paths(tuple(items))]


def exam_paths() -> list[str]:
    items = dictionary.section("exam")
    plain = [i for i in items if isinstance(i, Finding) and not i.sided]
    grids = sorted((i for i in items if isinstance(i, Grid)),
                   key=lambda grid: CSV_GRID_ORDER.index(grid.name))
    sided = sorted((i for i in items if isinstance(i, Finding) and i.sided),
                   key=lambda sign: sign.kind is not Kind.TRI)
    return paths_of([*plain, *grids, *sided])


# Column -> path of every stored finding, for readers of a step's columns (FHIR labels).
STORED_PATHS = {section: dict(dictionary.column_paths(dictionary.section(section)))
                for section in ("history", "exam", "diagnostics.labs")}

FINDING_COLUMNS = [
    *paths_of(dictionary.section("history")),
    *exam_paths(),
    "diagnostics.studies.count",
    "diagnostics.studies",
    *paths_of(dictionary.section("diagnostics.labs")),
    *paths_of(dictionary.section("questionnaires")),
    *[f"assessment.{name}" for name in Assessment.finding_field_names()],
    "assessment.red_flags_acknowledged",
    "assessment.diagnoses.described",
    *paths_of(dictionary.section("plan")),
]
ENGINE_COLUMNS = [
    "engine.as_of", "engine.rules_version", "engine.problems", "engine.red_flags",
    "engine.red_flags.urgency", "engine.red_flags.time_frame", "engine.red_flags.evidence",
    "engine.screening_gaps", "engine.location.extent", "engine.duration.days",
    "engine.duration.category", "engine.patterns", "engine.patterns.levels", "engine.generators",
    "engine.imaging.advice", "engine.imaging.region", "engine.imaging.also",
    "engine.suggested_tests", "engine.scores.odi.percent", "engine.scores.odi.band",
    "engine.scores.ndi.score", "engine.scores.ndi.percent", "engine.scores.ndi.band",
    "engine.scores.startback.total", "engine.scores.startback.psychosocial",
    "engine.scores.startback.risk", "engine.diagnosis_suggestions",
]
NOTE_COLUMNS = [
    "note.signed_by", "note.signed_at", "note.meaning", "note.content_sha256",
    "note.version", "note.version_signed_by", "note.version_signed_at", "note.pdf_sha256",
]
# The episode of care came after the first exports: its columns come last, so that a
# scheduled load of the earlier columns still lines up.
EPISODE_COLUMNS = ["episode.id", "episode.condition", "episode.status", "episode.index_date"]
COLUMNS = [*IDENTITY_COLUMNS, *FINDING_COLUMNS, *ENGINE_COLUMNS, *NOTE_COLUMNS,
           *EPISODE_COLUMNS]


def flatten(prefix, value, into):
    """Nested findings (pairs, grids) become one entry per leaf: exam.motor.L5.left."""
    if isinstance(value, dict):
        for key, inner in value.items():
            flatten(f"{prefix}.{key}", inner, into)
    else:
        into[prefix] = value


# Where each step's stored columns go: relation -> [(path, column)], from the dictionary.
STEP_SECTIONS = {"history": "history", "examination": "exam",
                 "questionnaires": "questionnaires", "labs": "diagnostics.labs",
                 "plan": "plan"}
# Integers and booleans are stored as the engine reads them; text is None when empty; other
# values are converted by finding_value (lists, decimals, dates).
AS_STORED = (models.IntegerField, models.BooleanField)
TEXT = (models.CharField, models.TextField)


class StepColumns(NamedTuple):
    """(path, column) of a step's stored findings, by how a value becomes the engine's."""

    as_stored: list[tuple[str, str]]
    text: list[tuple[str, str]]
    converted: list[tuple[str, str]]


def step_column_paths(relation, pairs) -> StepColumns:
    model = STEP_MODELS[relation]
    columns = StepColumns([], [], [])
    for path, column in pairs:
        field = model._meta.get_field(column)
        kind = (columns.as_stored if isinstance(field, AS_STORED) else
                columns.text if isinstance(field, TEXT) else columns.converted)
        kind.append((path, column))
    return columns


STEP_COLUMN_PATHS = {
    **{relation: step_column_paths(relation, [
        (path, column) for column, path in dictionary.column_paths(dictionary.section(section))])
       for relation, section in STEP_SECTIONS.items()},
    # Of the assessment only the impression is declared: its columns are named after it.
    "assessment": step_column_paths("assessment", [
        (f"assessment.{name}", name) for name in Assessment.finding_field_names()]),
}


def step_values(record: ExportRecord) -> dict:
    """The visit's stored findings by path, as the engine reads them (steps/StepRecord.to_findings):
    an empty list or text is None, decimals are numbers, dates ISO text."""
    values: dict[str, Any] = {}
    for relation, stored in record.steps.items():
        if stored is not None:
            columns = STEP_COLUMN_PATHS[relation]
            for path, column in columns.as_stored:
                values[path] = stored[column]
            for path, column in columns.text:
                values[path] = stored[column] or None  # as engine_value: "" is not answered
            for path, column in columns.converted:
                values[path] = engine_value(stored[column])
    return values


def visit_values(record: ExportRecord) -> dict:
    """Every column's value but the steps' findings: who and when, the studies, the
    physician's conclusion, the engine's reading, the signature and the episode."""
    visit, patient = record.visit, record.visit.patient
    physician = visit.assigned_physician
    studies = [study.to_findings() for study in record.studies]
    values: dict[str, Any] = {
        "visit.id": visit.pk,
        "patient.id": patient.pk,
        "patient.mrn": patient.mrn,
        "patient.family_name": patient.family_name,
        "patient.given_name": patient.given_name,
        "patient.date_of_birth": patient.date_of_birth.isoformat(),
        "patient.age_years": age_in_years(patient.date_of_birth, visit.visit_date),
        "patient.sex": patient.sex,
        "visit.visit_date": visit.visit_date.isoformat(),
        "visit.visit_type": visit.visit_type,
        "visit.status": visit.status,
        "visit.chief_complaint": visit.chief_complaint,
        "visit.assigned_physician": physician.signature_name if physician else None,
        "diagnostics.studies.count": len(studies),
        "diagnostics.studies": studies,
        "episode.id": visit.episode_id,
        "episode.condition": visit.episode.condition,
        "episode.status": visit.episode.status,
        "episode.index_date": visit.episode.index_date.isoformat(),
    }
    values.update(conclusion_values(record))
    values.update(engine_values(record))
    values.update(note_values(record))
    return values


def conclusion_values(record: ExportRecord) -> dict:
    stored = record.steps.get("assessment")
    if stored is None:
        return {}
    # From the stored values as the model holds them, without making an Assessment per visit.
    return {"assessment.red_flags_acknowledged":
            not unreviewed_flags(record.red_flag_codes, stored["acknowledged_red_flags"]),
            "assessment.diagnoses.described": [icd10cm.described(code)
                                               for code in stored["diagnoses"]]}


def engine_values(record: ExportRecord) -> dict:
    data = record.decision_support
    flags = data.get("red_flags") or []
    scores = data.get("scores") or {}
    values = {
        "engine.as_of": record.engine_as_of,
        "engine.problems": record.engine_problems,
        "engine.red_flags": [flag["code"] for flag in flags],
        # Sorted by urgency: the first flag's is the visit's highest.
        "engine.red_flags.urgency": flags[0]["urgency"] if flags else None,
        # Of the most urgent flag (a note signed under rules version 1 has none).
        "engine.red_flags.time_frame": flags[0].get("time_frame") if flags else None,
        "engine.rules_version": data.get("rules_version", "1" if data else None),
        "engine.red_flags.evidence": [f"{flag['code']}: {item}" for flag in flags
                                      for item in flag.get("evidence_words")
                                      or flag["evidence"]],
        "engine.screening_gaps": [gap["field"] for gap in data.get("screening_gaps") or []],
        "engine.location.extent": (data.get("location") or {}).get("extent"),
        "engine.duration.days": (data.get("duration") or {}).get("days"),
        "engine.duration.category": (data.get("duration") or {}).get("category"),
        "engine.patterns": [p["code"] for p in data.get("patterns") or []],
        "engine.patterns.levels": [f"{p['code']}: {level}" for p in data.get("patterns") or []
                                   for level in p["levels"]],
        "engine.generators": [g["code"] for g in data.get("generators") or []],
        "engine.imaging.advice": (data.get("imaging") or {}).get("advice"),
        "engine.imaging.region": (data.get("imaging") or {}).get("region"),
        "engine.imaging.also": [other["advice"]
                                for other in (data.get("imaging") or {}).get("also", [])],
        "engine.suggested_tests": [test["test"] for test in data.get("suggested_tests") or []],
        "engine.diagnosis_suggestions": data.get("diagnosis_suggestions") or [],
    }
    for name in ("odi", "ndi", "startback"):
        flatten(f"engine.scores.{name}", scores.get(name) or {}, values)
    return values


def note_values(record: ExportRecord) -> dict:
    values: dict[str, Any] = {}
    signature, version = record.note_signature, record.latest_version
    if signature is not None:
        values.update({
            "note.signed_by": signed_by(signature),
            "note.signed_at": utc(signature.signed_at),
            "note.meaning": signature.meaning,
            "note.content_sha256": signature.content_hash,
        })
    if version is not None:
        values.update({
            "note.version": version.number,
            "note.version_signed_by": signed_by(version.signature),
            "note.version_signed_at": utc(version.signature.signed_at),
            "note.pdf_sha256": version.pdf_sha256,
        })
    return values


def signed_by(signature) -> str:
    if signature.credentials:
        return f"{signature.printed_name}, {signature.credentials}"
    return signature.printed_name


def utc(moment) -> str:
    return moment.astimezone(UTC).isoformat()


def record_values(record: ExportRecord) -> dict:
    """Every column's value for one visit, typed (lists, booleans, numbers, None)."""
    values = step_values(record)
    values.update(visit_values(record))
    return values


def cell(value) -> str:
    """A typed value as CSV text: lists joined with ";", booleans true/false, null empty."""
    kind = type(value)  # by type, most common first: this runs for every cell of an export
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        if any(isinstance(item, dict) for item in value):
            return json.dumps(value, sort_keys=True, ensure_ascii=False)
        return ";".join([cell(item) for item in value])
    return str(value)
