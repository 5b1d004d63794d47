"""Malignancy, rules version 2 (docs/clinical-rules.md, rules v2, section 3 "malignancy"
and section 7): suspected MSCC, features of metastases, weak features, the NICE NG12 pancreas
rule, children and adolescents, and the myeloma tests."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    all_advice,
    days_ago,
    diagnostics,
    flag,
    has_evidence,
    level,
    pair,
    rationales,
    study,
    suggested,
    with_duration,
)

MSCC = ("emergency", "within_24h", "emergency_mri")
URGENT = ("urgent", "within_1_week", "urgent_mri")
NG12 = ("urgent", "within_2_weeks", None)
REVIEW = ("review", "routine", None)
CANCER = {"cancer_history": True}
LEG = {"radiation": ["below_knee"], "radiation_side": "left"}


def visit(days=200, age=55, history=None, **sections):
    history = {"regions": ["lumbar"], **(history or {})}
    patient = {"age_years": age, **sections.pop("patient", {})}
    if days is None:
        return assess_document({"patient": patient, "history": history, **sections})
    return assess_document(with_duration(days, history=history, patient=patient, **sections))


# ---- emergency: suspected metastatic spinal cord compression (NICE NG234) -------------------


@pytest.mark.parametrize(
    ("history", "exam", "evidence"),
    [
        ({"weakness": True}, {}, "history.weakness"),
        ({}, {"motor": {"L5": pair(left=4)}}, "exam.motor.L5.left"),
        ({}, {"sensation": {"L4": pair(right="reduced")}}, "exam.sensation.L4.right"),
        ({}, {"hoffmann": pair(left=True)}, "exam.hoffmann.left"),
        ({}, {"tandem_gait": "abnormal"}, "exam.tandem_gait"),
        ({"gait_change": True}, {}, "history.gait_change"),
        ({"rectal_sensation_change": True}, {}, "history.rectal_sensation_change"),
    ],
)
@pytest.mark.parametrize("cancer", ["cancer_history", "cancer_metastatic"])
def test_cancer_with_a_neuro_finding_is_suspected_mscc(cancer, history, exam, evidence):
    result = visit(history={cancer: True, **history}, exam=exam)
    malignancy = flag(result, "malignancy")
    assert level(result, "malignancy") == MSCC
    assert malignancy["imaging_region"] == "whole spine"
    assert "whole spine" in malignancy["rationale"]
    assert has_evidence(malignancy, f"history.{cancer}", "true")
    assert has_evidence(malignancy, evidence)
    assert "emergency_mri" in all_advice(result)


@pytest.mark.parametrize("finding", ["cord_compression", "cauda_equina_compression"])
def test_cancer_with_compression_on_imaging_is_suspected_mscc(finding):
    result = visit(history=CANCER, diagnostics=diagnostics(finding))
    assert level(result, "malignancy") == MSCC


def test_a_reflex_asymmetry_alone_is_not_a_neuro_finding():
    # v2 section 2: neuro_finding lists no reflex.
    result = visit(history={**CANCER, "radiation": ["none"]},
                   exam={"reflexes": {"achilles": pair(left=0, right=2)}})
    assert level(result, "malignancy") == REVIEW


@pytest.mark.parametrize(
    ("days", "treatment_response", "mri_since_onset", "emergency"),
    [
        (84, None, True, True),  # new
        (85, None, True, False),  # neither new, worse, nor un-imaged
        (85, "worse", True, True),  # worse
        (85, "same", False, True),  # not imaged since onset
        (400, None, False, True),
    ],
)
def test_radicular_pain_with_cancer(days, treatment_response, mri_since_onset, emergency):
    studies = {"studies": [study("degenerative", date=days_ago(days - 1))]} \
        if mri_since_onset else {}
    result = visit(days=days, history={**CANCER, **LEG, "treatment_response": treatment_response},
                   diagnostics=studies)
    assert (level(result, "malignancy") == MSCC) is emergency
    if not emergency:
        assert level(result, "malignancy") in (URGENT, REVIEW)


def test_radicular_pain_with_cancer_imaged_before_onset_is_not_imaged_since():
    result = visit(days=200, history={**CANCER, **LEG},
                   diagnostics={"studies": [study("degenerative", date=days_ago(300))]})
    assert level(result, "malignancy") == MSCC


def test_radicular_pain_with_cancer_of_unknown_duration_is_suspected_mscc():
    assert level(visit(days=None, history={**CANCER, **LEG}), "malignancy") == MSCC


def test_neuro_finding_without_known_cancer_is_not_mscc():
    result = visit(age=70, history={"unexplained_weight_loss": False, "weakness": True})
    assert flag(result, "malignancy") is None


# ---- urgent: features of metastases ---------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "history", "exam", "expected"),
    [
        (200, {"regions": ["thoracic"]}, {}, URGENT),
        (200, {"regions": ["cervical"]}, {}, URGENT),
        (84, {}, {}, URGENT),
        (85, {}, {}, REVIEW),
        (200, {"treatment_response": "worse"}, {}, URGENT),
        (200, {"treatment_response": "same"}, {}, REVIEW),
        (200, {"night_pain": "unremitting"}, {}, URGENT),
        (200, {"night_pain": "wakes_second_half"}, {}, REVIEW),
        (200, {"aggravating": ["cough_sneeze"]}, {}, URGENT),
        (200, {"aggravating": ["sitting"]}, {}, REVIEW),
        (200, {}, {"midline_tenderness": True}, URGENT),
        (200, {}, {"midline_tenderness": False}, REVIEW),
    ],
)
def test_known_cancer_with_a_feature_of_metastases(days, history, exam, expected):
    result = visit(days=days, age=45, history={**CANCER, **history}, exam=exam)
    assert level(result, "malignancy") == expected
    if expected == URGENT:
        malignancy = flag(result, "malignancy")
        assert "contrast" in malignancy["rationale"]
        assert advice(result) == "urgent_mri"
    else:
        assert not {"urgent_mri", "emergency_mri"} & set(all_advice(result))


def test_known_cancer_review_rationale_is_a_low_threshold_for_mri():
    malignancy = flag(visit(age=45, history=CANCER), "malignancy")
    rationale = malignancy["rationale"].lower()
    assert "crp" in rationale
    assert "esr" in rationale
    assert "blood count" in rationale


def test_metastatic_cancer_with_any_spinal_pain_is_urgent():
    history = {**CANCER, "cancer_metastatic": True}
    result = visit(age=45, history=history)
    assert level(result, "malignancy") == URGENT
    assert has_evidence(flag(result, "malignancy"), "history.cancer_metastatic", "true")


def test_metastatic_cancer_is_urgent_before_the_regions_are_recorded():
    """Every visit is for spinal pain: unrecorded regions do not lower the flag."""
    result = visit(age=45, history={**CANCER, "cancer_metastatic": True, "regions": None})
    assert level(result, "malignancy") == URGENT
    assert "painful region of the spine" in flag(result, "malignancy")["rationale"]


# ---- weak features --------------------------------------------------------------------------

WEIGHT_LOSS = {"unexplained_weight_loss": True}
NIGHT = {"night_pain": "unremitting"}
FAILED_CARE = {"failed_conservative_care_weeks": 4, "treatment_response": "worse"}


@pytest.mark.parametrize(
    ("age", "history", "labs", "expected"),
    [
        # two or more weak features at 50 or over: urgent
        (50, {**NIGHT, **FAILED_CARE}, {}, URGENT),
        (49, {**NIGHT, **FAILED_CARE}, {}, None),
        (55, {**NIGHT}, {"crp_mg_l": 20}, URGENT),
        (55, {**WEIGHT_LOSS, **NIGHT}, {}, URGENT),
        # exactly one at 50 or over: review
        (50, NIGHT, {}, REVIEW),
        (55, FAILED_CARE, {}, REVIEW),
        (55, {}, {"crp_mg_l": 20}, REVIEW),
        (55, WEIGHT_LOSS, {}, REVIEW),
        (49, NIGHT, {}, None),
        # failed care counts only from 4 weeks, and only when worse
        (55, {**NIGHT, "failed_conservative_care_weeks": 3, "treatment_response": "worse"}, {},
         REVIEW),
        (55, {**NIGHT, "failed_conservative_care_weeks": 52, "treatment_response": "same"}, {},
         REVIEW),
        # age alone and failed care alone count for nothing
        (90, {}, {}, None),
        (55, {"failed_conservative_care_weeks": 52, "treatment_response": "same"}, {}, None),
    ],
)
def test_weak_features(age, history, labs, expected):
    result = visit(age=age, history=history, diagnostics={"labs": labs} if labs else {})
    assert level(result, "malignancy") == expected


@pytest.mark.parametrize(
    ("age", "sex", "labs", "urgent"),
    [
        (30, "male", {"crp_mg_l": 10.1}, True),
        (30, "male", {"crp_mg_l": 10}, False),
        (30, "male", {"esr_mm_h": 21}, True),
        (30, "male", {"esr_mm_h": 20}, False),
        (30, "female", {"esr_mm_h": 21}, True),
    ],
)
def test_weight_loss_with_raised_markers_at_any_age(age, sex, labs, urgent):
    result = visit(age=age, patient={"sex": sex}, history=WEIGHT_LOSS,
                   diagnostics={"labs": labs})
    malignancy = flag(result, "malignancy")
    if urgent:
        assert level(result, "malignancy") == URGENT
        assert has_evidence(malignancy, "history.unexplained_weight_loss", "true")
    else:
        assert malignancy is None


# ---- NICE NG12: weight loss at 60 or over (pancreatic cancer) -------------------------------


@pytest.mark.parametrize(("age", "expected"), [(59, REVIEW), (60, NG12), (85, NG12)])
def test_weight_loss_from_60_is_the_ng12_pancreas_rule(age, expected):
    result = visit(age=age, history=WEIGHT_LOSS)
    assert level(result, "malignancy") == expected
    if expected == NG12:
        assert "CT abdomen within 2 weeks" in suggested(result)
        test = next(t for t in result["suggested_tests"]
                    if t["test"] == "CT abdomen within 2 weeks")
        assert "NG12" in test["citation"]
        assert test["reason"].strip()
        # no spinal imaging of its own
        assert not {"urgent_mri", "emergency_mri", "ct", "xray"} & set(all_advice(result))
        for rationale in rationales(result):
            assert "no red flag" not in rationale.lower()
    else:
        assert "CT abdomen within 2 weeks" not in suggested(result)


def test_ng12_test_is_kept_when_a_spinal_rule_is_more_urgent():
    result = visit(age=65, history={**WEIGHT_LOSS, **NIGHT})
    assert level(result, "malignancy") == URGENT
    assert "CT abdomen within 2 weeks" in suggested(result)


# ---- children and adolescents (under 18, local choice) --------------------------------------

CHILD = ("urgent", "within_1_week", "urgent_mri")


@pytest.mark.parametrize(
    ("age", "history", "exam", "days", "expected"),
    [
        (17, NIGHT, {}, 10, CHILD),
        (18, NIGHT, {}, 10, None),
        (10, {"fever": True}, {}, 10, CHILD),
        (12, WEIGHT_LOSS, {}, 10, CHILD),
        (15, {"weakness": True}, {}, 10, CHILD),
        (15, {}, {"sensation": {"S1": pair(left="absent")}}, 10, CHILD),
        (14, {"pain_course": "constant"}, {}, 29, CHILD),
        (14, {"pain_course": "constant"}, {}, 28, None),
        (14, {"pain_course": "intermittent"}, {}, 200, None),
        (14, {"night_pain": "wakes_second_half"}, {}, 10, None),
    ],
)
def test_red_flags_in_children_and_adolescents(age, history, exam, days, expected):
    result = visit(days=days, age=age, history=history, exam=exam)
    assert level(result, "malignancy") == expected
    if expected:
        malignancy = flag(result, "malignancy")
        assert "paediatric" in malignancy["rationale"].lower()
        assert advice(result) == "urgent_mri"
        assert has_evidence(malignancy, "patient.age_years", age)


# ---- myeloma: a suggested test, not a flag (NICE NG12) --------------------------------------


def myeloma_visit(age=60, days=43, regions=("lumbar",), visit_type="new", labs=None):
    return assess_document(with_duration(
        days, history={"regions": list(regions), "radiation": ["none"]},
        patient={"age_years": age}, visit={"visit_type": visit_type},
        diagnostics={"labs": labs} if labs else {}))


def is_myeloma_test(name):
    name = name.lower()
    return "blood count" in name and "calcium" in name and "esr" in name


@pytest.mark.parametrize(
    ("kwargs", "suggested_test"),
    [
        ({}, True),
        ({"age": 59}, False),
        ({"days": 42}, False),
        ({"regions": ("thoracic",)}, True),
        ({"regions": ("cervical",)}, False),
        ({"regions": ("cervical", "thoracic")}, True),
        ({"visit_type": "follow_up"}, False),
        ({"labs": {"esr_mm_h": 12}}, False),
        ({"labs": {"crp_mg_l": 3}}, True),
    ],
)
def test_myeloma_blood_tests_are_suggested(kwargs, suggested_test):
    result = myeloma_visit(**kwargs)
    assert any(is_myeloma_test(name) for name in suggested(result)) is suggested_test
    assert flag(result, "malignancy") is None
    if suggested_test:
        test = next(t for t in result["suggested_tests"] if is_myeloma_test(t["test"]))
        assert "NG12" in test["citation"]
