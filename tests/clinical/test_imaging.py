"""Imaging advice, rules version 2 (docs/clinical-rules.md, rules v2, sections 0 and 5):
the primary `advice` is the first that applies in the order of section 5, `also` lists every
other in the same order; no advice before the history is saved; post-operative MRI with
contrast; the intervention-candidate MRI; neck advice by neck guidance."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    all_advice,
    also,
    assess,
    diagnostics,
    pair,
    rationales,
    urgency,
    with_duration,
)

LEG = {"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "left",
       "pain_qualities": ["shooting"]}
ARM = {"regions": ["cervical"], "radiation": ["forearm_hand"], "radiation_side": "right",
       "pain_qualities": ["electric"]}
CLAUDICATION = {"regions": ["lumbar"], "leg_symptoms_walking_relieved_by_sitting": True}
SPA = {"age_at_onset": 28, "family_history_spondyloarthritis": True}
AXIAL = {"regions": ["lumbar"], "radiation": ["none"], "aggravating": ["flexion"]}


# ---- no advice before the history is saved -------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"patient": {"age_years": 40}, "visit": {"visit_date": "2024-06-03"}},
        {"exam": {"pulsatile_abdominal_mass": True}},
        {"exam": {"saddle_sensation": "absent"}},
    ],
)
def test_no_advice_before_the_history_is_saved(document):
    assert assess_document(document)["imaging"] is None


def test_an_empty_saved_history_gets_advice():
    result = assess_document({"history": {}})
    assert advice(result) == "no_imaging_initially"
    assert also(result) == []


# ---- the order of section 5 -----------------------------------------------------------------


def visit(days=5, history=None, exam=None, **sections):
    return assess_document(with_duration(days, history={"regions": ["lumbar"], **(history or {})},
                                         exam=exam or {}, **sections))


ORDERED_PAIRS = [
    # (findings, advice, also)
    ("aortic emergency, cauda equina",
     {"history": {"chest_pain_or_dyspnoea": True, "bladder_dysfunction": "retention"}},
     "emergency_non_spinal_assessment", ["emergency_mri"]),
    ("major trauma with retention",
     {"history": {"trauma": "major", "bladder_dysfunction": "retention"}},
     "ct", ["emergency_mri"]),
    ("cauda equina, aortic ultrasound",
     {"history": {"saddle_numbness": True}, "exam": {"pulsatile_abdominal_mass": True}},
     "emergency_mri", ["urgent_aortic_ultrasound"]),
    ("aortic ultrasound, myelopathy",
     {"exam": {"pulsatile_abdominal_mass": True, "babinski": pair(left=True)}},
     "urgent_aortic_ultrasound", ["urgent_mri"]),
    ("myelopathy, post-operative",
     {"visit": {"visit_type": "post_op"}, "history": {"numbness": True},
      "exam": {"hoffmann": pair(right=True)}},
     "urgent_mri", ["mri_with_contrast"]),
    ("post-operative fever, pyelonephritis",
     {"visit": {"visit_type": "post_op"},
      "history": {"fever": True, "urinary_symptoms": ["dysuria"]}},
     "mri_with_contrast", ["non_spinal_assessment"]),
    ("pyelonephritis, urgent fracture",
     {"history": {"fever": True, "urinary_symptoms": ["loin_pain"]},
      "exam": {"deformity": "step_off"}},
     "non_spinal_assessment", ["xray"]),
    ("urgent fracture, sacroiliac",
     {"days": 200, "history": SPA, "exam": {"deformity": "step_off"},
      "patient": {"age_years": 40}},
     "xray", ["sacroiliac_imaging"]),
    ("sacroiliac, intervention candidate",
     {"days": 200, "history": {**SPA, **LEG}, "patient": {"age_years": 40}},
     "sacroiliac_imaging", ["mri_if_intervention_candidate"]),
    ("cervical radiculopathy, new neck pain",
     {"history": ARM}, "mri", ["xray"]),
]


@pytest.mark.parametrize(("name", "sections", "primary", "others"), ORDERED_PAIRS,
                         ids=[row[0] for row in ORDERED_PAIRS])
def test_first_advice_wins_and_every_other_follows_in_order(name, sections, primary, others):
    sections = dict(sections)
    days = sections.pop("days", 5)
    history = sections.pop("history", {})
    exam = sections.pop("exam", {})
    result = visit(days, history=history, exam=exam, **sections)
    assert advice(result) == primary
    assert also(result) == others
    for item in result["imaging"]["also"]:
        assert item["rationale"].strip()
        assert item["citation"].strip()


def test_every_advice_that_applies_is_listed_once():
    result = visit(3, history={"trauma": "major", "bladder_dysfunction": "retention",
                               "chest_pain_or_dyspnoea": True, "cancer_history": True},
                   exam={"hoffmann": pair(left=True)})
    assert all_advice(result)[:2] == ["emergency_non_spinal_assessment", "ct"]
    assert "emergency_mri" in also(result)
    listed = [(item["advice"], item.get("region"))
              for item in [result["imaging"], *result["imaging"]["also"]]]
    assert len(listed) == len(set(listed))


# ---- each advice on its own -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ({"exam": {"pulsatile_abdominal_mass": True}}, "urgent_aortic_ultrasound"),
        ({"history": {"regions": ["thoracic"], "chest_pain_or_dyspnoea": True}},
         "emergency_non_spinal_assessment"),
        # a review-level visceral flag is not an emergency department referral
        ({"history": {"abdominal_pain": True}}, "no_imaging_initially"),
        ({"exam": {"saddle_sensation": "reduced"}}, "emergency_mri"),
        ({"exam": {"post_void_residual_ml": 200}}, "emergency_mri"),
        ({"exam": {"post_void_residual_ml": 199}}, "no_imaging_initially"),
        ({"history": {"regions": ["cervical"], "gait_change": True, "hand_clumsiness": True}},
         "urgent_mri"),
        ({"exam": {"motor": {"L5": pair(left=3)}}}, "urgent_mri"),
        ({"history": {"weakness_progressive": True}}, "urgent_mri"),
        ({"history": {"fever": True}}, "no_imaging_initially"),
        ({"history": {"iv_drug_use": True}, "diagnostics": diagnostics(crp_mg_l=45)},
         "urgent_mri"),
        ({"history": {"cancer_history": True, "regions": ["thoracic"]}}, "urgent_mri"),
        ({"history": {"cancer_history": True}}, "no_imaging_initially"),
        ({"history": {"unexplained_weight_loss": True}}, "no_imaging_initially"),
        ({"history": {"trauma": "major"}}, "ct"),
        ({"history": {"trauma": "minor"}, "patient": {"age_years": 75}}, "xray"),
        ({"history": {"trauma": "minor", "osteoporosis": True}}, "xray"),
        ({"exam": {"deformity": "step_off"}}, "xray"),
        ({"patient": {"sex": "female", "age_years": 78}}, "xray"),
        ({"diagnostics": diagnostics("fracture")}, "xray"),
        ({"history": {"long_term_steroids": True}}, "no_imaging_initially"),
    ],
)
def test_advice_for_single_findings(sections, expected):
    sections = {"history": {}, **sections}
    assert advice(assess(**sections)) == expected


@pytest.mark.parametrize("finding", ["cord_compression", "tumour", "infection"])
def test_confirmed_serious_imaging_finding_gets_urgent_mri(finding):
    assert advice(assess(history={}, diagnostics=diagnostics(finding))) == "urgent_mri"


def test_cauda_equina_compression_on_imaging_gets_emergency_mri():
    result = assess(history={}, diagnostics=diagnostics("cauda_equina_compression"))
    assert advice(result) == "emergency_mri"


def test_sacroiliac_imaging_for_suspected_spondyloarthritis():
    result = assess_document(with_duration(150, history={"regions": ["lumbar"], **SPA},
                                           patient={"age_years": 30}))
    assert advice(result) == "sacroiliac_imaging"
    assert "asas" in result["imaging"]["citation"].lower()


# ---- MRI for suspected infection or malignancy is with contrast -----------------------------


@pytest.mark.parametrize(
    "history",
    [
        {"regions": ["thoracic"], "cancer_history": True},
        {"iv_drug_use": True, "night_pain": "unremitting"},
        {"fever": True, "immunosuppression": True},
    ],
)
def test_mri_for_infection_or_malignancy_is_without_and_with_contrast(history):
    result = assess(history={"regions": ["lumbar"], **history})
    assert advice(result) in ("urgent_mri", "emergency_mri")
    assert "contrast" in result["imaging"]["rationale"]


# ---- persistent radicular or stenosis symptoms: ACR LBP variant 3 ---------------------------


@pytest.mark.parametrize(
    ("history", "days", "expected"),
    [
        (LEG, 41, "no_imaging_initially"),
        (LEG, 42, "mri_if_intervention_candidate"),
        (LEG, 84, "mri_if_intervention_candidate"),
        (LEG, 400, "mri_if_intervention_candidate"),
        (CLAUDICATION, 20, "no_imaging_initially"),
        (CLAUDICATION, 60, "mri_if_intervention_candidate"),
        (AXIAL, 200, "no_imaging_initially"),
        # with failed_conservative_care_weeks recorded, it decides
        ({**LEG, "failed_conservative_care_weeks": 6}, None, "mri_if_intervention_candidate"),
        ({**LEG, "failed_conservative_care_weeks": 5}, None, "no_imaging_initially"),
        ({**LEG, "failed_conservative_care_weeks": 5}, 200, "no_imaging_initially"),
        ({**LEG, "failed_conservative_care_weeks": 6}, 43, "mri_if_intervention_candidate"),
        ({**CLAUDICATION, "failed_conservative_care_weeks": 10}, None,
         "mri_if_intervention_candidate"),
        ({**AXIAL, "failed_conservative_care_weeks": 52}, 400, "no_imaging_initially"),
    ],
)
def test_mri_only_for_an_intervention_candidate(history, days, expected):
    document = (with_duration(days, history=history) if days is not None
                else {"history": history})
    result = assess_document(document)
    assert advice(result) == expected
    if expected == "mri_if_intervention_candidate":
        assert "variant 3" in result["imaging"]["citation"]
        assert "lumbar spine" in result["imaging"]["rationale"]


def test_radicular_with_unknown_duration_and_no_care_recorded_is_not_an_mri_candidate():
    assert advice(assess(history=LEG)) == "no_imaging_initially"


# ---- post-operative visits: MRI without and with contrast (ACR LBP variant 5) ---------------

POST_OP = {"visit_type": "post_op"}


@pytest.mark.parametrize(
    "history",
    [
        {"weakness": True},
        {"numbness": True},
        {"weakness": True, "weakness_progressive": True},
        {"fever": True},
        {"treatment_response": "worse"},
        {"saddle_numbness": True},
    ],
)
def test_post_operative_progression_new_numbness_weakness_or_fever(history):
    result = assess(visit=POST_OP, history={"regions": ["lumbar"], **history})
    assert "mri_with_contrast" in all_advice(result)
    item = next(i for i in [result["imaging"], *result["imaging"]["also"]]
                if i["advice"] == "mri_with_contrast")
    assert "variant 5" in item["citation"]
    assert "contrast" in item["rationale"]


def test_post_operative_mri_is_the_advice_without_a_flag():
    result = assess(visit=POST_OP, history={**LEG, "weakness": True, "numbness": True},
                    exam={"motor": {"L5": pair(left=4, right=5)}})
    assert advice(result) == "mri_with_contrast"


@pytest.mark.parametrize("visit_type", ["new", "follow_up"])
def test_same_findings_outside_a_post_op_visit_get_no_post_operative_mri(visit_type):
    result = assess(visit={"visit_type": visit_type},
                    history={**LEG, "weakness": True, "numbness": True})
    assert "mri_with_contrast" not in all_advice(result)


def test_post_op_visit_without_progression_numbness_weakness_or_fever_needs_no_imaging():
    result = assess(visit=POST_OP,
                    history={**AXIAL, "weakness": False, "numbness": False, "fever": False,
                             "treatment_response": "better"},
                    exam={"motor": {"L5": pair(5, 5), "S1": pair(5, 5)}})
    assert advice(result) == "no_imaging_initially"


def test_post_op_does_not_override_an_emergency():
    result = assess(visit=POST_OP, history={**LEG, "weakness": True,
                                            "bladder_dysfunction": "retention"})
    assert advice(result) == "emergency_mri"
    assert "mri_with_contrast" in also(result)


# ---- the neck: ACR Cervical, never low-back-pain guidance -----------------------------------


def test_new_neck_pain_without_red_flags_gets_radiographs_first():
    result = assess_document(with_duration(10, history={"regions": ["cervical"],
                                                        "radiation": ["none"]}))
    assert advice(result) == "xray"
    assert "Cervical" in result["imaging"]["citation"]


def test_longstanding_neck_pain_without_red_flags_gets_no_imaging():
    result = assess_document(with_duration(200, history={"regions": ["cervical"],
                                                         "radiation": ["none"]}))
    assert advice(result) == "no_imaging_initially"
    assert "Cervical" in result["imaging"]["citation"]


@pytest.mark.parametrize(("days", "history"), [(10, {}), (200, {"treatment_response": "worse"})])
def test_new_or_increasing_cervical_radiculopathy_gets_mri(days, history):
    result = assess_document(with_duration(days, history={**ARM, **history}))
    assert advice(result) == "mri"
    assert "Cervical" in result["imaging"]["citation"]
    assert "cervical spine" in result["imaging"]["rationale"]


NECK_FLAGS = [
    ("malignancy", {"cancer_history": True}, {}),
    ("spinal_infection", {"fever": True, "iv_drug_use": True}, {}),
    ("severe_neurological_deficit", {}, {"motor": {"C7": pair(left=2)}}),
    ("spinal_fracture", {"trauma": "minor"}, {"midline_tenderness": True,
                                               "ccr_low_risk": True,
                                               "neck_rotation_45": "able"}),
]


@pytest.mark.parametrize(("code", "history", "exam"), NECK_FLAGS, ids=[r[0] for r in NECK_FLAGS])
def test_neck_flags_never_cite_low_back_pain_variants(code, history, exam):
    result = assess_document(with_duration(20, history={"regions": ["cervical"],
                                                        "dangerous_mechanism": False,
                                                        "limb_paraesthesia_after_trauma": False,
                                                        **history},
                                           exam=exam, patient={"age_years": 40}))
    raised = next(f for f in result["red_flags"] if f["code"] == code)
    assert urgency(result, code) in ("urgent", "emergency")
    for citation in [raised["citation"], result["imaging"]["citation"],
                     *(item["citation"] for item in result["imaging"]["also"])]:
        assert "LBP" not in citation and "Low Back Pain" not in citation, citation


def test_persisting_cervical_radiculopathy_is_an_intervention_candidate():
    result = assess_document(with_duration(
        100, history={**ARM, "failed_conservative_care_weeks": 8, "treatment_response": "same"}))
    assert advice(result) in ("mri_if_intervention_candidate", "mri")
    assert "LBP" not in result["imaging"]["citation"]


def test_neck_no_imaging_is_not_cited_to_low_back_pain_guidance():
    result = assess_document(with_duration(200, history={"regions": ["cervical"],
                                                         "radiation": ["none"]}))
    assert advice(result) == "no_imaging_initially"
    assert "Qaseem" not in result["imaging"]["citation"]


def test_mri_rationale_does_not_claim_no_red_flags_beside_a_review_flag():
    result = assess_document(with_duration(10, history={**ARM, "abdominal_pain": True}))
    assert result["red_flags"]
    for rationale in rationales(result):
        assert "without red flag" not in rationale.lower()
        assert "no red flag" not in rationale.lower()


# ---- the rationale is written for the case --------------------------------------------------


def test_no_imaging_rationale_says_no_red_flag_only_when_none_was_raised():
    none = assess_document(with_duration(10, history=AXIAL))
    assert none["red_flags"] == []
    assert "no red flag" in none["imaging"]["rationale"].lower()
    review = assess_document(with_duration(10, history={**AXIAL, "abdominal_pain": True}))
    assert advice(review) == "no_imaging_initially"
    assert "no red flag" not in review["imaging"]["rationale"].lower()
    assert "vascular or visceral cause" in review["imaging"]["rationale"].lower()


@pytest.mark.parametrize(("days", "words"), [(10, "10 days"), (200, "200 days"),
                                             (None, "not recorded")])
def test_no_imaging_rationale_states_the_duration_of_the_visit(days, words):
    document = with_duration(days, history=AXIAL) if days is not None else {"history": AXIAL}
    rationale = assess_document(document)["imaging"]["rationale"]
    assert words in rationale
    if days == 10:
        assert "6 weeks" not in rationale and "chronic" not in rationale


def test_rationale_without_regions_reads_correctly():
    result = assess(history={}, exam={"motor": {"L5": pair(left=3)}})
    for text in [*(f["rationale"] for f in result["red_flags"]), *rationales(result)]:
        assert "the the" not in text


# ---- the corrected ACR Low Back Pain (2021) variants, for the lumbar spine ------------------

LUMBAR_CITATIONS = [
    ("suspected cauda equina", 5, {"bladder_dysfunction": "retention"}, {}, {}, "variant 4"),
    ("cauda equina risk", 5, {"sexual_dysfunction_new": True}, {}, {}, "variant 4"),
    ("low-velocity trauma", 20, {"trauma": "minor"}, {}, {"age_years": 75}, "variant 6"),
    ("steroids with sudden pain", 10, {"long_term_steroids": True, "onset": "sudden"},
     {"midline_tenderness": True}, {"age_years": 50}, "variant 6"),
    ("suspected cancer", 200, {"cancer_history": True, "night_pain": "unremitting"}, {}, {},
     "variant 7"),
    ("suspected infection", 200, {"iv_drug_use": True, "night_pain": "unremitting"}, {}, {},
     "variant 7"),
    ("intervention candidate", 100, {"radiation": ["foot"], "radiation_side": "right",
                                     "pain_qualities": ["burning"]}, {}, {}, "variant 3"),
]


@pytest.mark.parametrize(("name", "days", "history", "exam", "patient", "variant"),
                         LUMBAR_CITATIONS, ids=[row[0] for row in LUMBAR_CITATIONS])
def test_lumbar_advice_cites_the_corrected_variant(name, days, history, exam, patient, variant):
    result = assess_document(with_duration(days, history={"regions": ["lumbar"], **history},
                                           exam=exam, patient=patient))
    assert variant in result["imaging"]["citation"], result["imaging"]["citation"]


def test_post_operative_mri_cites_variant_5():
    result = assess(visit={"visit_type": "post_op"},
                    history={"regions": ["lumbar"], "numbness": True})
    assert "variant 5" in result["imaging"]["citation"]


def test_high_energy_trauma_cites_acr_suspected_spine_trauma():
    result = assess_document(with_duration(2, history={"regions": ["lumbar"],
                                                       "trauma": "major"}))
    assert advice(result) == "ct"
    assert "Suspected Spine Trauma" in result["imaging"]["citation"]
