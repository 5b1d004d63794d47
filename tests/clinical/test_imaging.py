"""Imaging advice (docs/clinical-rules.md, "Imaging advice"): one advice, the first that
applies."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import assess, diagnostics, pair, urgency, with_duration

LEG = {"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "left",
       "pain_qualities": ["shooting"]}
CLAUDICATION = {"regions": ["lumbar"], "leg_symptoms_walking_relieved_by_sitting": True}
SPA = {"age_at_onset": 28, "family_history_spondyloarthritis": True}


def advice(result):
    return result["imaging"]["advice"]


# Each row adds the trigger of one advice to findings that would otherwise earn the
# advice of every later row: the earlier row must win.
LADDER = [
    ("emergency_non_spinal_assessment", {"exam": {"pulsatile_abdominal_mass": True}}),
    ("emergency_mri", {"history": {"bladder_dysfunction": "retention"}}),
    ("urgent_mri", {"exam": {"hoffmann": pair(left=True)}}),
    ("ct", {"history": {"trauma": "major"}}),
    ("xray", {"history": {"long_term_steroids": True}}),
    ("sacroiliac_imaging", {"history": SPA}),
    ("mri_if_intervention_candidate", {"history": LEG}),
]


def combined(rows, days=200):
    history, exam = {}, {}
    for _, sections in rows:
        history.update(sections.get("history", {}))
        exam.update(sections.get("exam", {}))
    return with_duration(days, history={"regions": ["lumbar"], **history}, exam=exam,
                         patient={"age_years": 40})


@pytest.mark.parametrize("rank", range(len(LADDER)), ids=[row[0] for row in LADDER])
def test_first_applicable_advice_wins(rank):
    result = assess_document(combined(LADDER[rank:]))
    assert advice(result) == LADDER[rank][0]


def test_no_imaging_initially_otherwise():
    result = assess_document(with_duration(10, history={"regions": ["lumbar"],
                                                        "radiation": ["none"],
                                                        "aggravating": ["flexion"]}))
    assert advice(result) == "no_imaging_initially"
    assert result["imaging"]["rationale"].strip()
    assert "qaseem" in result["imaging"]["citation"].lower()


def test_empty_document_gets_no_imaging_initially():
    assert advice(assess_document({})) == "no_imaging_initially"


# ---- each advice on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ({"exam": {"pulsatile_abdominal_mass": True}}, "emergency_non_spinal_assessment"),
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
        ({"history": {"fever": True}}, "urgent_mri"),
        ({"history": {"iv_drug_use": True}, "diagnostics": diagnostics(crp_mg_l=45)},
         "urgent_mri"),
        ({"history": {"cancer_history": True}}, "urgent_mri"),
        ({"history": {"unexplained_weight_loss": True}}, "urgent_mri"),
        ({"history": {"trauma": "major"}}, "ct"),
        ({"history": {"trauma": "minor"}, "patient": {"age_years": 75}}, "xray"),
        ({"history": {"trauma": "minor", "osteoporosis": True}}, "xray"),
        ({"exam": {"deformity": "step_off"}}, "xray"),
        ({"patient": {"sex": "female", "age_years": 78}}, "xray"),
        ({"diagnostics": diagnostics("fracture")}, "xray"),
    ],
)
def test_advice_for_single_findings(sections, expected):
    assert advice(assess(**sections)) == expected


def test_risk_factor_alone_is_review_and_not_an_mri_indication():
    result = assess(history={"immunosuppression": True})
    assert urgency(result, "spinal_infection") == "review"
    assert advice(result) == "no_imaging_initially"


@pytest.mark.parametrize("finding", ["cord_compression", "tumour", "infection"])
def test_confirmed_serious_imaging_finding_gets_urgent_mri(finding):
    assert advice(assess(diagnostics=diagnostics(finding))) == "urgent_mri"


def test_cauda_equina_compression_on_imaging_gets_emergency_mri():
    assert advice(assess(diagnostics=diagnostics("cauda_equina_compression"))) == "emergency_mri"


def test_sacroiliac_imaging_for_suspected_spondyloarthritis():
    result = assess_document(with_duration(150, history={"regions": ["lumbar"], **SPA},
                                           patient={"age_years": 30}))
    assert advice(result) == "sacroiliac_imaging"
    assert "asas" in result["imaging"]["citation"].lower()


# ---- persistent radicular or stenosis symptoms ---------------------------------------------


@pytest.mark.parametrize(
    ("history", "days", "expected"),
    [
        (LEG, 41, "no_imaging_initially"),
        (LEG, 42, "mri_if_intervention_candidate"),
        (LEG, 84, "mri_if_intervention_candidate"),
        (LEG, 400, "mri_if_intervention_candidate"),
        (CLAUDICATION, 20, "no_imaging_initially"),
        (CLAUDICATION, 60, "mri_if_intervention_candidate"),
        (CLAUDICATION, 120, "mri_if_intervention_candidate"),
        ({"regions": ["lumbar"], "radiation": ["none"], "aggravating": ["flexion"]}, 200,
         "no_imaging_initially"),
    ],
)
def test_mri_only_after_six_weeks_of_radicular_or_stenosis_symptoms(history, days, expected):
    assert advice(assess_document(with_duration(days, history=history))) == expected


def test_radicular_with_unknown_duration_is_not_an_mri_candidate():
    assert advice(assess(history=LEG)) == "no_imaging_initially"


# ---- post-operative visits -----------------------------------------------------------------

NEW_DEFICIT = {
    "history": {**LEG, "weakness": True, "numbness": True},
    "exam": {"motor": {"L5": pair(left=4, right=5)}, "sensation": {"L5": pair(left="reduced")}},
}


def test_post_op_visit_with_new_neurological_findings_gets_urgent_mri():
    result = assess(visit={"visit_date": "2024-06-03", "visit_type": "post_op"}, **NEW_DEFICIT)
    assert advice(result) == "urgent_mri"
    assert "variant 6" in result["imaging"]["citation"].lower()
    assert "contrast" in result["imaging"]["rationale"].lower()


@pytest.mark.parametrize(
    "deficit",
    [
        {"history": {"weakness": True}},
        {"history": {"weakness_progressive": True}},
        {"exam": {"motor": {"S1": pair(right=4)}}},
        {"exam": {"reflexes": {"achilles": pair(left=0, right=2)}}},
        {"exam": {"sensation": {"L4": pair(left="absent")}}},
    ],
)
def test_post_op_any_new_neurological_finding(deficit):
    result = assess(visit={"visit_type": "post_op"}, **deficit)
    assert advice(result) == "urgent_mri"


@pytest.mark.parametrize("visit_type", ["new", "follow_up"])
def test_same_findings_outside_a_post_op_visit_are_not_urgent(visit_type):
    result = assess(visit={"visit_date": "2024-06-03", "visit_type": visit_type}, **NEW_DEFICIT)
    assert advice(result) == "no_imaging_initially"


def test_post_op_visit_without_neurological_findings_needs_no_imaging():
    result = assess(visit={"visit_date": "2024-06-03", "visit_type": "post_op"},
                    history={"regions": ["lumbar"], "radiation": ["none"], "weakness": False,
                             "numbness": False, "aggravating": ["flexion"]},
                    exam={"motor": {"L5": pair(5, 5), "S1": pair(5, 5)},
                          "reflexes": {"achilles": pair(2, 2)}})
    assert advice(result) == "no_imaging_initially"


def test_post_op_does_not_override_an_emergency():
    result = assess(visit={"visit_type": "post_op"},
                    history={**NEW_DEFICIT["history"], "bladder_dysfunction": "retention"},
                    exam=NEW_DEFICIT["exam"])
    assert advice(result) == "emergency_mri"


# ---- what the physician reads --------------------------------------------------------------

SOURCES = [
    ("emergency_non_spinal_assessment", {"exam": {"pulsatile_abdominal_mass": True}}, "ESC"),
    ("emergency_mri", {"history": {"bladder_dysfunction": "retention"}}, "NG59"),
    ("urgent_mri", {"history": {"cancer_history": True}}, "ACR"),
    ("ct", {"history": {"trauma": "major"}}, "ACR"),
    ("xray", {"history": {"long_term_steroids": True}}, "ACR"),
]


@pytest.mark.parametrize(("expected", "sections", "source"), SOURCES,
                         ids=[row[0] for row in SOURCES])
def test_imaging_advice_has_rationale_and_citation(expected, sections, source):
    imaging = assess(**sections)["imaging"]
    assert imaging["advice"] == expected
    assert imaging["rationale"].strip()
    assert source.lower() in imaging["citation"].lower()
