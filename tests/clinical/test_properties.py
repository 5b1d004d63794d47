"""Properties over any valid findings document (docs/findings.md vocabulary,
docs/clinical-rules.md)."""

import copy
import datetime
import json

from hypothesis import HealthCheck, given, settings

from backpain.clinical import assess_document, dictionary
from tests.clinical.helpers import CORE_GAPS, URGENCY_ORDER, sort_key
from tests.strategies import findings_documents

RESULT_KEYS = {"rules_version", "red_flags", "screening_gaps", "location", "duration",
               "patterns", "generators", "imaging", "scores", "diagnosis_suggestions"}
FLAG_CODES = {"cauda_equina_syndrome", "cauda_equina_risk", "severe_neurological_deficit",
              "myelopathy", "spinal_fracture", "malignancy", "spinal_infection",
              "inflammatory_spondyloarthritis", "vascular_or_visceral_cause",
              "vascular_claudication"}
PATTERN_CODES = {"axial_mechanical", "radicular", "neurogenic_claudication", "inflammatory",
                 "myelopathic"}
GENERATOR_CODES = {"disc", "facet", "myofascial", "vertebral_fracture",
                   "spondylolysis_spondylolisthesis", "spinal_stenosis", "sacroiliac_joint",
                   "hip", "visceral_or_vascular"}
ADVICE = ["emergency_non_spinal_assessment", "emergency_mri", "urgent_mri", "ct", "xray",
          "sacroiliac_imaging", "mri_if_intervention_candidate", "no_imaging_initially"]
ICD = {"M54.2", "M54.12", "M54.6", "M54.50", "M54.59", "M54.16", "M54.41", "M54.42", "M54.40",
       "M48.062", "M46.1", "G83.4"}

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])


def lookup(document, dotted):
    node = document
    for name in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def false_to_null(value):
    if value is False:
        return None
    if isinstance(value, dict):
        return {key: false_to_null(item) for key, item in value.items()}
    if isinstance(value, list):
        return [false_to_null(item) for item in value]
    return value


# ---- properties ----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(findings_documents())
def test_any_valid_document_is_assessed_completely(document):
    original = copy.deepcopy(document)
    result = assess_document(document)
    assert set(result) == RESULT_KEYS
    assert document == original, "the engine must not modify its input"
    assert json.loads(json.dumps(result)) == result
    assert assess_document(copy.deepcopy(document)) == result


@PROPERTY_SETTINGS
@given(findings_documents())
def test_red_flags_are_well_formed_and_sorted(document):
    flags = assess_document(document)["red_flags"]
    codes = [f["code"] for f in flags]
    assert set(codes) <= FLAG_CODES
    assert len(codes) == len(set(codes)), "one card per condition"
    assert flags == sorted(flags, key=sort_key)
    for raised in flags:
        assert raised["urgency"] in URGENCY_ORDER
        assert raised["evidence"]
        assert raised["rationale"].strip()
        assert raised["citation"].strip()
    assert not {"cauda_equina_syndrome", "cauda_equina_risk"} <= set(codes)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_patterns_generators_imaging_and_codes_are_from_the_rules(document):
    result = assess_document(document)
    for found in result["patterns"]:
        assert found["code"] in PATTERN_CODES
        if found["code"] != "radicular":
            assert found["levels"] == []
    assert {g["code"] for g in result["generators"]} <= GENERATOR_CODES
    assert result["imaging"]["advice"] in ADVICE
    codes = set(result["diagnosis_suggestions"])
    assert codes <= ICD
    assert "M54.5" not in codes
    assert not ("M54.50" in codes and codes & {"M54.40", "M54.41", "M54.42"})
    if "G83.4" in codes:
        studies = lookup(document, "diagnostics.studies") or []
        assert any("cauda_equina_compression" in (s.get("findings") or []) for s in studies)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_imaging_advice_follows_the_priority_order(document):
    result = assess_document(document)
    flags = {f["code"]: f["urgency"] for f in result["red_flags"]}
    advice = result["imaging"]["advice"]
    if flags.get("vascular_or_visceral_cause") == "emergency":
        assert advice == "emergency_non_spinal_assessment"
    elif "cauda_equina_syndrome" in flags:
        assert advice == "emergency_mri"
    elif ({"myelopathy", "severe_neurological_deficit", "malignancy"} & set(flags)
          or flags.get("spinal_infection") in ("urgent", "emergency")):
        assert advice == "urgent_mri"
    elif "spinal_fracture" in flags:
        assert advice in ("ct", "xray", "urgent_mri")
    if advice == "no_imaging_initially":
        patterns = {p["code"] for p in result["patterns"]}
        persistent = result["duration"]["category"] in ("subacute", "chronic")
        assert not (persistent and patterns & {"radicular", "neurogenic_claudication"})


@PROPERTY_SETTINGS
@given(findings_documents())
def test_answered_questions_are_never_gaps(document):
    for gap in assess_document(document)["screening_gaps"]:
        assert lookup(document, gap["field"]) is None, gap


@PROPERTY_SETTINGS
@given(findings_documents())
def test_duration_matches_the_dates(document):
    duration = assess_document(document)["duration"]
    onset = lookup(document, "history.onset_date")
    visit = lookup(document, "visit.visit_date")
    if onset is None:
        assert duration == {"days": None, "category": None}
    elif visit is not None:
        days = (datetime.date.fromisoformat(visit) - datetime.date.fromisoformat(onset)).days
        category = "acute" if days < 42 else "subacute" if days <= 84 else "chronic"
        assert duration == {"days": days, "category": category}


@PROPERTY_SETTINGS
@given(findings_documents())
def test_unasking_a_question_never_raises_a_flag(document):
    """Null is not no: turning every "no" into "not asked" can only take flags away."""
    before = {f["code"] for f in assess_document(document)["red_flags"]}
    after = {f["code"] for f in assess_document(false_to_null(document))["red_flags"]}
    assert after <= before


# ---- the all-null document -----------------------------------------------------------------

def all_null(name):
    return dictionary.nested(dictionary.section(name), {})


# Every declared finding present and null: grids empty, pairs null, every item unanswered.
ALL_NULL = {
    **{name: all_null(name) for name in ("patient", "visit", "history", "exam",
                                         "questionnaires")},
    "diagnostics": {"studies": None, "labs": all_null("diagnostics.labs")},
}


def test_all_null_document_raises_no_flag_and_lists_every_core_gap():
    result = assess_document(ALL_NULL)
    assert result["red_flags"] == []
    gaps = {g["field"]: g["screens_for"] for g in result["screening_gaps"]}
    assert CORE_GAPS.items() <= gaps.items()
    assert result["patterns"] == []
    assert result["generators"] == []
    assert result["imaging"]["advice"] == "no_imaging_initially"
    assert result["diagnosis_suggestions"] == []
    assert result["duration"] == {"days": None, "category": None}
    assert result["scores"]["odi"] is None
    assert result["scores"]["ndi"] is None
    assert result["scores"]["startback"] is None
