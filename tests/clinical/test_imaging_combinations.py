"""When several studies apply together (docs/clinical-rules.md, "Imaging advice"): the most
urgent comes first, nothing urgent is hidden, nothing redundant is listed, citations follow the
region, and pregnancy says what it defers."""

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    all_advice,
    days_ago,
    flag,
    pair,
    rationales,
    study,
    with_duration,
)

LBP = "Low Back Pain"
NECK = "Cervical Neck Pain"


def visit(days, history, exam=None, patient=None, **sections):
    return assess_document(with_duration(days, history=history, exam=exam or {},
                                         patient={"age_years": 55, **(patient or {})},
                                         **sections))


def items(result):
    imaging = result["imaging"]
    return [imaging, *imaging["also"]]


def test_a_post_operative_neck_mri_is_cited_to_neck_guidance():
    result = visit(20, {"regions": ["cervical"], "weakness": True},
                   visit={"visit_type": "post_op"})
    post_op = [i for i in items(result) if i["advice"] == "mri_with_contrast"]
    assert post_op and NECK in post_op[0]["citation"] and LBP not in post_op[0]["citation"]
    # the urgent post-operative MRI answers the question the initial radiographs would ask
    assert "xray" not in all_advice(result)


def test_no_imaging_for_neck_and_thoracic_pain_cites_both_guidelines():
    result = visit(200, {"regions": ["cervical", "thoracic"], "radiation": ["none"]})
    assert advice(result) == "no_imaging_initially"
    assert NECK in result["imaging"]["citation"] and LBP in result["imaging"]["citation"]


def test_an_old_major_injury_is_cited_to_spine_trauma_guidance():
    result = visit(60, {"regions": ["lumbar"], "trauma": "major"})
    fracture = flag(result, "spinal_fracture")
    assert fracture["urgency"] == "review"
    assert "Suspected Spine Trauma" in fracture["citation"]
    assert "variant 6" not in fracture["citation"]


def test_a_whole_spine_mri_never_hides_a_sooner_mri():
    # Suspected cauda equina (MRI now) in a patient with cancer (whole spine within 24 hours).
    result = visit(10, {"regions": ["lumbar"], "cancer_history": True, "saddle_numbness": True})
    assert flag(result, "cauda_equina_syndrome")["time_frame"] == "immediately"
    mris = [(i["advice"], i["region"]) for i in items(result) if i["advice"] == "emergency_mri"]
    assert mris == [("emergency_mri", "lumbar spine"), ("emergency_mri", "whole spine")]


def test_an_injured_rigid_spine_with_a_neurological_finding_gets_an_mri_after_the_ct():
    result = visit(30, {"regions": ["lumbar"], "trauma": "minor", "weakness": True,
                        "inflammatory_conditions": ["spondyloarthritis"]})
    assert advice(result) == "ct" and result["imaging"]["region"] == "whole spine"
    assert "emergency_mri" in all_advice(result)


def test_a_scan_of_one_region_does_not_answer_a_study_of_two():
    lumbar_mri = study(modality="mri", region="lumbar", date=days_ago(5))
    result = visit(30, {"regions": ["cervical", "lumbar"], "cancer_history": True},
                   diagnostics={"studies": [lumbar_mri]})
    assert flag(result, "malignancy")["urgency"] == "urgent"
    assert "review_existing_imaging" not in all_advice(result)
    assert "urgent_mri" in all_advice(result)


def test_a_scan_of_each_region_answers_a_study_of_two():
    scans = [study(modality="mri", region=region, date=days_ago(5))
             for region in ("cervical", "lumbar")]
    result = visit(30, {"regions": ["cervical", "lumbar"], "cancer_history": True},
                   diagnostics={"studies": scans})
    assert advice(result) == "review_existing_imaging"
    assert "study 1" in result["imaging"]["rationale"]
    assert "study 2" in result["imaging"]["rationale"]


def test_pregnancy_says_which_imaging_waits():
    result = visit(60, {"regions": ["lumbar"], "radiation": ["below_knee"],
                        "radiation_side": "left", "pain_qualities": ["shooting"],
                        "pregnant": True}, patient={"sex": "female", "age_years": 30})
    assert advice(result) == "no_imaging_initially"
    rationale = result["imaging"]["rationale"]
    assert "In pregnancy" in rationale and "surgery or injection waits" in rationale
    assert "no pattern that imaging would change" not in rationale


