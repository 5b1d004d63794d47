"""Properties over any valid findings document (docs/findings.md vocabulary,
docs/clinical-rules.md, rules version 2)."""

import copy
import datetime
import json

from hypothesis import HealthCheck, given, settings

from backpain.clinical import assess_document, dictionary
from tests.clinical.helpers import (
    CORE_GAPS,
    EMERGENCY_ADVICE,
    TIME_FRAMES,
    URGENCY_ORDER,
    flag,
    sort_key,
)
from tests.strategies import findings_documents

RESULT_KEYS = {"rules_version", "red_flags", "screening_gaps", "location", "duration",
               "patterns", "generators", "imaging", "suggested_tests", "scores",
               "diagnosis_suggestions"}
FLAG_CODES = {"cauda_equina_syndrome", "cauda_equina_risk", "severe_neurological_deficit",
              "myelopathy", "spinal_fracture", "malignancy", "spinal_infection",
              "inflammatory_spondyloarthritis", "vascular_or_visceral_cause",
              "vascular_claudication"}
PATTERN_CODES = {"axial_mechanical", "radicular", "neurogenic_claudication", "inflammatory",
                 "myelopathic"}
GENERATOR_CODES = {"disc", "facet", "myofascial", "vertebral_fracture",
                   "spondylolysis_spondylolisthesis", "spinal_stenosis", "sacroiliac_joint",
                   "hip", "visceral_or_vascular"}
# Rules v2 section 5, in order; ct and xray also stand at the fracture's places (see rank).
ORDER = ["emergency_non_spinal_assessment", "ct_emergency", "emergency_mri",
         "urgent_aortic_ultrasound", "urgent_mri", "mri_with_contrast", "non_spinal_assessment",
         "ct_or_xray_fracture", "mri_pregnancy", "sacroiliac_imaging", "mri",
         "mri_if_intervention_candidate", "xray", "review_existing_imaging",
         "no_imaging_initially"]
ADVICE = {"emergency_non_spinal_assessment", "ct", "emergency_mri", "urgent_aortic_ultrasound",
          "urgent_mri", "mri_with_contrast", "non_spinal_assessment", "xray", "mri_pregnancy",
          "sacroiliac_imaging", "mri", "mri_if_intervention_candidate",
          "review_existing_imaging", "no_imaging_initially"}
ICD = {"M54.2", "M54.12", "M54.6", "M54.50", "M54.59", "M54.16", "M54.17", "M54.41", "M54.42",
       "M54.40", "M48.062", "M46.1", "G83.4"}
FRAMES_OF = {"emergency": {"immediately", "within_24h", "same_day"},
             "urgent": {"same_day", "within_1_week", "within_2_weeks"},
             "review": {"routine"}}

