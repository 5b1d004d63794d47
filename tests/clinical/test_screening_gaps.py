"""Screening gaps (docs/clinical-rules.md, "Screening gaps"): unasked red-flag questions are
listed."""

import pytest

from tests.clinical.helpers import CORE_GAPS, assess, gap_fields

ANSWERS = {
    "history.bladder_dysfunction": "none",
    "history.saddle_numbness": False,
    "history.bowel_incontinence": False,
    "history.weakness": False,
    "history.trauma": "none",
    "history.cancer_history": False,
    "history.unexplained_weight_loss": False,
    "history.fever": False,
}

# Answers that are not "no": a positive answer is not a gap either.
POSITIVE_ANSWERS = {
    "history.bladder_dysfunction": "urgency_new",
    "history.saddle_numbness": True,
    "history.bowel_incontinence": True,
    "history.weakness": True,
    "history.trauma": "minor",
    "history.cancer_history": True,
    "history.unexplained_weight_loss": True,
    "history.fever": True,
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
def test_answered_core_questions_leave_no_gap(answers):
    result = assess(visit=NEW_VISIT, history={"regions": ["lumbar"], **history_from(answers)})
    assert result["screening_gaps"] == []


def test_empty_history_lists_every_core_gap():
    assert gap_fields(assess(visit=NEW_VISIT, history={"regions": ["lumbar"]})) == CORE_GAPS


def test_gap_screens_for_the_condition_the_question_belongs_to():
    gaps = assess(history={"regions": ["lumbar"]})["screening_gaps"]
    assert {"field": "history.saddle_numbness", "screens_for": "cauda_equina_syndrome",
            "question": "Numbness in the saddle area (perineum, buttocks, inner thighs)?"
            } in gaps


# ---- cervical: myelopathy questions --------------------------------------------------------


@pytest.mark.parametrize("regions", [["cervical"], ["cervical", "lumbar"]])
def test_cervical_pain_adds_myelopathy_questions(regions):
    gaps = gap_fields(assess(visit=NEW_VISIT,
                             history={"regions": regions, **history_from(ANSWERS)}))
    assert gaps == {"history.gait_change": "myelopathy",
                    "history.hand_clumsiness": "myelopathy"}


def test_cervical_myelopathy_questions_answered_leave_no_gap():
    history = {"regions": ["cervical"], "gait_change": False, "hand_clumsiness": True,
               **history_from(ANSWERS)}
    assert assess(visit=NEW_VISIT, history=history)["screening_gaps"] == []


def test_cervical_one_myelopathy_question_unanswered():
    history = {"regions": ["cervical"], "gait_change": False, **history_from(ANSWERS)}
    assert gap_fields(assess(visit=NEW_VISIT, history=history)) == {
        "history.hand_clumsiness": "myelopathy"
    }


@pytest.mark.parametrize("regions", [["lumbar"], ["thoracic"], ["lumbar", "sacral"]])
def test_myelopathy_questions_are_not_gaps_without_cervical_pain(regions):
    gaps = gap_fields(assess(visit=NEW_VISIT, history={"regions": regions}))
    assert "history.gait_change" not in gaps
    assert "history.hand_clumsiness" not in gaps


# ---- saddle sensation on examination -------------------------------------------------------

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