def test_a_neck_mri_beside_a_vascular_emergency_does_not_call_it_a_review():
    result = visit(10, {"regions": ["cervical"], "radiation": ["forearm_hand"],
                        "radiation_side": "left", "pain_qualities": ["electric"],
                        "chest_pain_or_dyspnoea": True})
    assert flag(result, "vascular_or_visceral_cause")["urgency"] == "emergency"
    neck = [i for i in items(result) if i["advice"] == "mri"]
    assert neck and "call for review" not in neck[0]["rationale"]
    assert "without an urgent spinal red flag" in neck[0]["rationale"]


def test_do_not_delay_names_an_urgent_spinal_study_in_words():
    result = visit(5, {"regions": ["lumbar"], "fever": True, "urinary_symptoms": ["dysuria"],
                       "iv_drug_use": True})
    renal = [i for i in items(result) if i["advice"] == "non_spinal_assessment"]
    assert "Do not delay the emergency MRI of the lumbar spine" in renal[0]["rationale"]


def test_do_not_delay_is_not_said_when_no_urgent_spinal_study_is_advised():
    # weight loss at 60 (NICE NG12) is urgent but calls for a CT of the abdomen, not the spine
    result = visit(60, {"regions": ["lumbar"], "unexplained_weight_loss": True, "fever": True,
                        "urinary_symptoms": ["dysuria"], "radiation": ["below_knee"],
                        "radiation_side": "left", "pain_qualities": ["shooting"]},
                   patient={"age_years": 64})
    assert flag(result, "malignancy")["urgency"] == "urgent"
    assert not any("Do not delay" in text for text in rationales(result))


def test_one_flag_gives_one_mri_of_a_region():
    # Worsening grade 3 weakness: the emergency MRI; the urgent level's MRI is not repeated.
    result = visit(10, {"regions": ["lumbar"], "weakness_progressive": True, "weakness": True},
                   exam={"motor": {"L5": pair(left=3)}})
    assert flag(result, "severe_neurological_deficit")["urgency"] == "emergency"
    lumbar_mris = [i for i in items(result) if i["region"] == "lumbar spine"
                   and i["advice"] in ("emergency_mri", "urgent_mri")]
    assert [i["advice"] for i in lumbar_mris] == ["emergency_mri"]


def test_a_whole_spine_ct_covers_the_ct_of_the_painful_region():
    result = visit(2, {"regions": ["lumbar"], "trauma": "major",
                       "inflammatory_conditions": ["spondyloarthritis"]})
    cts = [i["region"] for i in items(result) if i["advice"] == "ct"]
    assert cts == ["whole spine"]


def test_weakness_in_both_arms_is_not_a_cauda_equina_deficit():
    result = visit(10, {"regions": ["cervical"], "radiation": ["forearm_hand"],
                        "radiation_side": "bilateral", "weakness": True,
                        "weakness_progressive": True})
    assert flag(result, "cauda_equina_syndrome") is None


def test_progressive_weakness_with_pain_into_both_legs_is_a_cauda_equina_deficit():
    result = visit(10, {"regions": ["lumbar"], "radiation": ["thigh"],
                        "radiation_side": "bilateral", "weakness": True,
                        "weakness_progressive": True})
    assert flag(result, "cauda_equina_syndrome")["urgency"] == "emergency"


def test_a_study_answered_by_a_whole_spine_mri_is_not_reviewed_beside_it():
    # Cord compression already on a thoracic MRI in a patient with cancer: the whole-spine MRI
    # within 24 hours answers the urgent thoracic and cervical MRIs; no review is listed.
    compression = study("cord_compression", modality="mri", region="thoracic", date=days_ago(2))
    result = visit(20, {"regions": ["thoracic"], "cancer_history": True},
                   diagnostics={"studies": [compression]})
    assert (advice(result), result["imaging"]["region"]) == ("emergency_mri", "whole spine")
    assert all_advice(result) == ["emergency_mri"]
