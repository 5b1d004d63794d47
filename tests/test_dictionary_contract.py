"""The data dictionary is the one declaration of every finding: walking it, each stored answer
is a column of its step model with the declared label, a field of its step form, a property of
the engine's input schema, a column of the CSV export, coded in the FHIR export, and printed in
the note when recorded (docs/findings.md)."""

import json

import pytest

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Grid, ItemList
from backpain.clinical.findings import Findings
from backpain.exports.fhir_values import OBSERVED_FINDINGS
from backpain.exports.rows import COLUMNS
from backpain.notes.content import note_document
from backpain.visits.models import DiagnosticStudy, Examination, History, Labs, Plan
from backpain.visits.models import Questionnaires as QuestionnaireRecord
from backpain.visits.selectors import visit_with_steps_for
from backpain.visits.steps import STEPS_BY_SLUG
from tests.exports.builders import fully_filled_visit
from tests.exports.helpers import bundles, export_bytes

STEP_MODELS = {"history": History, "exam": Examination, "diagnostics.labs": Labs,
               "diagnostics.studies": DiagnosticStudy, "questionnaires": QuestionnaireRecord,
               "plan": Plan}
STEP_FORMS = {"history": "history", "exam": "examination", "diagnostics.labs": "diagnostics",
              "questionnaires": "questionnaires", "plan": "plan"}
STORED = [(section, column, path) for section in STEP_MODELS
          for column, path in dictionary.column_paths(dictionary.section(section))]


def ids(value):
    return value if isinstance(value, str) else None


@pytest.mark.parametrize(("section", "column", "path"), STORED, ids=ids)
def test_each_answer_is_a_column_of_its_step_model_with_its_label(section, column, path):
    field = STEP_MODELS[section]._meta.get_field(column)
    assert str(field.verbose_name) == dictionary.label_of(path)


@pytest.mark.parametrize("section", list(STEP_FORMS))
def test_each_answer_is_a_field_of_its_step_form(section, db):
    form = STEPS_BY_SLUG[STEP_FORMS[section]].form_class()
    columns = {column for column, _ in dictionary.column_paths(dictionary.section(section))}
    # A question asked only when another step or the patient says so is left out of a form
    # with no visit behind it, and named as such.
    assert columns <= set(form.fields) | set(getattr(form, "not_asked", ()))


def schema_has(schema, path):
    definitions = schema["$defs"]
    node = schema
    parts = path.split(".")
    for part in parts:
        if "$ref" in node:
            node = definitions[node["$ref"].rsplit("/", 1)[1]]
        if "anyOf" in node:
            node = next(option for option in node["anyOf"] if option.get("type") != "null")
            if "$ref" in node:
                node = definitions[node["$ref"].rsplit("/", 1)[1]]
        if node.get("type") == "array" and "items" in node and "$ref" in node["items"]:
            node = definitions[node["items"]["$ref"].rsplit("/", 1)[1]]
        if node.get("type") == "array":  # a questionnaire: its items are numbered
            return part.isdigit() and 1 <= int(part) <= node["minItems"]
        if node.get("type") == "object" and "additionalProperties" in node \
                and isinstance(node["additionalProperties"], dict):
            if part not in node["propertyNames"]["enum"]:
                return False
            node = node["additionalProperties"]
            continue
        if part not in node.get("properties", {}):
            return False
        node = node["properties"][part]
    return True


SCHEMA = Findings.model_json_schema()


@pytest.mark.parametrize("path", [path for _s, _c, path in STORED if not path.startswith("plan")])
def test_each_answer_is_in_the_engine_schema(path):
    assert schema_has(SCHEMA, path), path


@pytest.mark.parametrize("path", [path for section, _c, path in STORED
                                  if section != "diagnostics.studies"])
def test_each_answer_is_a_csv_column(path):
    assert path in COLUMNS


FHIR_OBSERVED = [path for section, _c, path in STORED
                 if section in ("history", "exam", "diagnostics.labs")]


@pytest.mark.parametrize("path", FHIR_OBSERVED)
def test_each_finding_is_an_observation_of_the_fhir_export(path):
    assert path in OBSERVED_FINDINGS


@pytest.mark.django_db
def test_each_recorded_finding_is_printed_in_the_note_and_coded_in_fhir(clinic, physician,
                                                                        intake):
    visit = fully_filled_visit(clinic, physician, intake)
    note = json.dumps(note_document(visit_with_steps_for(physician, visit.pk)),
                      ensure_ascii=False)
    bundle = json.dumps(bundles(export_bytes("fhir", clinic))[0], ensure_ascii=False)
    missing = []
    for item in [*dictionary.section("history"), *dictionary.section("exam"),
                 *dictionary.section("diagnostics.labs"), *dictionary.section("plan")]:
        if isinstance(item, Grid):
            words = [item.key_detail[key] for key in item.keys]
        elif isinstance(item, ItemList):
            continue
        else:
            words = [item.label]
        missing += [f"note: {item.path}: {word}" for word in words
                    if json.dumps(word, ensure_ascii=False)[1:-1] not in note]
    missing += [f"fhir: {path}" for path in FHIR_OBSERVED if f'"code": "{path}"' not in bundle]
    assert missing == []
