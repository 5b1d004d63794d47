"""The visit note as one canonical document: what the physician signs, hashes and prints.

The document holds display text (labels, not codes) so that the signed hash covers exactly
what the reader sees, plus the engine's assessment as it stood at signing.

Format 4 (new notes) is format 3 with what changed since the previous signed visit of the
episode (history and examination values, each with what it was; notes/changes.py). Format 3 is
format 2 with the patient's outcome trends as they stood at signing (the series the chart is
printed from). Format 2 opens with a summary paragraph and groups
each step's findings by block (positives as rows, negatives in one line, free text as
paragraphs). Format 1 is kept as it
was: a note signed in it is verified by rebuilding it in its own format. A note is verified
on its visit, sections and conclusion: the trends of format 3 and the changes of format 4 are
kept as signed (hashed), not rebuilt, since a visit signed later may fall before this one.
"""

import hashlib
import json

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.accounts.models import clinic_language
from backpain.clinical import dictionary, icd10cm
from backpain.clinical.codes import label_for
from backpain.clinical.dictionary import Finding, Grid
from backpain.clinical.dictionary.roots import SIDES, grid_column, side_column
from backpain.visits.assessments import assessment_of
from backpain.visits.display import display_value
from backpain.visits.models import DiagnosticStudy
from backpain.visits.steps import STEPS
from backpain.visits.trends import visit_trends

from .changes import changes_since_last
from .grouping import grid_table, grouped, questionnaire_rows, sided_signs
from .summary import summary_paragraph

FORMAT_1 = "backpain-note/1"
FORMAT_2 = "backpain-note/2"
FORMAT_3 = "backpain-note/3"
FORMAT = "backpain-note/4"
FORMATS = (FORMAT_1, FORMAT_2, FORMAT_3, FORMAT)
GRIDS = tuple(item for item in dictionary.section("exam") if isinstance(item, Grid))
SIGNS = tuple(item for item in dictionary.section("exam")
              if isinstance(item, Finding) and item.sided)
# Grid and sided columns print as tables, not as rows of their own.
TABLE_COLUMNS = {column for column, path in dictionary.column_paths((*GRIDS, *SIGNS))}
GRID_TITLES = {"motor": gettext_lazy("Motor (MRC grade 0-5)"),
               "reflexes": gettext_lazy("Reflexes (0-4)"), "sensation": gettext_lazy("Sensation")}
# The order of the first notes: motor, reflexes, sensation.
GRID_ORDER = ("motor", "reflexes", "sensation")
# The physician's conclusion is its own section of the note, not a list of raw fields.
CONCLUSION_FIELDS = {"confirmed_patterns", "override_reason", "diagnoses",
                     "acknowledged_red_flags"}


def rows_of(model, record, names):
    """(label, value) of every recorded field: an unrecorded field is left out of the note."""
    rows = []
    for name in names:
        value = getattr(record, name)
        if value is None or value in ("", []):
            continue
        label = str(model._meta.get_field(name).verbose_name)
        rows.append({"label": label[:1].upper() + label[1:],
                     "value": display_value(model, name, value)})
    return rows


def grid(record, item: Grid):
    """A left/right table of one grid (motor, reflexes, sensation): examined rows only."""
    rows = []
    for key in item.keys:
        left, right = (getattr(record, grid_column(item.prefix, key, side)) for side in SIDES)
        if left is None and right is None:
            continue
        rows.append([key if key.isupper() else key.capitalize(), item.key_detail.get(key, ""),
                     shown(item, left), shown(item, right)])
    if not rows:
        return None
    return {"title": str(GRID_TITLES.get(item.name, item.title)),
            "columns": ["", _("Test"), _("Left"), _("Right")], "rows": rows}


def shown(item, value):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, str) and item.values is not None:
        return item.values.label(value)
    return str(value)


def exam_grids(record):
    grids = [grid(record, item) for item in sorted(GRIDS, key=lambda g: GRID_ORDER.index(g.name))]
    ordered = sorted(SIGNS, key=lambda sign: sign.kind is not dictionary.Kind.TRI)
    signs = [[sign.label, "", *(shown(sign, getattr(record, side_column(sign.name, side)))
                                for side in SIDES)]
             for sign in ordered
             if any(getattr(record, side_column(sign.name, side)) is not None
                    for side in SIDES)]
    if signs:
        grids.append({"title": _("Signs by side"), "columns": ["", "", _("Left"), _("Right")],
                      "rows": signs})
    return [table for table in grids if table]


def study_rows(study):
    return rows_of(DiagnosticStudy, study, DiagnosticStudy.finding_field_names())


def step_section(step, visit):
    record = step.record_of(visit)
    names = [n for n in step.model.finding_field_names()
             if n not in TABLE_COLUMNS and n not in CONCLUSION_FIELDS]
    section = {"slug": step.slug, "title": str(step.title),
               "rows": rows_of(step.model, record, names) if record else [], "grids": [],
               "studies": []}
    if record is not None and step.slug == "examination":
        section["grids"] = exam_grids(record)
    if step.formset_path:
        section["studies"] = [study_rows(study) for study in step.studies_of(visit)]
    return section


def conclusion(visit, engine):
    record = visit.step_record("assessment")
    engine_patterns = sorted(p["code"] for p in engine.get("patterns", []))
    if record is None:
        return {"confirmed_patterns": [], "override_reason": "", "diagnoses": [],
                "engine_patterns": [label_for(code) for code in engine_patterns],
                "acknowledged_red_flags": []}
    return {
        "confirmed_patterns": [label_for(code) for code in record.confirmed_patterns],
        "engine_patterns": [label_for(code) for code in engine_patterns],
        "override_reason": record.override_reason,
        "diagnoses": [icd10cm.described(code) for code in record.diagnoses],
        "acknowledged_red_flags": [label_for(code) for code in record.acknowledged_red_flags],
    }


