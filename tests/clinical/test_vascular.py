"""Vascular or visceral cause, rules version 2 (docs/clinical-rules.md, rules v2, section 3
"vascular_or_visceral_cause", section 0 and section 7): aortic emergencies within 14 days,
the pulsatile mass, aortic ultrasound, pyelonephritis, visceral reviews, and their gaps."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    NON_SPINAL_ADVICE,
    advice,
    all_advice,
    assess,
    flag,
    gap_fields,
    has_evidence,
    level,
    pair,
    with_duration,
)

EMERGENCY = ("emergency", "immediately", "emergency_non_spinal_assessment")
ULTRASOUND = ("urgent", "within_2_weeks", "urgent_aortic_ultrasound")
RENAL = ("urgent", "same_day", "non_spinal_assessment")
REVIEW = ("review", "routine", None)
AORTIC_GAPS = {"history.syncope", "exam.systolic_bp", "exam.pulse_deficit"}


def vascular_visit(days=10, age=40, history=None, exam=None):
    history = {"regions": ["lumbar"], **(history or {})}
    if days is None:
        return assess_document({"patient": {"age_years": age}, "history": history,
                                "exam": exam or {}})
    return assess_document(with_duration(days, history=history, exam=exam or {},
                                         patient={"age_years": age}))


# ---- emergency: within 14 days (or with the onset unknown) ----------------------------------


@pytest.mark.parametrize(
    ("age", "history", "exam", "expected"),
    [
        # syncope or hypotension with age >= 50, vascular disease or a pulsatile mass
        (50, {"syncope": True}, {}, EMERGENCY),
        (49, {"syncope": True}, {}, None),
        (49, {"syncope": True, "vascular_disease": True}, {}, EMERGENCY),
        (49, {"syncope": True}, {"pulsatile_abdominal_mass": True}, EMERGENCY),
        (50, {}, {"systolic_bp": 89}, EMERGENCY),
        (50, {}, {"systolic_bp": 90}, None),
        (49, {}, {"systolic_bp": 60}, None),
        (50, {"syncope": False}, {"systolic_bp": 120}, None),
        # a pulse deficit
        (30, {}, {"pulse_deficit": True}, EMERGENCY),
        (30, {}, {"pulse_deficit": False}, None),
        # a pulsatile mass with abdominal pain
        (30, {"abdominal_pain": True}, {"pulsatile_abdominal_mass": True}, EMERGENCY),
        # sudden tearing pain, known vascular disease or not
        (30, {"onset": "sudden", "pain_qualities": ["tearing"]}, {}, EMERGENCY),
        (30, {"onset": "sudden", "pain_qualities": ["tearing"], "vascular_disease": False}, {},
         EMERGENCY),
        (30, {"onset": "gradual", "pain_qualities": ["tearing"]}, {}, None),
        # new chest pain or breathlessness, whatever the region
        (30, {"chest_pain_or_dyspnoea": True}, {}, EMERGENCY),
        (30, {"chest_pain_or_dyspnoea": True, "regions": ["cervical"]}, {}, EMERGENCY),
    ],
)
def test_aortic_emergencies_within_14_days(age, history, exam, expected):
    for days in (14, None):
        result = vascular_visit(days, age=age, history=history, exam=exam)
        assert level(result, "vascular_or_visceral_cause") == expected, days
        if expected == EMERGENCY:
            assert advice(result) == "emergency_non_spinal_assessment"


@pytest.mark.parametrize(
    ("age", "history", "exam", "expected"),
    [
        (50, {"syncope": True}, {}, None),
        (50, {}, {"systolic_bp": 80}, None),
        (30, {}, {"pulse_deficit": True}, None),
        (30, {"abdominal_pain": True}, {"pulsatile_abdominal_mass": True}, ULTRASOUND),
        (30, {"onset": "sudden", "pain_qualities": ["tearing"]}, {}, None),
        (30, {"chest_pain_or_dyspnoea": True}, {}, REVIEW),
        (70, {"syncope": True}, {"pulsatile_abdominal_mass": True}, ULTRASOUND),
    ],
)
def test_beyond_14_days_no_aortic_emergency(age, history, exam, expected):
    result = vascular_visit(15, age=age, history=history, exam=exam)
    assert level(result, "vascular_or_visceral_cause") == expected


def test_chest_pain_beyond_14_days_is_a_cardiorespiratory_review():
    result = vascular_visit(15, history={"chest_pain_or_dyspnoea": True})
    rationale = flag(result, "vascular_or_visceral_cause")["rationale"].lower()
    assert "cardiorespiratory" in rationale


# ---- urgent: aortic ultrasound within 2 weeks (NICE NG156) ----------------------------------


@pytest.mark.parametrize("days", [0, 14, 15, 400, None])
def test_pulsatile_mass_without_an_emergency_trigger_is_urgent_ultrasound(days):
    result = vascular_visit(days, history={"abdominal_pain": False},
                            exam={"pulsatile_abdominal_mass": True, "pulse_deficit": False})
    assert level(result, "vascular_or_visceral_cause") == ULTRASOUND
    assert advice(result) == "urgent_aortic_ultrasound"


@pytest.mark.parametrize(
    ("age", "history", "expected"),
    [
        (60, {"smoker": True}, ULTRASOUND),
        (60, {"vascular_disease": True}, ULTRASOUND),
        (59, {"smoker": True}, REVIEW),
        (60, {"smoker": False, "vascular_disease": False}, REVIEW),
        (60, {}, REVIEW),
    ],
)
def test_abdominal_pain_at_60_with_aortic_risk_is_urgent_ultrasound(age, history, expected):
    result = vascular_visit(100, age=age, history={"abdominal_pain": True, **history})
    assert level(result, "vascular_or_visceral_cause") == expected


def test_smoker_without_abdominal_pain_raises_nothing():
    result = vascular_visit(100, age=70, history={"smoker": True, "abdominal_pain": False})
    assert flag(result, "vascular_or_visceral_cause") is None


# ---- fever with urinary symptoms (pyelonephritis) -------------------------------------------


@pytest.mark.parametrize(
    ("urinary", "expected"),
    [
        (["dysuria"], RENAL),
        (["haematuria"], RENAL),
        (["loin_pain"], RENAL),
        (["frequency"], RENAL),
        (["none"], None),
    ],
)
def test_fever_with_urinary_symptoms(urinary, expected):
    result = vascular_visit(10, history={"fever": True, "urinary_symptoms": urinary})
    assert level(result, "vascular_or_visceral_cause") == expected
    assert level(result, "spinal_infection") == REVIEW
    if expected:
        assert advice(result) == "non_spinal_assessment"


def test_temperature_with_urinary_symptoms_is_fever_too():
    result = assess_document(with_duration(10, history={"urinary_symptoms": ["loin_pain"]},
                                           exam={"temperature_c": 38.4}))
    assert level(result, "vascular_or_visceral_cause") == RENAL


# ---- review ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({"abdominal_pain": True}, REVIEW),
        ({"urinary_symptoms": ["dysuria"]}, REVIEW),
        ({"urinary_symptoms": ["haematuria", "frequency"]}, REVIEW),
        ({"urinary_symptoms": ["loin_pain"]}, None),
        ({"urinary_symptoms": ["frequency"]}, None),
        ({"urinary_symptoms": ["none"]}, None),
        ({"gi_symptoms": ["related_to_meals"]}, REVIEW),
        ({"gi_symptoms": ["vomiting"]}, REVIEW),
        ({"gi_symptoms": ["melaena"]}, REVIEW),
        ({"gi_symptoms": ["none"]}, None),
    ],
)
def test_visceral_reviews(history, expected):
    result = vascular_visit(30, history={"fever": False, **history})
    assert level(result, "vascular_or_visceral_cause") == expected
    if expected:
        assert advice(result) == "no_imaging_initially"


# ---- screening gaps of the aortic questions -------------------------------------------------


@pytest.mark.parametrize(
    ("age", "history", "exam", "gaps"),
    [
        (40, {}, {"pulsatile_abdominal_mass": True}, True),
        (60, {"abdominal_pain": True}, {}, True),
        (59, {"abdominal_pain": True}, {}, False),
        (60, {"abdominal_pain": False}, {}, False),
        (70, {}, {"pulsatile_abdominal_mass": False}, False),
        (70, {}, {}, False),
    ],
)
def test_syncope_pressure_and_pulses_are_gaps_with_a_mass_or_abdominal_pain_at_60(
        age, history, exam, gaps):
    result = vascular_visit(100, age=age, history=history, exam=exam)
    listed = AORTIC_GAPS & set(gap_fields(result))
    assert listed == (AORTIC_GAPS if gaps else set())


def test_answered_aortic_questions_are_not_gaps():
    result = vascular_visit(100, age=70, history={"abdominal_pain": True, "syncope": False},
                            exam={"systolic_bp": 130, "pulse_deficit": False})
    assert not AORTIC_GAPS & set(gap_fields(result))


# ---- no non-spinal advice hides a spinal emergency (v2 section 0) ---------------------------


@pytest.mark.parametrize(
    ("sections", "non_spinal", "spinal"),
    [
        # an aortic emergency with suspected cauda equina syndrome
        ({"history": {"chest_pain_or_dyspnoea": True, "bladder_dysfunction": "retention"}},
         "emergency_non_spinal_assessment", "emergency_mri"),
        # an aortic ultrasound with an upper motor neuron sign
        ({"exam": {"pulsatile_abdominal_mass": True, "hoffmann": pair(left=True)}},
         "urgent_aortic_ultrasound", "urgent_mri"),
    ],
)
def test_spinal_advice_stays_beside_a_non_spinal_one(sections, non_spinal, spinal):
    result = assess_document(with_duration(5, history={"regions": ["lumbar"],
                                                       **sections.get("history", {})},
                                           exam=sections.get("exam", {})))
    assert advice(result) == non_spinal
    assert spinal in all_advice(result)
    for item in [result["imaging"], *result["imaging"]["also"]]:
        if item["advice"] in NON_SPINAL_ADVICE:
            assert "not spine imaging" not in item["rationale"].lower()


NON_SPINAL_WITH_SPINAL_FLAG = [
    pytest.param({"chest_pain_or_dyspnoea": True, "bladder_dysfunction": "retention"}, {},
                 id="aortic-emergency-with-cauda-equina"),
    pytest.param({}, {"pulsatile_abdominal_mass": True, "hoffmann": pair(left=True)},
                 id="aortic-ultrasound-with-myelopathy"),
    pytest.param({"fever": True, "urinary_symptoms": ["dysuria"], "iv_drug_use": True}, {},
                 id="pyelonephritis-beside-emergency-infection"),
]


@pytest.mark.parametrize(("history", "exam"), NON_SPINAL_WITH_SPINAL_FLAG)
def test_non_spinal_rationale_says_the_spinal_study_must_not_be_delayed(history, exam):
    result = assess_document(with_duration(5, history={"regions": ["lumbar"], **history},
                                           exam=exam))
    items = [item for item in [result["imaging"], *result["imaging"]["also"]]
             if item["advice"] in NON_SPINAL_ADVICE]
    assert items
    for item in items:
        rationale = item["rationale"].lower()
        assert "delay" in rationale and "spin" in rationale, item["rationale"]


def test_non_spinal_rationale_alone_needs_no_spinal_warning():
    result = assess(history={"regions": ["lumbar"], "chest_pain_or_dyspnoea": True})
    assert advice(result) == "emergency_non_spinal_assessment"
    assert has_evidence(flag(result, "vascular_or_visceral_cause"),
                        "history.chest_pain_or_dyspnoea")
