"""Screening gaps (docs/clinical-rules.md, "Screening gaps"; rules version 2 sections 4 and 7):
the core red-flag screen at every visit, the myelopathy questions, and each new question a gap
exactly where its condition holds, never otherwise. An unasked question is a gap, never a no."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    CORE_GAPS,
    CORE_NO,
    MYELOPATHY_GAPS,
    assess,
    gap_fields,
    pair,
    with_duration,
)

ANSWERS = {f"history.{name}": value for name, value in CORE_NO.items()}

# Answers that are not "no": a positive answer is not a gap either.
POSITIVE_ANSWERS = {
    "history.bladder_dysfunction": "urgency_new",
    "history.saddle_numbness": True,
    "history.bowel_incontinence": True,
    "history.rectal_sensation_change": True,
    "history.weakness": True,
    "history.trauma": "minor",
    "history.cancer_history": True,
    "history.unexplained_weight_loss": True,
    "history.fever": True,
}
# The questions of rules version 2 that are gaps only where section 7 says so.
NEW_QUESTIONS = {
    "history.bilateral_leg_onset", "history.pregnant", "history.dangerous_mechanism",
    "history.limb_paraesthesia_after_trauma", "history.days_since_spinal_procedure",
    "history.anticoagulation", "history.syncope", "exam.systolic_bp", "exam.pulse_deficit",
    "exam.ccr_low_risk", "exam.neck_rotation_45", "exam.anal_tone",
    "exam.post_void_residual_ml", "exam.saddle_sensation",
}
NEVER_GAPS = {
    "history.diabetes", "history.smoker", "history.urinary_symptoms", "history.gi_symptoms",
    "history.nsaid_response", "history.peripheral_arthritis", "history.enthesitis",
    "history.failed_conservative_care_weeks", "exam.inverted_supinator", "exam.tandem_gait",
    "exam.spinal_contusion_abrasion", "exam.wound_concern", "history.family_history_"
    "spondyloarthritis", "history.age_at_onset", "history.sexual_dysfunction_new",
    "history.lhermitte", "history.osteoporosis", "history.long_term_steroids",
}


def history_from(answers):
    return {path.split(".", 1)[1]: value for path, value in answers.items()}


NEW_VISIT = {"visit_date": "2024-06-03", "visit_type": "new"}


@pytest.mark.parametrize(("field", "condition"), sorted(CORE_GAPS.items()))
def test_unanswered_core_question_is_a_gap(field, condition):
    answers = {path: value for path, value in ANSWERS.items() if path != field}
    result = assess(visit=NEW_VISIT, history={"regions": ["lumbar"], **history_from(answers)})
    assert gap_fields(result) == {field: condition}


@pytest.mark.parametrize(("field", "condition"), sorted(CORE_GAPS.items()))
def test_explicit_null_is_a_gap(field, condition):
    history = {"regions": ["lumbar"], **history_from(ANSWERS), field.split(".", 1)[1]: None}
    assert gap_fields(assess(visit=NEW_VISIT, history=history)) == {field: condition}


@pytest.mark.parametrize("answers", [ANSWERS, POSITIVE_ANSWERS], ids=["no", "yes"])
def test_answered_core_questions_leave_no_core_gap(answers):
    result = assess(visit=NEW_VISIT, history={"regions": ["lumbar"], **history_from(answers)})
    assert not set(CORE_GAPS) & set(gap_fields(result))
    if answers is ANSWERS:
        assert result["screening_gaps"] == []


@pytest.mark.parametrize("visit_type", ["new", "follow_up", "post_op", None])
def test_the_core_screen_is_asked_at_every_visit(visit_type):
    result = assess(visit={"visit_type": visit_type}, history={"regions": ["lumbar"]})
    assert CORE_GAPS.items() <= gap_fields(result).items()


def test_empty_history_lists_every_core_gap():
    assert gap_fields(assess(visit=NEW_VISIT, history={"regions": ["lumbar"]})) == CORE_GAPS


def test_rectal_sensation_change_is_in_the_cauda_equina_screen():
    gaps = assess(history={"regions": ["lumbar"]})["screening_gaps"]
    rectal = next(g for g in gaps if g["field"] == "history.rectal_sensation_change")
    assert rectal["screens_for"] == "cauda_equina_syndrome"
    assert rectal["question"].strip()


def test_gap_screens_for_the_condition_the_question_belongs_to():
    gaps = assess(history={"regions": ["lumbar"]})["screening_gaps"]
    assert {"field": "history.saddle_numbness", "screens_for": "cauda_equina_syndrome",
            "question": "Numbness in the saddle area (perineum, buttocks, inner thighs)?"
            } in gaps


def test_each_gap_is_listed_once():
    result = assess(patient={"age_years": 60, "sex": "female"},
                    history={"regions": ["cervical", "lumbar"], "radiation": ["foot"],
                             "radiation_side": "bilateral", "trauma": "minor",
                             "abdominal_pain": True, "recent_spinal_procedure": True},
                    exam={"pulsatile_abdominal_mass": True})
    fields = [g["field"] for g in result["screening_gaps"]]
    assert len(fields) == len(set(fields))


# ---- the myelopathy questions --------------------------------------------------------------


@pytest.mark.parametrize(("regions", "age"), [(["cervical"], None), (["cervical", "lumbar"], 30),
                                              (["thoracic"], 20), (["lumbar"], 50)])
def test_myelopathy_questions_are_gaps_at_neck_thoracic_or_50_plus_visits(regions, age):
    gaps = gap_fields(assess(visit=NEW_VISIT, patient={"age_years": age},
                             history={"regions": regions, **history_from(ANSWERS)}))
    assert gaps == MYELOPATHY_GAPS


def test_cervical_myelopathy_questions_answered_leave_no_gap():
    history = {"regions": ["cervical"], "gait_change": False, "hand_clumsiness": True,
               **history_from(ANSWERS)}
    assert assess(visit=NEW_VISIT, history=history)["screening_gaps"] == []


def test_cervical_one_myelopathy_question_unanswered():
    history = {"regions": ["cervical"], "gait_change": False, **history_from(ANSWERS)}
    assert gap_fields(assess(visit=NEW_VISIT, history=history)) == {
        "history.hand_clumsiness": "myelopathy"
    }


@pytest.mark.parametrize(("regions", "age"), [(["lumbar"], None), (["lumbar", "sacral"], 49),
                                              (["sacral"], 20)])
def test_myelopathy_questions_are_not_gaps_below_50_without_neck_or_thoracic_pain(regions, age):
    gaps = gap_fields(assess(visit=NEW_VISIT, patient={"age_years": age},
                             history={"regions": regions}))
    assert "history.gait_change" not in gaps
    assert "history.hand_clumsiness" not in gaps


# ---- saddle sensation on examination (version 1 stands) -------------------------------------

EXAMINED = {"gait": "normal", "motor": {"L5": {"left": 5, "right": 5}}}


@pytest.mark.parametrize("radiation", [["below_knee"], ["foot"], ["buttock", "thigh", "foot"]])
def test_untested_saddle_sensation_is_a_gap_with_leg_radiation(radiation):
    history = {"regions": ["lumbar"], "radiation": radiation, "radiation_side": "left",
               **history_from(ANSWERS)}
    gaps = gap_fields(assess(visit=NEW_VISIT, history=history, exam=EXAMINED))
    assert gaps == {"exam.saddle_sensation": "cauda_equina_syndrome"}


@pytest.mark.parametrize("sensation", ["normal", "reduced", "absent"])
def test_tested_saddle_sensation_is_not_a_gap(sensation):
    history = {"regions": ["lumbar"], "radiation": ["foot"], "radiation_side": "right",
               **history_from(ANSWERS)}
    result = assess(visit=NEW_VISIT, history=history,
                    exam={**EXAMINED, "saddle_sensation": sensation})
    assert "exam.saddle_sensation" not in gap_fields(result)


def test_saddle_sensation_is_not_a_gap_before_the_exam_is_saved():
    history = {"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "left",
               **history_from(ANSWERS)}
    result = assess(visit=NEW_VISIT, history=history)
    assert "exam.saddle_sensation" not in gap_fields(result)


@pytest.mark.parametrize("radiation", [["none"], ["buttock"], ["thigh"], ["forearm_hand"]])
def test_saddle_sensation_is_not_a_gap_without_leg_radiation(radiation):
    history = {"regions": ["lumbar"], "radiation": radiation, **history_from(ANSWERS)}
    if radiation != ["none"]:
        history["radiation_side"] = "left"
    result = assess(visit=NEW_VISIT, history=history, exam=EXAMINED)
    assert "exam.saddle_sensation" not in gap_fields(result)


def test_gaps_do_not_depend_on_answers_elsewhere():
    # A raised flag does not hide the unasked questions of other conditions.
    result = assess(visit=NEW_VISIT,
                    history={"regions": ["lumbar"], "bladder_dysfunction": "retention"})
    gaps = gap_fields(result)
    assert "history.bladder_dysfunction" not in gaps
    assert gaps["history.fever"] == "spinal_infection"
    assert gaps["history.cancer_history"] == "malignancy"


# ---- the new questions: gaps exactly where section 7 says -----------------------------------


def new_gaps(result):
    return set(gap_fields(result)) & NEW_QUESTIONS


def screened(history=None, exam=None, patient=None, visit=None, days=None):
    history = {"regions": ["lumbar"], **history_from(ANSWERS), **(history or {})}
    sections = {"exam": exam or {}, "patient": patient or {}, "visit": visit or {}}
    if days is None:
        return assess_document({"history": history, **sections})
    visit = sections.pop("visit")
    return assess_document(with_duration(days, history=history, visit=visit, **sections))


@pytest.mark.parametrize(
    ("history", "gap"),
    [
        ({"radiation": ["foot"], "radiation_side": "bilateral"}, True),
        ({"radiation": ["foot"], "radiation_side": "bilateral",
          "bilateral_leg_onset": "longstanding_stable"}, False),
        ({"radiation": ["foot"], "radiation_side": "left"}, False),
        ({"radiation": ["none"]}, False),
    ],
)
def test_bilateral_leg_onset_is_a_gap_with_bilateral_radiation(history, gap):
    result = screened(history)
    assert ("history.bilateral_leg_onset" in gap_fields(result)) is gap


@pytest.mark.parametrize(
    ("patient", "gap"),
    [
        ({"sex": "female", "age_years": 12}, True),
        ({"sex": "female", "age_years": 55}, True),
        ({"sex": "female", "age_years": 11}, False),
        ({"sex": "female", "age_years": 56}, False),
        ({"sex": "other", "age_years": 30}, True),
        ({"sex": "unknown", "age_years": 30}, True),
        ({"sex": "male", "age_years": 30}, False),
    ],
)
def test_pregnancy_is_a_gap_when_not_male_and_aged_12_to_55(patient, gap):
    result = screened(patient=patient)
    assert ("history.pregnant" in gap_fields(result)) is gap
    answered = screened(history={"pregnant": False}, patient=patient) \
        if patient["sex"] != "male" else result
    assert "history.pregnant" not in gap_fields(answered)


@pytest.mark.parametrize(
    ("history", "gap"),
    [
        ({"recent_spinal_procedure": True}, True),
        ({"recent_spinal_procedure": True, "days_since_spinal_procedure": 10}, False),
        ({"recent_spinal_procedure": False}, False),
        ({}, False),
    ],
)
def test_days_since_the_procedure_is_a_gap_after_a_procedure(history, gap):
    assert ("history.days_since_spinal_procedure" in gap_fields(screened(history))) is gap


CCR_QUESTIONS = {"history.dangerous_mechanism", "history.limb_paraesthesia_after_trauma",
                 "exam.ccr_low_risk", "exam.neck_rotation_45"}


@pytest.mark.parametrize(
    ("age", "days", "regions", "trauma", "gaps"),
    [
        (16, 7, ["cervical"], "minor", True),
        (80, 0, ["cervical", "lumbar"], "major", True),
        (15, 7, ["cervical"], "minor", False),
        (16, 8, ["cervical"], "minor", False),
        (40, 3, ["lumbar"], "major", False),
        (40, 3, ["cervical"], "none", False),
    ],
)
def test_canadian_c_spine_questions_are_gaps_where_the_rule_applies(age, days, regions, trauma,
                                                                   gaps):
    result = screened({"regions": regions, "trauma": trauma}, patient={"age_years": age},
                      days=days)
    assert (set(gap_fields(result)) & CCR_QUESTIONS) == (CCR_QUESTIONS if gaps else set())
    for field in set(gap_fields(result)) & CCR_QUESTIONS:
        assert gap_fields(result)[field] == "spinal_fracture"


def test_canadian_c_spine_questions_answered_are_not_gaps():
    result = screened({"regions": ["cervical"], "trauma": "minor", "dangerous_mechanism": False,
                       "limb_paraesthesia_after_trauma": True},
                      exam={"ccr_low_risk": False, "neck_rotation_45": "unable"},
                      patient={"age_years": 40}, days=2)
    assert not set(gap_fields(result)) & CCR_QUESTIONS


@pytest.mark.parametrize(
    ("history", "exam", "gap"),
    [
        ({"recent_spinal_procedure": True, "days_since_spinal_procedure": 5}, {}, True),
        ({"weakness": True}, {}, True),
        ({}, {"motor": {"L5": pair(left=4)}}, True),
        ({}, {"motor": {"C6": pair(right=2)}}, True),
        ({}, {"motor": {"L5": pair(5, 5)}}, False),
        ({"weakness": True, "anticoagulation": False}, {}, False),
        ({"recent_spinal_procedure": False}, {}, False),
        ({}, {}, False),
    ],
)
def test_anticoagulation_is_a_gap_after_a_procedure_or_with_a_deficit(history, exam, gap):
    result = screened(history, exam=exam)
    assert ("history.anticoagulation" in gap_fields(result)) is gap


def test_anticoagulation_is_a_gap_at_a_post_operative_visit():
    result = screened(visit={"visit_type": "post_op"})
    assert "history.anticoagulation" in gap_fields(result)


def test_a_fully_screened_visit_with_no_condition_lists_no_new_question():
    result = screened({"radiation": ["foot"], "radiation_side": "left", "diabetes": None,
                       "smoker": None, "abdominal_pain": True},
                      exam={"motor": {"L5": pair(5, 5)}, "saddle_sensation": "normal"},
                      patient={"sex": "male", "age_years": 45}, days=30)
    assert result["screening_gaps"] == []


@pytest.mark.parametrize(
    ("history", "exam", "patient"),
    [
        # every condition of section 7 false, every never-gap question unanswered
        ({"radiation": ["none"]}, {}, {"sex": "male", "age_years": 40}),
        ({"trauma": "minor", "regions": ["lumbar"]}, {"wound_concern": None},
         {"sex": "male", "age_years": 30}),
    ],
)
def test_no_other_new_field_is_ever_a_gap(history, exam, patient):
    result = screened(history, exam=exam, patient=patient, days=20)
    assert not set(gap_fields(result)) & NEVER_GAPS
    assert not new_gaps(result)


def test_never_gaps_stay_unlisted_when_every_condition_holds():
    result = screened({"regions": ["cervical", "lumbar"], "radiation": ["foot"],
                       "radiation_side": "bilateral", "trauma": "minor",
                       "recent_spinal_procedure": True, "abdominal_pain": True,
                       "fever": True, "weakness": True},
                      exam={"pulsatile_abdominal_mass": True},
                      patient={"sex": "female", "age_years": 60},
                      visit={"visit_type": "post_op"}, days=3)
    assert not set(gap_fields(result)) & NEVER_GAPS