def finding_names(step):
    return [n for n in step.model.finding_field_names()
            if n not in TABLE_COLUMNS and n not in CONCLUSION_FIELDS]


def step_findings(step, visit):
    """A step of a format-2 note: its blocks, paragraphs, grids and studies."""
    record = step.record_of(visit)
    section = {"slug": step.slug, "title": str(step.title), "blocks": [], "texts": [],
               "screen_negatives": [], "grids": [], "studies": []}
    if record is not None and step.slug == "questionnaires":
        rows = questionnaire_rows(record)
        section["blocks"] = [{"title": "", "rows": rows, "negatives": []}] if rows else []
    elif record is not None:
        section.update(grouped(step.model, record, finding_names(step),
                               screen_line=step.slug == "history"))
    if record is not None and step.slug == "examination":
        add_exam_tables(section, record)
    if step.formset_path:
        section["studies"] = [grouped(DiagnosticStudy, study,
                                      DiagnosticStudy.finding_field_names())
                              for study in step.studies_of(visit)]
    return section


def add_exam_tables(section, record):
    """The grids (normal roots in a line, the others as a table) and the signs by side
    (negative ones in their block's line)."""
    ordered = sorted(GRIDS, key=lambda g: GRID_ORDER.index(g.name))
    tables = [grid_table(record, item, GRID_TITLES.get(item.name, item.title), shown)
              for item in ordered]
    signs = sorted(SIGNS, key=lambda sign: sign.kind is not dictionary.Kind.TRI)
    rows, negatives = sided_signs(record, signs, shown)
    if rows:
        tables.append({"title": _("Signs by side"), "columns": ["", "", _("Left"), _("Right")],
                       "rows": rows, "normal": []})
    section["grids"] = [table for table in tables if table]
    if negatives:
        group = _(SIGNS[0].group)
        block = next((b for b in section["blocks"] if b["title"] == group), None)
        if block is None:
            block = {"title": group, "rows": [], "negatives": []}
            section["blocks"].append(block)
        block["negatives"] += negatives


def plan_in_words(visit) -> dict:
    record = visit.step_record("plan")
    if record is None:
        return {}
    model = type(record)
    disposition = record.disposition
    return {"disposition": display_value(model, "disposition", disposition)
            if disposition else "", "follow_up_weeks": record.follow_up_weeks}


def radiation_in_words(visit) -> str:
    record = visit.step_record("history")
    if record is None or not record.radiation or record.radiation == ["none"]:
        return ""
    return display_value(type(record), "radiation", record.radiation)


def note_document(visit, addenda=(), note_format=FORMAT) -> dict:
    """The canonical note of a visit (its steps joined in) and its addenda so far, in the
    given format (a signed note's record parts are rebuilt in its own to be verified).

    Its words are those of the clinic's locale, whoever asks (the signing physician, a
    later verification, an export): what is signed and hashed never depends on the reader."""
    with translation.override(clinic_language(visit.patient.clinic)):
        document = record_parts(visit, addenda, note_format)
        if note_format in (FORMAT_3, FORMAT):
            document["outcomes"] = visit_trends(visit)
        if note_format == FORMAT:
            document["changes"] = changes_since_last(visit)
        if note_format != FORMAT_1:
            document["summary"] = summary_paragraph(
                document["patient"], document["visit"], document["sections"],
                document["decision_support"], document["conclusion"],
                radiation=radiation_in_words(visit), plan=plan_in_words(visit))
        return document


def record_parts(visit, addenda=(), note_format=FORMAT) -> dict:
    """The parts of the note that its own visit's record determines (clinic, patient, visit,
    sections, decision support, conclusion, addenda), in the clinic's words: what a
    verification rebuilds and compares with what was signed (notes.services.verify_note).
    The outcome trends and the changes since the last visit are read from other visits, and
    the summary is written from these parts: a verification needs none of them."""
    if note_format not in FORMATS:
        raise ValueError(f"unknown note format: {note_format!r}")
    with translation.override(clinic_language(visit.patient.clinic)):
        return clinic_note_document(visit, addenda, note_format)


def clinic_note_document(visit, addenda, note_format=FORMAT) -> dict:
    patient, clinic = visit.patient, visit.patient.clinic
    engine = assessment_of(visit).data
    physician = visit.assigned_physician
    build = step_section if note_format == FORMAT_1 else step_findings
    return {
        "format": note_format,
        "clinic": {"name": clinic.name, "address": clinic.address, "phone": clinic.phone},
        "patient": {"mrn": patient.mrn, "family_name": patient.family_name,
                    "given_name": patient.given_name,
                    "date_of_birth": patient.date_of_birth.isoformat(),
                    "sex": patient.get_sex_display()},
        "visit": {"id": visit.pk, "visit_date": visit.visit_date.isoformat(),
                  "visit_type": visit.get_visit_type_display(),
                  "chief_complaint": visit.chief_complaint,
                  "physician": physician.signature_name if physician else ""},
        "sections": [build(step, visit) for step in STEPS],
        "decision_support": engine,
        "conclusion": conclusion(visit, engine),
        "addenda": [{"number": n, "text": a.text, "reason": a.reason,
                     "author": a.author.signature_name,
                     "created_at": a.created_at.isoformat()}
                    for n, a in enumerate(addenda, start=1)],
    }


def canonical_json(document) -> bytes:
    """One byte sequence per document: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def content_hash(document) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()
