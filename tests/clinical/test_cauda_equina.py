"""Cauda equina, bilateral deficit and severe neurological deficit, rules version 2
(docs/clinical-rules.md, rules v2, sections 2 and 3): every new trigger, its urgency, time
frame and imaging, at its boundaries."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    also,
    assess,
    flag,
    gap_fields,
    has_evidence,
    level,
    pair,
    with_duration,
)

CES = ("emergency", "immediately", "emergency_mri")
CES_RISK = ("urgent", "within_1_week", "urgent_mri")
BILATERAL_LEG = {"regions": ["lumbar"], "radiation": ["below_knee"],
                 "radiation_side": "bilateral"}

# ---- cauda_equina_syndrome: the new triggers -----------------------------------------------


@pytest.mark.parametrize(("value", "raises"), [(True, True), (False, False), (None, False)])
def test_rectal_sensation_change_is_cauda_equina_syndrome(value, raises):
    result = assess(history={"regions": ["lumbar"], "rectal_sensation_change": value})
    assert (level(result, "cauda_equina_syndrome") == CES) is raises
    if raises:
        ces = flag(result, "cauda_equina_syndrome")
        assert has_evidence(ces, "history.rectal_sensation_change", "true")
        assert advice(result) == "emergency_mri"
        assert "lumbar spine" in result["imaging"]["rationale"]
    else:
        assert flag(result, "cauda_equina_syndrome") is None


@pytest.mark.parametrize(
    ("history", "exam", "expected"),
    [
        # leg radiation (below the knee) with new urgency: CES, whatever the region
        ({"radiation": ["below_knee"], "radiation_side": "left"}, {}, "cauda_equina_syndrome"),
        ({"radiation": ["foot"], "radiation_side": "right", "regions": ["cervical"]}, {},
         "cauda_equina_syndrome"),
        # thigh radiation is radicular only with an L2-L4 finding on that side
        ({"radiation": ["thigh"], "radiation_side": "left"}, {"femoral_stretch": pair(left=True)},
         "cauda_equina_syndrome"),
        ({"radiation": ["thigh"], "radiation_side": "left"}, {}, "cauda_equina_risk"),
        ({"radiation": ["none"]}, {}, "cauda_equina_risk"),
    ],
)
def test_new_urgency_with_leg_radiation_is_cauda_equina_syndrome(history, exam, expected):
    # BASS/SBNS 2018: new urgency with sciatica is suspected CES.
    history = {"regions": ["lumbar"], "bladder_dysfunction": "urgency_new", **history}
    result = assess(history=history, exam=exam)
    codes = {f["code"] for f in result["red_flags"]}
    assert expected in codes
    assert not {"cauda_equina_syndrome", "cauda_equina_risk"} <= codes
    if expected == "cauda_equina_syndrome":
        assert level(result, expected) == CES
        assert has_evidence(flag(result, expected), "history.bladder_dysfunction", "urgency_new")
    else:
        assert level(result, expected) == CES_RISK


@pytest.mark.parametrize(
    ("onset", "treatment_response", "expected"),
    [
        ("new_within_14_days", None, CES),
        ("new_within_14_days", "better", CES),
        ("progressed_within_90_days", "worse", CES),
        ("progressed_within_90_days", "same", CES_RISK),
        ("progressed_within_90_days", None, CES_RISK),
        ("new_15_to_90_days", None, CES_RISK),
        ("new_15_to_90_days", "worse", CES_RISK),
        (None, None, CES_RISK),  # unknown leans to safety
        ("longstanding_stable", None, None),
        ("longstanding_stable", "worse", None),
    ],
)
def test_bilateral_leg_pain_by_its_onset(onset, treatment_response, expected):
    history = {**BILATERAL_LEG, "bilateral_leg_onset": onset,
               "treatment_response": treatment_response}
    result = assess(history=history)
    ces, risk = level(result, "cauda_equina_syndrome"), level(result, "cauda_equina_risk")
    if expected == CES:
        assert (ces, risk) == (CES, None)
        assert has_evidence(flag(result, "cauda_equina_syndrome"), "history.bilateral_leg_onset",
                            onset)
    elif expected == CES_RISK:
        assert (ces, risk) == (None, CES_RISK)
        assert has_evidence(flag(result, "cauda_equina_risk"), "history.radiation_side",
                            "bilateral")
    else:
        assert (ces, risk) == (None, None)


def test_bilateral_thigh_pain_without_a_root_finding_is_not_bilateral_leg_radiation():
    history = {"regions": ["lumbar"], "radiation": ["thigh"], "radiation_side": "bilateral",
               "bilateral_leg_onset": "new_within_14_days"}
    result = assess(history=history)
    assert flag(result, "cauda_equina_syndrome") is None
    assert flag(result, "cauda_equina_risk") is None


def test_bilateral_thigh_pain_with_l3_weakness_is_bilateral_leg_radiation():
    history = {"regions": ["lumbar"], "radiation": ["thigh"], "radiation_side": "bilateral",
               "bilateral_leg_onset": "new_within_14_days"}
    result = assess(history=history, exam={"motor": {"L3": pair(left=4)}})
    assert level(result, "cauda_equina_syndrome") == CES


# ---- bilateral_lower_limb_deficit ----------------------------------------------------------


@pytest.mark.parametrize(
    ("motor", "raises"),
    [
        ({"L5": pair(3, 3)}, True),
        ({"L4": pair(left=3), "S1": pair(right=2)}, True),
        ({"L2": pair(0, 0)}, True),
        ({"L5": pair(3, 4)}, False),
        ({"L5": pair(4, 4)}, False),
        ({"L5": pair(left=3)}, False),
        ({"C7": pair(3, 3)}, False),
        ({"C7": pair(left=3), "L5": pair(right=3)}, False),
    ],
)
def test_bilateral_lower_limb_weakness_is_cauda_equina_syndrome(motor, raises):
    # GIRFT 2023: grade <= 3 in an L2-S1 root on both sides, new (duration unknown: not
    # longstanding and stable).
    result = assess(history={"regions": ["lumbar"]}, exam={"motor": motor})
    assert (level(result, "cauda_equina_syndrome") == CES) is raises
    if raises:
        ces = flag(result, "cauda_equina_syndrome")
        for root, grades in motor.items():
            for side, grade in grades.items():
                if grade is not None:
                    assert has_evidence(ces, f"exam.motor.{root}.{side}", grade)
    else:
        assert flag(result, "cauda_equina_syndrome") is None


def test_progressive_weakness_with_bilateral_radiation_is_a_bilateral_deficit():
    history = {**BILATERAL_LEG, "weakness": True, "weakness_progressive": True}
    result = assess(history=history)
    assert level(result, "cauda_equina_syndrome") == CES
    assert has_evidence(flag(result, "cauda_equina_syndrome"), "history.weakness_progressive")


def test_progressive_weakness_with_one_sided_radiation_is_not_a_bilateral_deficit():
    history = {**BILATERAL_LEG, "radiation_side": "left", "weakness": True,
               "weakness_progressive": True}
    assert flag(assess(history=history), "cauda_equina_syndrome") is None


@pytest.mark.parametrize(
    ("days", "onset", "progressive", "raises"),
    [
        # longstanding and stable: new only within 90 days or when progressive
        (90, "longstanding_stable", None, True),
        (91, "longstanding_stable", None, False),
        (91, "longstanding_stable", True, True),
        (None, "longstanding_stable", None, False),
        # any other onset (or none recorded) is new
        (91, "progressed_within_90_days", None, True),
        (400, None, None, True),
    ],
)
def test_bilateral_deficit_must_be_new(days, onset, progressive, raises):
    history = {**BILATERAL_LEG, "radiation": ["thigh"], "bilateral_leg_onset": onset}
    if progressive:
        history.update(weakness=True, weakness_progressive=True)
    exam = {"motor": {"L5": pair(3, 3)}}
    document = (with_duration(days, history=history, exam=exam) if days is not None
                else {"history": history, "exam": exam})
    result = assess_document(document)
    assert (level(result, "cauda_equina_syndrome") == CES) is raises


# ---- cauda_equina_risk ---------------------------------------------------------------------


def test_cauda_equina_risk_rationale_gives_same_day_safety_netting():
    risk = flag(assess(history=BILATERAL_LEG), "cauda_equina_risk")
    assert "same-day" in risk["rationale"].lower() or "same day" in risk["rationale"].lower()


def test_cauda_equina_risk_lists_the_cauda_equina_examination_as_gaps():
    result = assess(history=BILATERAL_LEG)
    gaps = gap_fields(result)
    for field in ("exam.saddle_sensation", "exam.anal_tone", "exam.post_void_residual_ml"):
        assert gaps.get(field) == "cauda_equina_syndrome"


def test_cauda_equina_examination_answered_is_not_a_gap():
    result = assess(history=BILATERAL_LEG,
                    exam={"saddle_sensation": "normal", "anal_tone": "normal",
                          "post_void_residual_ml": 50})
    assert flag(result, "cauda_equina_risk") is not None
    gaps = gap_fields(result)
    assert not {"exam.saddle_sensation", "exam.anal_tone", "exam.post_void_residual_ml"} & set(gaps)


def test_cauda_equina_examination_is_not_a_gap_without_the_risk_flag():
    history = {**BILATERAL_LEG, "bilateral_leg_onset": "longstanding_stable"}
    gaps = gap_fields(assess(history=history))
    assert "exam.anal_tone" not in gaps
    assert "exam.post_void_residual_ml" not in gaps


# ---- severe_neurological_deficit -----------------------------------------------------------

PROGRESSIVE = {"regions": ["lumbar"], "weakness": True, "weakness_progressive": True}


@pytest.mark.parametrize(
    ("exam", "expected"),
    [
        ({"motor": {"L5": pair(left=3)}}, ("emergency", "same_day", "emergency_mri")),
        ({"motor": {"S1": pair(right=0)}}, ("emergency", "same_day", "emergency_mri")),
        ({"gait": "foot_drop"}, ("emergency", "same_day", "emergency_mri")),
        ({"motor": {"L5": pair(left=4)}}, ("urgent", "within_1_week", "urgent_mri")),
        ({}, ("urgent", "within_1_week", "urgent_mri")),
    ],
)
def test_progressive_weakness_with_grade_3_or_foot_drop_is_an_emergency(exam, expected):
    result = assess(history=PROGRESSIVE, exam=exam)
    assert level(result, "severe_neurological_deficit") == expected


@pytest.mark.parametrize(
    "exam", [{"motor": {"L5": pair(left=3)}}, {"gait": "foot_drop"}])
def test_severe_deficit_that_is_not_progressive_stays_urgent(exam):
    history = {"regions": ["lumbar"], "weakness": True, "weakness_progressive": False}
    result = assess(history=history, exam=exam)
    assert level(result, "severe_neurological_deficit") == ("urgent", "within_1_week",
                                                             "urgent_mri")


HAEMATOMA = ("emergency", "immediately", "emergency_mri")


@pytest.mark.parametrize(
    ("history", "exam", "days", "expected"),
    [
        # anticoagulation with progressive weakness and a sudden onset
        ({**PROGRESSIVE, "onset": "sudden"}, {}, None, HAEMATOMA),
        ({**PROGRESSIVE, "onset": "gradual"}, {}, 7, HAEMATOMA),
        ({**PROGRESSIVE, "onset": "gradual"}, {}, 8, ("urgent", "within_1_week", "urgent_mri")),
        ({**PROGRESSIVE}, {}, None, ("urgent", "within_1_week", "urgent_mri")),
        # with a cauda equina finding
        ({"regions": ["lumbar"], "saddle_numbness": True}, {}, 3, HAEMATOMA),
        # with a bilateral lower-limb deficit
        ({"regions": ["lumbar"], "onset": "sudden"}, {"motor": {"L4": pair(3, 3)}}, None,
         HAEMATOMA),
        # with an upper motor neuron sign
        ({"regions": ["thoracic"], "onset": "sudden"}, {"babinski": pair(left=True)}, None,
         HAEMATOMA),
        # a stable single-root grade 4 is none of these
        ({"regions": ["lumbar"], "onset": "sudden", "weakness": True},
         {"motor": {"L5": pair(left=4)}}, None, None),
    ],
)
def test_deficit_while_anticoagulated_is_an_epidural_haematoma_emergency(history, exam, days,
                                                                         expected):
    history = {**history, "anticoagulation": True}
    document = (with_duration(days, history=history, exam=exam) if days is not None
                else {"history": history, "exam": exam})
    result = assess_document(document)
    assert level(result, "severe_neurological_deficit") == expected
    if expected == HAEMATOMA:
        deficit = flag(result, "severe_neurological_deficit")
        assert has_evidence(deficit, "history.anticoagulation", "true")
        assert "ASRA" in deficit["citation"]
        assert advice(result) == "emergency_mri"


def test_without_anticoagulation_a_sudden_progressive_deficit_stays_urgent():
    history = {**PROGRESSIVE, "onset": "sudden", "anticoagulation": False}
    assert level(assess(history=history), "severe_neurological_deficit") == (
        "urgent", "within_1_week", "urgent_mri")


@pytest.mark.parametrize(
    ("days_since", "anticoagulation", "expected"),
    [
        (0, None, HAEMATOMA),
        (30, None, HAEMATOMA),
        (30, False, HAEMATOMA),  # whatever the anticoagulation
        (31, None, ("urgent", "within_1_week", "urgent_mri")),
        (None, None, HAEMATOMA),  # unknown leans to safety
    ],
)
def test_progression_after_a_spinal_procedure_is_an_emergency(days_since, anticoagulation,
                                                              expected):
    history = {**PROGRESSIVE, "recent_spinal_procedure": True,
               "days_since_spinal_procedure": days_since, "anticoagulation": anticoagulation}
    result = assess(history=history)
    assert level(result, "severe_neurological_deficit") == expected
    if expected == HAEMATOMA:
        assert has_evidence(flag(result, "severe_neurological_deficit"),
                            "history.recent_spinal_procedure", "true")


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({"bowel_incontinence": True}, {}),
        ({}, {"motor": {"S1": pair(2, 3)}}),
    ],
)
def test_cauda_equina_finding_or_bilateral_deficit_after_a_procedure(history, exam):
    history = {"regions": ["lumbar"], "recent_spinal_procedure": True,
               "days_since_spinal_procedure": 12, **history}
    result = assess(history=history, exam=exam)
    assert level(result, "severe_neurological_deficit") == HAEMATOMA
    assert level(result, "cauda_equina_syndrome") == CES


def test_stable_grade_4_after_surgery_alone_raises_nothing():
    history = {"regions": ["lumbar"], "weakness": True, "weakness_progressive": False,
               "recent_spinal_procedure": True, "days_since_spinal_procedure": 5}
    result = assess(history=history, exam={"motor": {"L5": pair(left=4, right=5)}},
                    visit={"visit_type": "post_op"})
    assert flag(result, "severe_neurological_deficit") is None
    assert flag(result, "cauda_equina_syndrome") is None


def test_emergency_mri_is_not_hidden_behind_an_emergency_non_spinal_advice():
    # v2 section 0: no advice hides an emergency.
    history = {**PROGRESSIVE, "onset": "sudden", "anticoagulation": True,
               "chest_pain_or_dyspnoea": True}
    result = assess(history=history)
    assert advice(result) == "emergency_non_spinal_assessment"
    assert "emergency_mri" in also(result)