PROPERTY_SETTINGS = settings(max_examples=250, deadline=None, database=None,
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


def reversed_keys(value):
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


def imaging_items(result):
    imaging = result["imaging"]
    return [] if imaging is None else [imaging, *imaging["also"]]


def fracture_urgency(result):
    return next((f["urgency"] for f in result["red_flags"] if f["code"] == "spinal_fracture"),
                None)


def places(code, result, document):
    """The places an advice may take in the order of section 5: ct and xray stand at the
    fracture's places too (an emergency CT, or a child's neck radiographs among the
    emergencies; the urgent fracture study)."""
    fracture = fracture_urgency(result)
    if code == "ct":
        return [ORDER.index("ct_emergency"), ORDER.index("ct_or_xray_fracture")]
    if code == "xray":
        found = [ORDER.index("xray")]
        if fracture:
            found.insert(0, ORDER.index("ct_or_xray_fracture"))
        if fracture == "emergency" and child_neck_injury(document):
            found.insert(0, ORDER.index("ct_emergency"))
        return found
    return [ORDER.index(code)]


def in_order(codes, result, document):
    """Whether each advice can take a place no earlier than the one before it."""
    current = -1
    for code in codes:
        later = [place for place in places(code, result, document) if place >= current]
        if not later:
            return False
        current = min(later)
    return True


def child_neck_injury(document):
    age = lookup(document, "patient.age_years")
    regions = lookup(document, "history.regions") or []
    return (age is not None and age < 16 and "cervical" in regions
            and lookup(document, "history.trauma") in ("minor", "major"))


# ---- properties ----------------------------------------------------------------------------
# Each check is a property of any valid document. Drawing a document costs far more than
# assessing it, so the checks are grouped under three @given tests sharing their draws.


def check_any_valid_document_is_assessed_completely_and_deterministically(document):
    original = copy.deepcopy(document)
    result = assess_document(document)
    assert set(result) == RESULT_KEYS
    assert result["rules_version"] == "2.1"
    assert document == original, "the engine must not modify its input"
    assert json.loads(json.dumps(result)) == result
    assert assess_document(copy.deepcopy(document)) == result
    assert json.dumps(assess_document(reversed_keys(document))) == json.dumps(result)


def check_red_flags_are_well_formed_and_sorted(document):
    flags = assess_document(document)["red_flags"]
    codes = [f["code"] for f in flags]
    assert set(codes) <= FLAG_CODES
    assert len(codes) == len(set(codes)), "one card per condition"
    assert flags == sorted(flags, key=sort_key)
    for raised in flags:
        assert raised["urgency"] in URGENCY_ORDER
        # every flag has a time frame, one its urgency allows
        assert raised["time_frame"] in TIME_FRAMES
        assert raised["time_frame"] in FRAMES_OF[raised["urgency"]], raised
        assert raised["evidence"]
        assert len(raised["evidence_words"]) == len(raised["evidence"])
        assert raised["rationale"].strip()
        assert raised["citation"].strip()
        if raised["urgency"] == "emergency":
            assert raised["imaging"] in (*EMERGENCY_ADVICE, "xray"), raised
        if raised["urgency"] == "review":
            assert raised["imaging"] is None, raised
    assert not {"cauda_equina_syndrome", "cauda_equina_risk"} <= set(codes)


def check_no_emergency_without_emergency_advice_first(document):
    result = assess_document(document)
    if result["imaging"] is None:
        assert "history" not in document or document["history"] is None
        return
    if any(f["urgency"] == "emergency" for f in result["red_flags"]):
        primary = result["imaging"]["advice"]
        assert primary in EMERGENCY_ADVICE or (primary == "xray"
                                               and child_neck_injury(document)), (
            primary, [(f["code"], f["urgency"]) for f in result["red_flags"]])


def check_no_advice_hides_another(document):
    result = assess_document(document)
    items = imaging_items(result)
    if not items:
        return
    codes = [item["advice"] for item in items]
    assert set(codes) <= ADVICE
    # the primary advice is the first in the order of section 5, the others follow in order
    assert in_order(codes, result, document), codes
    if "no_imaging_initially" in codes:
        assert codes == ["no_imaging_initially"]
    for item in items:
        assert item["rationale"].strip()
        assert item["citation"].strip()
    # the imaging every urgent or emergency flag calls for is advised (or, short of an
    # emergency, the study already done is reviewed; an MRI of the whole spine covers an MRI
    # of part of it)
    whole_spine_mri = any(item["advice"] in ("emergency_mri", "urgent_mri")
                          and item.get("region") == "whole spine" for item in items)
    for raised in result["red_flags"]:
        if raised["imaging"] is None:
            continue
        assert (raised["imaging"] in codes
                or (raised["urgency"] != "emergency" and "review_existing_imaging" in codes)
                or (whole_spine_mri and "mri" in raised["imaging"])), (
            raised["code"], raised["imaging"], codes)


def check_no_rationale_claims_no_red_flag_beside_a_flag(document):
    result = assess_document(document)
    if not result["red_flags"]:
        return
    texts = [*(f["rationale"] for f in result["red_flags"]),
             *(item["rationale"] for item in imaging_items(result))]
    for text in texts:
        assert "no red flag" not in text.lower(), text


def check_patterns_generators_tests_and_codes_are_from_the_rules(document):
    result = assess_document(document)
    for found in result["patterns"]:
        assert found["code"] in PATTERN_CODES
        if found["code"] != "radicular":
            assert found["levels"] == []
    assert {g["code"] for g in result["generators"]} <= GENERATOR_CODES
    for test in result["suggested_tests"]:
        assert test["test"].strip() and test["reason"].strip() and test["citation"].strip()
    assert len({t["test"] for t in result["suggested_tests"]}) == len(result["suggested_tests"])
    codes = set(result["diagnosis_suggestions"])
    assert codes <= ICD
    assert "M54.5" not in codes
    assert not ("M54.50" in codes and codes & {"M54.40", "M54.41", "M54.42"})
    assert not {"M54.16", "M54.17"} <= codes
    if "G83.4" in codes:
        studies = lookup(document, "diagnostics.studies") or []
        assert any("cauda_equina_compression" in (s.get("findings") or []) for s in studies)


def check_answered_questions_are_never_gaps(document):
    for gap in assess_document(document)["screening_gaps"]:
        value = lookup(document, gap["field"])
        # v2: an untested neck rotation is listed like an unasked question
        assert value is None or (gap["field"] == "exam.neck_rotation_45"
                                 and value == "not_tested"), gap
        assert gap["screens_for"].strip()


def check_the_core_screen_is_a_gap_wherever_it_is_unasked(document):
    gaps = {g["field"]: g["screens_for"] for g in assess_document(document)["screening_gaps"]}
    for field, condition in CORE_GAPS.items():
        if lookup(document, field) is None:
            assert gaps.get(field) == condition, field


def check_duration_matches_the_dates(document):
    duration = assess_document(document)["duration"]
    onset = lookup(document, "history.onset_date")
    visit = lookup(document, "visit.visit_date")
    if onset is None:
        assert duration == {"days": None, "category": None}
    elif visit is not None:
        days = (datetime.date.fromisoformat(visit) - datetime.date.fromisoformat(onset)).days
        category = "acute" if days < 42 else "subacute" if days <= 84 else "chronic"
        assert duration == {"days": days, "category": category}


def check_unasking_a_question_never_raises_a_flag(document):
    """Null is not no: turning every "no" into "not asked" can only take flags away (where
    v2 says an unknown leans to safety, "no" and "not asked" raise the same)."""
    before = {f["code"] for f in assess_document(document)["red_flags"]}
    after = {f["code"] for f in assess_document(false_to_null(document))["red_flags"]}
    assert after <= before



@PROPERTY_SETTINGS
@given(findings_documents())
def test_output_is_complete_deterministic_and_from_the_rules(document):
    check_any_valid_document_is_assessed_completely_and_deterministically(document)
    check_red_flags_are_well_formed_and_sorted(document)
    check_patterns_generators_tests_and_codes_are_from_the_rules(document)
    check_duration_matches_the_dates(document)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_no_advice_hides_an_emergency_and_no_rationale_denies_a_flag(document):
    check_no_emergency_without_emergency_advice_first(document)
    check_no_advice_hides_another(document)
    check_no_rationale_claims_no_red_flag_beside_a_flag(document)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_an_unasked_question_is_a_gap_never_a_no(document):
    check_answered_questions_are_never_gaps(document)
    check_the_core_screen_is_a_gap_wherever_it_is_unasked(document)
    check_unasking_a_question_never_raises_a_flag(document)


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
    assert gaps == CORE_GAPS
    assert result["patterns"] == []
    assert result["generators"] == []
    assert result["imaging"]["advice"] == "no_imaging_initially"
    assert result["imaging"]["also"] == []
    assert result["suggested_tests"] == []
    assert result["diagnosis_suggestions"] == []
    assert result["duration"] == {"days": None, "category": None}
    assert result["scores"]["odi"] is None
    assert result["scores"]["ndi"] is None
    assert result["scores"]["startback"] is None


def test_the_key_order_of_a_grid_never_changes_the_assessment():
    """Found by the determinism property: brisk reflexes were listed in the input's order."""
    exam = {"tandem_gait": "abnormal", "inverted_supinator": {"left": True},
            "reflexes": {"patellar": {"right": 3}, "biceps": {"right": 3}}}
    result = assess_document({"exam": exam})
    assert json.dumps(assess_document(reversed_keys({"exam": exam}))) == json.dumps(result)
    evidence = [item for item in flag(result, "myelopathy")["evidence"] if "reflexes" in item]
    assert evidence == ["exam.reflexes.biceps.right=3", "exam.reflexes.patellar.right=3"]
