"""Red flags (docs/clinical-rules.md, "Red flags (condition level)"): every trigger, at its
edges."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    assess,
    cites_study,
    diagnostics,
    flag,
    flag_codes,
    has_evidence,
    pair,
    sort_key,
    urgency,
    with_duration,
)

# ---- cauda equina syndrome (emergency) -----------------------------------------------------


@pytest.mark.parametrize("value", ["retention", "incontinence", "altered_sensation"])
def test_bladder_dysfunction_raises_cauda_equina_emergency(value):
    result = assess(history={"bladder_dysfunction": value})
    ces = flag(result, "cauda_equina_syndrome")
    assert ces is not None
    assert ces["urgency"] == "emergency"
    assert f"history.bladder_dysfunction={value}" in ces["evidence"]


def test_no_bladder_dysfunction_raises_nothing():
    result = assess(history={"bladder_dysfunction": "none"})
    assert flag(result, "cauda_equina_syndrome") is None
    assert flag(result, "cauda_equina_risk") is None


def test_new_urgency_is_cauda_equina_risk_not_emergency():
    result = assess(history={"bladder_dysfunction": "urgency_new"})
    assert flag(result, "cauda_equina_syndrome") is None
    risk = flag(result, "cauda_equina_risk")
    assert risk is not None
    assert risk["urgency"] == "urgent"
    assert "history.bladder_dysfunction=urgency_new" in risk["evidence"]


@pytest.mark.parametrize(
    ("section", "field", "value", "raises"),
    [
        ("history", "saddle_numbness", True, True),
        ("history", "saddle_numbness", False, False),
        ("exam", "saddle_sensation", "reduced", True),
        ("exam", "saddle_sensation", "absent", True),
        ("exam", "saddle_sensation", "normal", False),
        ("history", "bowel_incontinence", True, True),
        ("history", "bowel_incontinence", False, False),
        ("exam", "anal_tone", "reduced", True),
        ("exam", "anal_tone", "normal", False),
        ("exam", "post_void_residual_ml", 199, False),
        ("exam", "post_void_residual_ml", 200, True),
        ("exam", "post_void_residual_ml", 1200, True),
    ],
)
def test_cauda_equina_triggers(section, field, value, raises):
    result = assess(**{section: {field: value}})
    ces = flag(result, "cauda_equina_syndrome")
    if not raises:
        assert ces is None
        return
    assert ces is not None
    assert ces["urgency"] == "emergency"
    assert has_evidence(ces, f"{section}.{field}")


def test_cauda_equina_lists_every_trigger_and_no_negative_answer():
    result = assess(
        history={"bladder_dysfunction": "retention", "saddle_numbness": True,
                 "bowel_incontinence": False},
        exam={"post_void_residual_ml": 450, "anal_tone": "normal"},
    )
    ces = flag(result, "cauda_equina_syndrome")
    assert "history.bladder_dysfunction=retention" in ces["evidence"]
    assert has_evidence(ces, "history.saddle_numbness")
    assert has_evidence(ces, "exam.post_void_residual_ml")
    assert not has_evidence(ces, "history.bowel_incontinence")
    assert not has_evidence(ces, "exam.anal_tone")


# ---- cauda equina risk (urgent) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "raises", "evidence"),
    [
        ({"radiation": ["below_knee"], "radiation_side": "bilateral"}, True,
         "history.radiation_side"),
        ({"radiation": ["buttock", "foot"], "radiation_side": "bilateral"}, True,
         "history.radiation_side"),
        ({"radiation": ["thigh"], "radiation_side": "bilateral"}, False, None),
        ({"radiation": ["below_knee"], "radiation_side": "left"}, False, None),
        ({"sexual_dysfunction_new": True}, True, "history.sexual_dysfunction_new"),
        ({"sexual_dysfunction_new": False}, False, None),
        ({"bladder_dysfunction": "urgency_new"}, True, "history.bladder_dysfunction"),
    ],
)
def test_cauda_equina_risk_triggers(history, raises, evidence):
    result = assess(history=history)
    risk = flag(result, "cauda_equina_risk")
    assert flag(result, "cauda_equina_syndrome") is None
    if not raises:
        assert risk is None
        return
    assert risk["urgency"] == "urgent"
    assert has_evidence(risk, evidence)


@pytest.mark.parametrize(
    "ces_finding",
    [
        {"history": {"bladder_dysfunction": "retention"}},
        {"history": {"saddle_numbness": True}},
        {"exam": {"anal_tone": "reduced"}},
        {"exam": {"post_void_residual_ml": 200}},
    ],
)
def test_cauda_equina_risk_gives_way_to_the_emergency(ces_finding):
    sections = {
        "history": {"radiation": ["foot"], "radiation_side": "bilateral",
                    "sexual_dysfunction_new": True, **ces_finding.get("history", {})},
        "exam": ces_finding.get("exam", {}),
    }
    result = assess(**sections)
    assert urgency(result, "cauda_equina_syndrome") == "emergency"
    assert flag(result, "cauda_equina_risk") is None


# ---- severe neurological deficit (urgent) --------------------------------------------------


@pytest.mark.parametrize(
    ("exam", "raises"),
    [
        ({"motor": {"L5": pair(left=3)}}, True),
        ({"motor": {"L5": pair(left=0)}}, True),
        ({"motor": {"C7": pair(right=2)}}, True),
        ({"motor": {"L5": pair(left=4)}}, False),
        ({"motor": {"L5": pair(left=4, right=5)}}, False),
        ({"motor": {"L4": pair(left=4), "L5": pair(left=4)}}, True),
        ({"motor": {"L4": pair(left=4), "S1": pair(right=4)}}, True),
        ({"motor": {"L4": pair(left=5), "L5": pair(left=4)}}, False),
        ({"motor": {"L5": pair(left=4, right=4)}}, False),
        ({"gait": "foot_drop"}, True),
        ({"gait": "antalgic"}, False),
    ],
)
def test_severe_neurological_deficit_from_the_exam(exam, raises):
    result = assess(exam=exam)
    deficit = flag(result, "severe_neurological_deficit")
    if not raises:
        assert deficit is None
        return
    assert deficit["urgency"] == "urgent"


def test_severe_motor_deficit_cites_the_root_and_side():
    deficit = flag(assess(exam={"motor": {"L5": pair(left=3)}}), "severe_neurological_deficit")
    assert has_evidence(deficit, "exam.motor.L5.left", 3)


def test_multilevel_deficit_cites_both_roots():
    result = assess(exam={"motor": {"L4": pair(left=4), "L5": pair(left=4)}})
    deficit = flag(result, "severe_neurological_deficit")
    assert has_evidence(deficit, "exam.motor.L4.left")
    assert has_evidence(deficit, "exam.motor.L5.left")


def test_foot_drop_gait_is_evidence():
    deficit = flag(assess(exam={"gait": "foot_drop"}), "severe_neurological_deficit")
    assert "exam.gait=foot_drop" in deficit["evidence"]


@pytest.mark.parametrize(("value", "raises"), [(True, True), (False, False)])
def test_progressive_weakness(value, raises):
    result = assess(history={"weakness": True, "weakness_progressive": value})
    deficit = flag(result, "severe_neurological_deficit")
    assert (deficit is not None) is raises
    if raises:
        assert deficit["urgency"] == "urgent"
        assert has_evidence(deficit, "history.weakness_progressive")


# ---- myelopathy (urgent) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exam", "evidence"),
    [
        ({"hoffmann": pair(left=True)}, "exam.hoffmann"),
        ({"babinski": pair(right=True)}, "exam.babinski"),
        ({"clonus": pair(left=True, right=False)}, "exam.clonus"),
        ({"reflexes": {"patellar": pair(left=4, right=2)}}, "exam.reflexes.patellar"),
        ({"reflexes": {"achilles": pair(right=4)}}, "exam.reflexes.achilles"),
    ],
)
def test_upper_motor_neuron_sign_raises_myelopathy(exam, evidence):
    myelopathy = flag(assess(exam=exam), "myelopathy")
    assert myelopathy is not None
    assert myelopathy["urgency"] == "urgent"
    assert any(item.startswith(evidence) for item in myelopathy["evidence"])


@pytest.mark.parametrize(
    "exam",
    [
        {"hoffmann": pair(False, False), "babinski": pair(False, False),
         "clonus": pair(False, False)},
        {"hoffmann": pair(None, None), "babinski": pair(None, None)},
        {"reflexes": {"patellar": pair(3, 3), "achilles": pair(3, 3)}},
    ],
)
def test_no_umn_sign_no_myelopathy(exam):
    assert flag(assess(exam=exam), "myelopathy") is None


@pytest.mark.parametrize(
    ("regions", "symptoms", "raises"),
    [
        (["cervical"], ["gait_change", "hand_clumsiness"], True),
        (["cervical"], ["hand_clumsiness", "lhermitte"], True),
        (["thoracic"], ["gait_change", "lhermitte"], True),
        (["lumbar", "cervical"], ["gait_change", "hand_clumsiness", "lhermitte"], True),
        (["cervical"], ["hand_clumsiness"], False),
        (["cervical"], ["lhermitte"], False),
        (["lumbar"], ["gait_change", "hand_clumsiness"], False),
        (["lumbar", "sacral"], ["gait_change", "hand_clumsiness", "lhermitte"], False),
    ],
)
def test_myelopathy_symptoms_need_two_and_a_cervical_or_thoracic_region(
    regions, symptoms, raises
):
    history = {"regions": regions, **dict.fromkeys(symptoms, True)}
    myelopathy = flag(assess(history=history), "myelopathy")
    assert (myelopathy is not None) is raises
    if raises:
        assert myelopathy["urgency"] == "urgent"
        for name in symptoms:
            assert has_evidence(myelopathy, f"history.{name}")


def test_answered_no_symptoms_do_not_count_towards_myelopathy():
    history = {"regions": ["cervical"], "gait_change": True, "hand_clumsiness": False,
               "lhermitte": False}
    assert flag(assess(history=history), "myelopathy") is None


# ---- spinal fracture (urgent) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "history", "exam", "raises"),
    [
        ({}, {"trauma": "major"}, {}, True),
        ({"age_years": 30}, {"trauma": "major"}, {}, True),
        ({"age_years": 69}, {"trauma": "minor"}, {}, False),
        ({"age_years": 70}, {"trauma": "minor"}, {}, True),
        ({"age_years": 40}, {"trauma": "minor", "osteoporosis": True}, {}, True),
        ({"age_years": 40}, {"trauma": "minor", "osteoporosis": False}, {}, False),
        ({"age_years": 40}, {"trauma": "minor", "long_term_steroids": True}, {}, True),
        ({"age_years": 40}, {"trauma": "none", "osteoporosis": True}, {}, False),
        ({"age_years": 40}, {"long_term_steroids": True}, {}, True),
        ({"age_years": 40}, {"long_term_steroids": False}, {}, False),
        ({"age_years": 40}, {}, {"deformity": "step_off"}, True),
        ({"age_years": 40}, {}, {"deformity": "scoliosis"}, False),
        ({"age_years": 40}, {"trauma": "minor"}, {"midline_tenderness": True}, True),
        ({"age_years": 40}, {"trauma": "major"}, {"midline_tenderness": True}, True),
        ({"age_years": 40}, {"trauma": "none"}, {"midline_tenderness": True}, False),
        ({"age_years": 40}, {}, {"midline_tenderness": True}, False),
        ({"age_years": 40}, {"trauma": "minor"}, {"midline_tenderness": False}, False),
    ],
)
def test_spinal_fracture_triggers(patient, history, exam, raises):
    fracture = flag(assess(patient=patient, history=history, exam=exam), "spinal_fracture")
    assert (fracture is not None) is raises
    if raises:
        assert fracture["urgency"] == "urgent"


@pytest.mark.parametrize(
    ("sex", "age", "raises"),
    [
        ("female", 71, True),
        ("female", 70, False),
        ("male", 71, False),
        ("female", 69, False),
        ("female", None, False),
    ],
)
def test_four_feature_rule_female_and_older_than_70(sex, age, raises):
    fracture = flag(assess(patient={"sex": sex, "age_years": age}, history={"trauma": "none"}),
                    "spinal_fracture")
    assert (fracture is not None) is raises
    if raises:
        assert has_evidence(fracture, "patient.sex", "female")
        assert has_evidence(fracture, "patient.age_years", age)


def test_minor_trauma_at_70_cites_age_and_trauma():
    fracture = flag(assess(patient={"age_years": 70}, history={"trauma": "minor"}),
                    "spinal_fracture")
    assert "history.trauma=minor" in fracture["evidence"]
    assert has_evidence(fracture, "patient.age_years", 70)


def test_midline_tenderness_after_trauma_cites_both():
    fracture = flag(assess(patient={"age_years": 35}, history={"trauma": "minor"},
                           exam={"midline_tenderness": True}), "spinal_fracture")
    assert has_evidence(fracture, "exam.midline_tenderness")
    assert "history.trauma=minor" in fracture["evidence"]


def test_step_off_is_evidence():
    fracture = flag(assess(exam={"deformity": "step_off"}), "spinal_fracture")
    assert "exam.deformity=step_off" in fracture["evidence"]


# ---- malignancy ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "age"),
    [("cancer_history", 40), ("cancer_metastatic", 40), ("unexplained_weight_loss", 40)],
)
def test_malignancy_urgent_single_findings(field, age):
    malignancy = flag(assess(patient={"age_years": age}, history={field: True}), "malignancy")
    assert malignancy is not None
    assert malignancy["urgency"] == "urgent"
    assert has_evidence(malignancy, f"history.{field}")


def test_malignancy_lists_every_finding_that_raised_it():
    malignancy = flag(assess(patient={"age_years": 64},
                             history={"cancer_history": True, "unexplained_weight_loss": True,
                                      "night_pain": "unremitting", "cancer_metastatic": False}),
                      "malignancy")
    assert malignancy["urgency"] == "urgent"
    assert has_evidence(malignancy, "history.cancer_history")
    assert has_evidence(malignancy, "history.unexplained_weight_loss")
    assert "history.night_pain=unremitting" in malignancy["evidence"]
    assert not has_evidence(malignancy, "history.cancer_metastatic")


@pytest.mark.parametrize(
    "field", ["cancer_history", "cancer_metastatic", "unexplained_weight_loss"]
)
def test_no_cancer_answers_raise_no_malignancy(field):
    assert flag(assess(history={field: False}), "malignancy") is None


@pytest.mark.parametrize(
    ("age", "night_pain", "raises"),
    [
        (49, "unremitting", False),
        (50, "unremitting", True),
        (82, "unremitting", True),
        (60, "wakes_second_half", False),
        (60, "none", False),
        (None, "unremitting", False),
    ],
)
def test_unremitting_night_pain_from_age_50(age, night_pain, raises):
    malignancy = flag(assess(patient={"age_years": age}, history={"night_pain": night_pain}),
                      "malignancy")
    assert (malignancy is not None) is raises
    if raises:
        assert malignancy["urgency"] == "urgent"
        assert "history.night_pain=unremitting" in malignancy["evidence"]
        assert has_evidence(malignancy, "patient.age_years", age)


@pytest.mark.parametrize("cancer", ["cancer_history", "cancer_metastatic"])
@pytest.mark.parametrize(
    ("deficit", "evidence"),
    [
        ({"exam": {"motor": {"L4": pair(right=3)}}}, "exam.motor.L4.right"),
        ({"history": {"weakness_progressive": True}}, "history.weakness_progressive"),
        ({"history": {"bladder_dysfunction": "retention"}}, "history.bladder_dysfunction"),
        ({"history": {"saddle_numbness": True}}, "history.saddle_numbness"),
        ({"exam": {"post_void_residual_ml": 300}}, "exam.post_void_residual_ml"),
    ],
)
def test_cancer_with_neurological_deficit_is_possible_cord_compression(cancer, deficit, evidence):
    sections = {"history": {cancer: True, **deficit.get("history", {})},
                "exam": deficit.get("exam", {})}
    malignancy = flag(assess(**sections), "malignancy")
    assert malignancy["urgency"] == "emergency"
    assert has_evidence(malignancy, f"history.{cancer}")
    assert has_evidence(malignancy, evidence)


@pytest.mark.parametrize("cancer", ["cancer_history", "cancer_metastatic"])
def test_cancer_with_cauda_equina_compression_on_imaging_is_an_emergency(cancer):
    # "any cauda equina finding" includes the confirmed imaging finding.
    result = assess(history={cancer: True},
                    diagnostics=diagnostics("cauda_equina_compression"))
    malignancy = flag(result, "malignancy")
    assert malignancy["urgency"] == "emergency"
    assert cites_study(malignancy, "cauda_equina_compression")


@pytest.mark.parametrize(
    "sections",
    [
        # a mild single-root deficit is not the severe deficit of the emergency rule
        {"history": {"cancer_history": True}, "exam": {"motor": {"L5": pair(left=4)}}},
        # weight loss alone is not a known cancer
        {"history": {"unexplained_weight_loss": True, "weakness_progressive": True}},
        {"history": {"cancer_history": True, "weakness_progressive": False}},
    ],
)
def test_malignancy_stays_urgent_without_cancer_and_deficit(sections):
    assert urgency(assess(**sections), "malignancy") == "urgent"


# ---- spinal infection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("temperature", "raises"), [(37.9, False), (38.0, True), (39.4, True)]
)
def test_temperature_threshold_for_fever(temperature, raises):
    infection = flag(assess(exam={"temperature_c": temperature}), "spinal_infection")
    assert (infection is not None) is raises
    if raises:
        assert infection["urgency"] == "urgent"
        assert has_evidence(infection, "exam.temperature_c")


def test_reported_fever_is_urgent():
    infection = flag(assess(history={"fever": True}), "spinal_infection")
    assert infection["urgency"] == "urgent"
    assert has_evidence(infection, "history.fever")


def test_fever_answered_no_raises_nothing():
    assert flag(assess(history={"fever": False}, exam={"temperature_c": 36.8}),
                "spinal_infection") is None


@pytest.mark.parametrize(
    ("deficit", "evidence"),
    [
        ({"history": {"weakness_progressive": True}}, "history.weakness_progressive"),
        ({"exam": {"motor": {"S1": pair(left=2)}}}, "exam.motor.S1.left"),
        ({"history": {"bladder_dysfunction": "incontinence"}}, "history.bladder_dysfunction"),
        ({"exam": {"anal_tone": "reduced"}}, "exam.anal_tone"),
    ],
)
@pytest.mark.parametrize(
    "fever", [{"history": {"fever": True}}, {"exam": {"temperature_c": 38.5}}]
)
def test_fever_with_neurological_deficit_is_an_emergency(fever, deficit, evidence):
    sections = {
        "history": {**fever.get("history", {}), **deficit.get("history", {})},
        "exam": {**fever.get("exam", {}), **deficit.get("exam", {})},
    }
    infection = flag(assess(**sections), "spinal_infection")
    assert infection["urgency"] == "emergency"
    assert has_evidence(infection, evidence)


def test_fever_with_cauda_equina_compression_on_imaging_is_an_emergency():
    result = assess(exam={"temperature_c": 38.6},
                    diagnostics=diagnostics("cauda_equina_compression"))
    infection = flag(result, "spinal_infection")
    assert infection["urgency"] == "emergency"
    assert cites_study(infection, "cauda_equina_compression")


def test_whole_number_temperature_is_a_temperature():
    infection = flag(assess(exam={"temperature_c": 38}), "spinal_infection")
    assert infection["urgency"] == "urgent"


@pytest.mark.parametrize(
    "risk_factor", ["iv_drug_use", "immunosuppression", "recent_spinal_procedure",
                    "recent_infection"]
)
def test_risk_factor_alone_is_review(risk_factor):
    infection = flag(assess(history={risk_factor: True}), "spinal_infection")
    assert infection is not None
    assert infection["urgency"] == "review"
    assert has_evidence(infection, f"history.{risk_factor}")


@pytest.mark.parametrize(
    "risk_factor", ["iv_drug_use", "immunosuppression", "recent_spinal_procedure",
                    "recent_infection"]
)
def test_risk_factor_answered_no_raises_nothing(risk_factor):
    assert flag(assess(history={risk_factor: False}), "spinal_infection") is None


@pytest.mark.parametrize(("crp", "expected"), [(10, "review"), (10.0, "review"),
                                               (10.1, "urgent"), (120, "urgent")])
def test_risk_factor_with_raised_crp(crp, expected):
    result = assess(history={"iv_drug_use": True}, diagnostics=diagnostics(crp_mg_l=crp))
    infection = flag(result, "spinal_infection")
    assert infection["urgency"] == expected
    if expected == "urgent":
        assert has_evidence(infection, "diagnostics.labs.crp_mg_l")
        assert has_evidence(infection, "history.iv_drug_use")


def test_raised_crp_without_risk_factor_or_fever_raises_no_infection_flag():
    result = assess(history={"iv_drug_use": False, "fever": False},
                    diagnostics=diagnostics(crp_mg_l=80))
    assert flag(result, "spinal_infection") is None


def test_risk_factor_with_unremitting_night_pain_is_urgent():
    result = assess(patient={"age_years": 30},
                    history={"immunosuppression": True, "night_pain": "unremitting"})
    infection = flag(result, "spinal_infection")
    assert infection["urgency"] == "urgent"
    assert "history.night_pain=unremitting" in infection["evidence"]


def test_fever_with_risk_factor_is_urgent_not_emergency():
    result = assess(history={"fever": True, "iv_drug_use": True, "weakness_progressive": False})
    assert urgency(result, "spinal_infection") == "urgent"


# ---- inflammatory spondyloarthritis (review) -----------------------------------------------


def spa_doc(days=120, age_at_onset=30, age=33, history=None, **sections):
    history = {"age_at_onset": age_at_onset, **(history or {})}
    return with_duration(days, history=history, patient={"age_years": age}, **sections)


@pytest.mark.parametrize(("days", "raises"), [(84, False), (85, True), (400, True)])
def test_spa_needs_chronic_duration(days, raises):
    result = assess_document(spa_doc(days, diagnostics=diagnostics(hla_b27="positive")))
    spa = flag(result, "inflammatory_spondyloarthritis")
    assert (spa is not None) is raises
    if raises:
        assert spa["urgency"] == "review"
        assert has_evidence(spa, "diagnostics.labs.hla_b27", "positive")


@pytest.mark.parametrize(("age_at_onset", "raises"), [(44, True), (45, False), (20, True)])
def test_spa_needs_onset_before_45(age_at_onset, raises):
    document = spa_doc(age_at_onset=age_at_onset, age=50,
                       history={"family_history_spondyloarthritis": True})
    spa = flag(assess_document(document), "inflammatory_spondyloarthritis")
    assert (spa is not None) is raises
    if raises:
        assert has_evidence(spa, "history.family_history_spondyloarthritis")


@pytest.mark.parametrize(
    ("extra", "raises"),
    [
        ({"diagnostics": diagnostics(hla_b27="positive")}, True),
        ({"diagnostics": diagnostics(hla_b27="negative")}, False),
        ({"diagnostics": diagnostics("sacroiliitis")}, True),
        ({"history": {"inflammatory_conditions": ["psoriasis"]}}, True),
        ({"history": {"inflammatory_conditions": ["uveitis", "inflammatory_bowel_disease"]}},
         True),
        ({"history": {"inflammatory_conditions": ["none"]}}, False),
        ({"history": {"family_history_spondyloarthritis": True}}, True),
        ({"history": {"family_history_spondyloarthritis": False}}, False),
        ({}, False),
    ],
)
def test_spa_supporting_features(extra, raises):
    document = spa_doc(history=extra.get("history"), diagnostics=extra.get("diagnostics", {}))
    spa = flag(assess_document(document), "inflammatory_spondyloarthritis")
    assert (spa is not None) is raises


def test_spa_from_the_inflammatory_pattern():
    history = {"onset": "gradual", "improves_with_exercise": True,
               "improves_with_rest": False, "night_pain": "wakes_second_half"}
    spa = flag(assess_document(spa_doc(age_at_onset=30, history=history)),
               "inflammatory_spondyloarthritis")
    assert spa is not None
    assert spa["urgency"] == "review"


def test_spa_needs_age_at_onset_answered():
    document = with_duration(200, history={"family_history_spondyloarthritis": True},
                             diagnostics=diagnostics(hla_b27="positive"))
    assert flag(assess_document(document), "inflammatory_spondyloarthritis") is None


# ---- vascular or visceral cause ------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "exam", "evidence"),
    [
        ({}, {"pulsatile_abdominal_mass": True}, "exam.pulsatile_abdominal_mass"),
        ({"regions": ["thoracic"], "chest_pain_or_dyspnoea": True}, {},
         "history.chest_pain_or_dyspnoea"),
        ({"regions": ["lumbar", "thoracic"], "chest_pain_or_dyspnoea": True}, {},
         "history.chest_pain_or_dyspnoea"),
        ({"vascular_disease": True, "onset": "sudden", "pain_qualities": ["tearing"]}, {},
         "history.vascular_disease"),
        ({"abdominal_pain": True}, {"pulsatile_abdominal_mass": True},
         "exam.pulsatile_abdominal_mass"),
    ],
)
def test_vascular_or_visceral_emergency(history, exam, evidence):
    cause = flag(assess(history=history, exam=exam), "vascular_or_visceral_cause")
    assert cause["urgency"] == "emergency"
    assert has_evidence(cause, evidence)


def test_sudden_tearing_pain_with_vascular_disease_cites_all_three():
    cause = flag(assess(history={"vascular_disease": True, "onset": "sudden",
                                 "pain_qualities": ["tearing", "sharp"]}),
                 "vascular_or_visceral_cause")
    assert has_evidence(cause, "history.vascular_disease")
    assert "history.onset=sudden" in cause["evidence"]
    assert has_evidence(cause, "history.pain_qualities")


@pytest.mark.parametrize(
    "history",
    [
        {"regions": ["lumbar"], "chest_pain_or_dyspnoea": True},
        {"regions": ["cervical"], "chest_pain_or_dyspnoea": True},
        {"regions": ["thoracic"], "chest_pain_or_dyspnoea": False},
        {"vascular_disease": True, "onset": "gradual", "pain_qualities": ["tearing"]},
        {"vascular_disease": True, "onset": "sudden", "pain_qualities": ["sharp"]},
        {"vascular_disease": False, "onset": "sudden", "pain_qualities": ["tearing"]},
        {"abdominal_pain": False},
    ],
)
def test_no_vascular_or_visceral_flag(history):
    assert flag(assess(history=history, exam={"pulsatile_abdominal_mass": False}),
                "vascular_or_visceral_cause") is None


def test_abdominal_pain_alone_is_review():
    cause = flag(assess(history={"abdominal_pain": True}), "vascular_or_visceral_cause")
    assert cause["urgency"] == "review"
    assert has_evidence(cause, "history.abdominal_pain")


# ---- vascular claudication (review) --------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "pulses", "raises"),
    [
        ({"leg_symptoms_walking_relieved_by_sitting": True}, "reduced", True),
        ({"aggravating": ["walking"]}, "absent", True),
        ({"aggravating": ["standing", "walking"]}, "reduced", True),
        ({"aggravating": ["walking"]}, "normal", False),
        ({"aggravating": ["walking"]}, None, False),
        ({"aggravating": ["standing"]}, "absent", False),
        ({"leg_symptoms_walking_relieved_by_sitting": False}, "absent", False),
    ],
)
def test_vascular_claudication(history, pulses, raises):
    claudication = flag(assess(history=history, exam={"pedal_pulses": pulses}),
                        "vascular_claudication")
    assert (claudication is not None) is raises
    if raises:
        assert claudication["urgency"] == "review"
        assert f"exam.pedal_pulses={pulses}" in claudication["evidence"]


# ---- confirmed imaging findings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("finding", "code", "expected_urgency"),
    [
        ("fracture", "spinal_fracture", "urgent"),
        ("cauda_equina_compression", "cauda_equina_syndrome", "emergency"),
        ("cord_compression", "myelopathy", "urgent"),
        ("infection", "spinal_infection", None),
        ("tumour", "malignancy", None),
    ],
)
def test_imaging_finding_raises_the_matching_flag(finding, code, expected_urgency):
    result = assess(diagnostics=diagnostics("degenerative", finding))
    raised = flag(result, code)
    assert raised is not None, flag_codes(result)
    if expected_urgency:
        assert raised["urgency"] == expected_urgency
    assert cites_study(raised, finding), raised["evidence"]


@pytest.mark.parametrize("finding", ["normal", "degenerative", "disc_herniation", "stenosis"])
def test_benign_imaging_findings_raise_no_flag(finding):
    assert flag_codes(assess(diagnostics=diagnostics(finding))) == []


# ---- null is never no ----------------------------------------------------------------------

ALL_NULL_HISTORY_FLAGS = dict.fromkeys(
    (
        "bladder_dysfunction", "saddle_numbness", "bowel_incontinence", "sexual_dysfunction_new",
        "weakness", "weakness_progressive", "gait_change", "hand_clumsiness", "lhermitte",
        "trauma", "osteoporosis", "long_term_steroids", "cancer_history", "cancer_metastatic",
        "unexplained_weight_loss", "night_pain", "fever", "iv_drug_use", "immunosuppression",
        "recent_spinal_procedure", "recent_infection", "family_history_spondyloarthritis",
        "abdominal_pain", "chest_pain_or_dyspnoea", "vascular_disease", "age_at_onset",
        "leg_symptoms_walking_relieved_by_sitting", "inflammatory_conditions", "onset",
    )
)


def test_unanswered_document_raises_no_flag():
    assert assess_document({})["red_flags"] == []


def test_explicit_nulls_raise_no_flag():
    result = assess(
        patient={"age_years": None, "sex": None},
        history={"regions": ["cervical", "thoracic"], **ALL_NULL_HISTORY_FLAGS},
        exam={"saddle_sensation": None, "anal_tone": None, "post_void_residual_ml": None,
              "hoffmann": pair(), "babinski": pair(), "clonus": pair(), "gait": None,
              "deformity": None, "midline_tenderness": None, "temperature_c": None,
              "pulsatile_abdominal_mass": None, "pedal_pulses": None,
              "motor": {"L5": pair()}, "reflexes": {"achilles": pair()}},
        diagnostics={"labs": {"crp_mg_l": None, "hla_b27": None}},
    )
    assert result["red_flags"] == []


def test_answered_no_to_everything_raises_no_flag():
    history = {name: False for name, value in ALL_NULL_HISTORY_FLAGS.items()}
    history.update(bladder_dysfunction="none", trauma="none", night_pain="none",
                   inflammatory_conditions=["none"], age_at_onset=40, onset="gradual",
                   regions=["lumbar"], radiation=["none"])
    result = assess(patient={"age_years": 40, "sex": "male"}, history=history,
                    exam={"saddle_sensation": "normal", "anal_tone": "normal",
                          "post_void_residual_ml": 50, "hoffmann": pair(False, False),
                          "gait": "normal", "deformity": "none", "midline_tenderness": False,
                          "temperature_c": 36.9, "pulsatile_abdominal_mass": False,
                          "pedal_pulses": "normal", "motor": {"L5": pair(5, 5)},
                          "reflexes": {"achilles": pair(2, 2)}})
    assert result["red_flags"] == []


# ---- what the physician reads on every card ------------------------------------------------

CARDS = [
    ("cauda_equina_syndrome", {"history": {"bladder_dysfunction": "retention"}}, "NG59"),
    ("cauda_equina_risk", {"history": {"sexual_dysfunction_new": True}}, "GIRFT"),
    ("severe_neurological_deficit", {"exam": {"gait": "foot_drop"}}, "Chou"),
    ("myelopathy", {"exam": {"hoffmann": pair(left=True)}}, "Davies"),
    ("spinal_fracture", {"history": {"trauma": "major"}}, "Downie"),
    ("malignancy", {"history": {"cancer_history": True}}, "Downie"),
    ("spinal_infection", {"history": {"fever": True}}, "Finucane"),
    ("inflammatory_spondyloarthritis",
     spa_doc(history={"family_history_spondyloarthritis": True}), "ASAS"),
    ("vascular_or_visceral_cause", {"exam": {"pulsatile_abdominal_mass": True}}, "ACR"),
    ("vascular_claudication", {"history": {"aggravating": ["walking"]},
                               "exam": {"pedal_pulses": "absent"}}, "Katz"),
]


@pytest.mark.parametrize(("code", "document", "source"), CARDS, ids=[c[0] for c in CARDS])
def test_each_flag_shows_rationale_citation_and_evidence(code, document, source):
    raised = flag(assess_document(document), code)
    assert raised is not None
    assert raised["evidence"], "a flag must show the findings that raised it"
    for item in raised["evidence"]:
        assert item.split(".", 1)[0] in {"patient", "visit", "history", "exam", "diagnostics",
                                         "questionnaires"}, item
    assert raised["rationale"].strip()
    assert "patient has" not in raised["rationale"].lower()
    assert source.lower() in raised["citation"].lower()


def test_one_card_per_condition_at_the_highest_urgency():
    result = assess(history={"cancer_history": True, "cancer_metastatic": True,
                             "unexplained_weight_loss": True, "weakness_progressive": True},
                    patient={"age_years": 70})
    assert flag_codes(result).count("malignancy") == 1
    assert urgency(result, "malignancy") == "emergency"


def test_flags_sorted_by_urgency_then_code():
    result = assess(
        history={"bladder_dysfunction": "retention", "long_term_steroids": True,
                 "iv_drug_use": True, "aggravating": ["walking"]},
        exam={"pulsatile_abdominal_mass": True, "hoffmann": pair(right=True),
              "pedal_pulses": "reduced"},
        patient={"age_years": 45},
    )
    assert flag_codes(result) == [
        "cauda_equina_syndrome",
        "vascular_or_visceral_cause",
        "myelopathy",
        "spinal_fracture",
        "spinal_infection",
        "vascular_claudication",
    ]
    assert result["red_flags"] == sorted(result["red_flags"], key=sort_key)

