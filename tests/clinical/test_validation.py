"""Input validation and determinism (docs/clinical-rules.md, "Output"; docs/findings.md,
"Conventions"; rules version 2 section 1: the new fields and the cross-field checks)."""

import copy
import json

import pytest

from backpain.clinical import FindingsError, assess_document
from tests.clinical.helpers import pair, sort_key

VALID = {
    "patient": {"age_years": 58, "sex": "female"},
    "visit": {"visit_date": "2024-06-03", "visit_type": "new"},
    "history": {
        "regions": ["lumbar", "sacral"],
        "radiation": ["buttock", "thigh", "below_knee"],
        "radiation_side": "left",
        "onset": "sudden",
        "onset_date": "2024-04-01",
        "trauma": "none",
        "pain_now": 6, "pain_worst": 9, "pain_best": 2,
        "pain_qualities": ["shooting", "aching"],
        "aggravating": ["sitting", "flexion", "cough_sneeze"],
        "relieving": ["lying", "medication"],
        "bladder_dysfunction": "none", "saddle_numbness": False, "bowel_incontinence": False,
        "weakness": True, "fever": False, "cancer_history": True,
        "unexplained_weight_loss": False, "iv_drug_use": False,
    },
    "exam": {
        "temperature_c": 37.1,
        "motor": {"L5": {"left": 4, "right": 5}, "S1": {"left": 5, "right": 5}},
        "reflexes": {"achilles": {"left": 1, "right": 2}},
        "sensation": {"L5": {"left": "reduced", "right": "normal"}},
        "slr": {"left": True, "right": False},
        "saddle_sensation": "normal",
        "si_provocation_positive": 1,
    },
    "diagnostics": {
        "studies": [{"modality": "mri", "region": "lumbar", "status": "resulted",
                     "date": "2024-05-20", "findings": ["disc_herniation", "degenerative"]}],
        "labs": {"crp_mg_l": 4.2, "hla_b27": "negative"},
    },
    "questionnaires": {"odi": [3, 2, 3, 2, 3, 2, 1, None, 2, 3],
                       "startback": [1, 1, 0, 1, 0, 1, 1, 0, 3]},
}


def errors_of(document):
    with pytest.raises(FindingsError) as caught:
        assess_document(document)
    return caught.value


def with_change(path, value):
    """VALID with the dotted `path` set to `value` (intermediate objects are created)."""
    document = copy.deepcopy(VALID)
    *parents, leaf = path.split(".")
    node = document
    for name in parents:
        node = node.setdefault(name, {})
    node[leaf] = value
    return document


def named(error, path):
    """Whether the error names `path` (or a path inside it)."""
    return any(found == path or found.startswith((f"{path}.", f"{path}["))
               for found, _ in error.errors)


def test_valid_document_is_assessed():
    result = assess_document(VALID)
    assert set(result) == {"rules_version", "red_flags", "screening_gaps", "location",
                           "duration", "patterns", "generators", "imaging", "suggested_tests",
                           "scores", "diagnosis_suggestions"}
    assert result["rules_version"] == "2.1"
    assert result["duration"] == {"days": 63, "category": "subacute"}


# ---- unknown keys --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("plan", {"disposition": "routine"}),
        ("assessment", {"diagnoses": ["M54.16"]}),
        ("history.pain_score", 6),
        ("history.smoking", True),
        ("exam.systolic", 120),
        ("patient.name", "Ada"),
        ("exam.motor.L5.middle", 4),
        ("diagnostics.labs.glucose", 5.5),
        ("questionnaires.eq5d", [1, 1, 1, 1, 1]),
    ],
)
def test_unknown_key_is_named(path, value):
    error = errors_of(with_change(path, value))
    assert named(error, path), error.errors


@pytest.mark.parametrize(
    ("path", "value", "named_path"),
    [
        ("exam.motor", {"L6": {"left": 4}}, "exam.motor.L6"),
        ("exam.reflexes", {"jaw": {"left": 2}}, "exam.reflexes.jaw"),
        ("exam.sensation", {"S2": {"left": "reduced"}}, "exam.sensation.S2"),
    ],
)
def test_unknown_root_or_reflex_is_named(path, value, named_path):
    error = errors_of(with_change(path, value))
    assert named(error, named_path), error.errors


# ---- wrong types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.pain_now", "6"),
        ("history.pain_now", 6.5),
        ("history.pain_now", True),
        ("history.fever", "yes"),
        ("history.fever", 1),
        ("history.fever", "true"),
        ("patient.age_years", "58"),
        ("patient.age_years", True),
        ("history.regions", "lumbar"),
        ("history.aggravating", {"sitting": True}),
        ("exam.motor.L5.left", "4"),
        ("exam.hoffmann", True),
        ("exam.temperature_c", "38.2"),
        ("visit.visit_date", "03/06/2024"),
        ("visit.visit_date", 20240603),
        ("history.onset_date", "2024-13-01"),
        ("questionnaires.odi", "34%"),
    ],
)
def test_wrong_type_is_named(path, value):
    error = errors_of(with_change(path, value))
    assert named(error, path), error.errors


@pytest.mark.parametrize("section", ["patient", "visit", "history", "exam", "diagnostics",
                                     "questionnaires"])
def test_section_that_is_not_an_object_is_named(section):
    error = errors_of(with_change(section, ["lumbar"]))
    assert named(error, section), error.errors


@pytest.mark.parametrize("document", [[], "findings", 42, None])
def test_document_that_is_not_an_object_is_refused(document):
    errors_of(document)


# ---- out of range and not in the vocabulary ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.pain_now", 11),
        ("history.pain_now", -1),
        ("history.pain_worst", 11),
        ("exam.motor.L5.left", 6),
        ("exam.motor.L5.right", -1),
        ("exam.reflexes.achilles.left", 5),
        ("patient.age_years", 121),
        ("patient.age_years", -1),
        ("exam.temperature_c", 45.1),
        ("exam.temperature_c", 29.9),
        ("exam.post_void_residual_ml", 3001),
        ("exam.si_provocation_positive", 6),
        ("exam.slr_angle", {"left": 91}),
        ("history.morning_stiffness_minutes", 1441),
        ("history.prior_episodes", 101),
        ("diagnostics.labs.crp_mg_l", 500.1),
        ("diagnostics.labs.esr_mm_h", 151),
        ("history.bladder_dysfunction", "yes"),
        ("history.trauma", "moderate"),
        ("history.regions", ["neck"]),
        ("history.regions", []),
        ("history.radiation", ["knee"]),
        ("exam.saddle_sensation", "numb"),
        ("exam.sensation.L5.left", "tingling"),
        ("patient.sex", "F"),
        ("visit.visit_type", "emergency"),
        ("diagnostics.labs.hla_b27", "weak"),
        # the new fields of rules v2
        ("exam.systolic_bp", 39),
        ("exam.systolic_bp", 261),
        ("history.days_since_spinal_procedure", 3651),
        ("history.days_since_spinal_procedure", -1),
        ("history.failed_conservative_care_weeks", 521),
        ("history.bilateral_leg_onset", "recent"),
        ("history.nsaid_response", "good"),
        ("history.urinary_symptoms", ["burning"]),
        ("history.gi_symptoms", ["nausea"]),
        ("exam.neck_rotation_45", "partial"),
        ("exam.tandem_gait", "ataxic"),
        ("history.syncope", "yes"),
        ("exam.inverted_supinator", True),
        ("exam.inverted_supinator", {"left": "yes"}),
    ],
)
def test_out_of_range_is_named(path, value):
    error = errors_of(with_change(path, value))
    assert named(error, path), error.errors


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.pain_best", 0), ("history.pain_worst", 10),
        ("exam.motor.L5.left", 0), ("exam.motor.L5.left", 5),
        ("exam.reflexes.achilles.left", 0), ("exam.reflexes.achilles.left", 4),
        ("patient.age_years", 120),
        ("exam.temperature_c", 30.0), ("exam.temperature_c", 45.0),
        ("exam.post_void_residual_ml", 0), ("exam.post_void_residual_ml", 3000),
        ("exam.si_provocation_positive", 5),
        ("diagnostics.labs.crp_mg_l", 500),
        ("history.onset_date", "2024-06-03"),
        ("exam.systolic_bp", 40), ("exam.systolic_bp", 260),
        ("history.days_since_spinal_procedure", 0),
        ("history.days_since_spinal_procedure", 3650),
        ("history.failed_conservative_care_weeks", 0),
        ("history.failed_conservative_care_weeks", 520),
    ],
)
def test_range_limits_are_inclusive(path, value):
    assess_document(with_change(path, value))


@pytest.mark.parametrize("now", [0, 10])
def test_pain_now_at_its_limits_with_the_other_ratings_in_order(now):
    document = with_change("history.pain_now", now)
    document["history"].update(pain_best=now, pain_worst=now)
    assess_document(document)


@pytest.mark.parametrize(
    ("questionnaire", "answers", "named_path"),
    [
        ("odi", [6, 0, 0, 0, 0, 0, 0, 0, 0, 0], "questionnaires.odi"),
        ("odi", [0] * 11, "questionnaires.odi"),
        ("odi", [0] * 9, "questionnaires.odi"),
        ("ndi", [0, 0, 0, -1, 0, 0, 0, 0, 0, 0], "questionnaires.ndi"),
        ("startback", [2, 0, 0, 0, 0, 0, 0, 0, 0], "questionnaires.startback"),
        ("startback", [0, 0, 0, 0, 0, 0, 0, 0, 5], "questionnaires.startback"),
        ("startback", [0] * 8, "questionnaires.startback"),
    ],
)
def test_questionnaire_answers_out_of_range(questionnaire, answers, named_path):
    error = errors_of(with_change(f"questionnaires.{questionnaire}", answers))
    assert named(error, named_path), error.errors


def test_impression_longer_than_4000_characters():
    document = copy.deepcopy(VALID)
    document["diagnostics"]["studies"][0]["impression"] = "x" * 4001
    assert named(errors_of(document), "diagnostics.studies")


# ---- duplicates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("history.regions", ["lumbar", "lumbar"]),
        ("history.radiation", ["thigh", "foot", "thigh"]),
        ("history.aggravating", ["sitting", "sitting"]),
        ("history.pain_qualities", ["burning", "burning"]),
        ("history.inflammatory_conditions", ["psoriasis", "psoriasis"]),
        ("exam.rom_painful", ["flexion", "flexion"]),
    ],
)
def test_duplicates_in_lists_are_named(path, value):
    error = errors_of(with_change(path, value))
    assert named(error, path), error.errors


def test_duplicate_study_findings_are_named():
    document = copy.deepcopy(VALID)
    document["diagnostics"]["studies"][0]["findings"] = ["stenosis", "stenosis"]
    assert named(errors_of(document), "diagnostics.studies")


# ---- dates ---------------------------------------------------------------------------------


def test_onset_after_visit_date_is_named():
    error = errors_of(with_change("history.onset_date", "2024-06-04"))
    assert named(error, "history.onset_date"), error.errors


def test_visit_date_in_the_future_is_named():
    error = errors_of(with_change("visit.visit_date", "2999-01-01"))
    assert named(error, "visit.visit_date"), error.errors


# ---- every offending path, in words --------------------------------------------------------


def test_every_offending_path_is_named_at_once():
    document = copy.deepcopy(VALID)
    document["plan"] = {}
    document["history"]["pain_now"] = 11
    document["history"]["regions"] = ["lumbar", "lumbar"]
    document["history"]["fever"] = "no"
    document["exam"]["motor"]["L5"]["left"] = 6
    document["exam"]["reflexes"]["achilles"]["right"] = 5
    document["patient"]["age_years"] = 121
    error = errors_of(document)
    for path in ("plan", "history.pain_now", "history.regions", "history.fever",
                 "exam.motor.L5.left", "exam.reflexes.achilles.right", "patient.age_years"):
        assert named(error, path), (path, error.errors)


def test_date_order_is_reported_with_the_other_errors():
    document = with_change("history.onset_date", "2024-07-01")
    document["history"]["pain_now"] = 11
    error = errors_of(document)
    assert named(error, "history.pain_now"), error.errors
    assert named(error, "history.onset_date"), error.errors


def test_errors_are_path_reason_pairs_and_messages():
    error = errors_of(with_change("history.pain_now", 11))
    assert isinstance(error, Exception)
    assert error.errors
    for path, reason in error.errors:
        assert isinstance(path, str)
        assert isinstance(reason, str)
        assert reason.strip()
    assert error.messages == [f"{path}: {reason}" for path, reason in error.errors]
    assert any(message.startswith("history.pain_now: ") for message in error.messages)


def test_same_invalid_input_gives_the_same_errors():
    document = with_change("exam.motor", {"L5": {"left": 7}, "L4": {"right": 9}})
    assert errors_of(document).errors == errors_of(copy.deepcopy(document)).errors


# ---- determinism ---------------------------------------------------------------------------


def test_same_input_gives_identical_output():
    first = assess_document(copy.deepcopy(VALID))
    second = assess_document(copy.deepcopy(VALID))
    assert json.dumps(first) == json.dumps(second)


def test_input_is_not_modified():
    document = copy.deepcopy(VALID)
    assess_document(document)
    assert document == VALID


def test_output_is_plain_json():
    result = assess_document(VALID)
    assert json.loads(json.dumps(result)) == result


def test_order_of_list_values_and_keys_is_irrelevant():
    shuffled = copy.deepcopy(VALID)
    history = shuffled["history"]
    for name in ("regions", "radiation", "pain_qualities", "aggravating", "relieving"):
        history[name] = list(reversed(history[name]))
    shuffled["history"] = dict(reversed(list(history.items())))
    shuffled["exam"]["motor"] = dict(reversed(list(shuffled["exam"]["motor"].items())))
    shuffled["diagnostics"]["studies"][0]["findings"].reverse()
    shuffled = dict(reversed(list(shuffled.items())))
    assert json.dumps(assess_document(shuffled)) == json.dumps(assess_document(VALID))


def test_red_flags_sorted_emergency_urgent_review_then_code():
    document = {
        "patient": {"age_years": 72, "sex": "female"},
        "history": {"regions": ["thoracic", "lumbar"], "chest_pain_or_dyspnoea": True,
                    "bladder_dysfunction": "incontinence", "cancer_history": True,
                    "fever": True, "abdominal_pain": True, "aggravating": ["walking"]},
        "exam": {"motor": {"L5": pair(left=2)}, "pedal_pulses": "absent",
                 "babinski": pair(left=True)},
    }
    flags = assess_document(document)["red_flags"]
    assert [(f["urgency"], f["code"]) for f in flags] == [
        ("emergency", "cauda_equina_syndrome"),
        ("emergency", "malignancy"),
        ("emergency", "spinal_infection"),
        ("emergency", "vascular_or_visceral_cause"),
        ("urgent", "myelopathy"),
        ("urgent", "severe_neurological_deficit"),
        ("urgent", "spinal_fracture"),
        ("review", "vascular_claudication"),
    ]
    assert flags == sorted(flags, key=sort_key)


# ---- cross-field checks (rules v2 section 1) ------------------------------------------------

CROSS_FIELD = [
    ("radiation none with another value", {"history": {"radiation": ["none", "thigh"]}},
     ("history.radiation",)),
    ("radiation_side without radiation",
     {"history": {"radiation": ["none"], "radiation_side": "left"}},
     ("history.radiation_side",)),
    ("pain_best above pain_now", {"history": {"pain_best": 7, "pain_now": 6, "pain_worst": 9}},
     ("history.pain_best", "history.pain_now")),
    ("pain_now above pain_worst", {"history": {"pain_best": 2, "pain_now": 8, "pain_worst": 7}},
     ("history.pain_now", "history.pain_worst")),
    ("metastatic without a cancer history",
     {"history": {"cancer_history": False, "cancer_metastatic": True}},
     ("history.cancer_metastatic", "history.cancer_history")),
    ("pregnancy for a male patient",
     {"patient": {"sex": "male"}, "history": {"pregnant": False}}, ("history.pregnant",)),
    ("bilateral leg onset with one-sided radiation",
     {"history": {"radiation_side": "left", "bilateral_leg_onset": "new_within_14_days"}},
     ("history.bilateral_leg_onset", "history.radiation_side")),
    ("bilateral leg onset without a side",
     {"history": {"radiation_side": None, "bilateral_leg_onset": "longstanding_stable"}},
     ("history.bilateral_leg_onset", "history.radiation_side")),
]


def with_changes(changes):
    document = copy.deepcopy(VALID)
    for section, values in changes.items():
        document.setdefault(section, {}).update(values)
    return document


@pytest.mark.parametrize(("name", "changes", "paths"), CROSS_FIELD,
                         ids=[row[0] for row in CROSS_FIELD])
def test_cross_field_contradiction_is_named(name, changes, paths):
    error = errors_of(with_changes(changes))
    assert any(named(error, path) for path in paths), error.errors
    for _path, reason in error.errors:
        assert reason.strip()


@pytest.mark.parametrize(
    "changes",
    [
        {"history": {"pain_best": 5, "pain_now": 5, "pain_worst": 5}},
        {"history": {"radiation": ["none"], "radiation_side": None}},
        {"history": {"cancer_history": True, "cancer_metastatic": True}},
        {"history": {"cancer_history": None, "cancer_metastatic": True}},
        {"patient": {"sex": "female", "age_years": 30}, "history": {"pregnant": True}},
        {"patient": {"sex": "male"}, "history": {"pregnant": None}},
        {"history": {"radiation": ["foot"], "radiation_side": "bilateral",
                     "bilateral_leg_onset": "new_15_to_90_days"}},
    ],
)
def test_consistent_answers_are_accepted(changes):
    assess_document(with_changes(changes))


def test_every_cross_field_contradiction_is_named_at_once():
    document = with_changes({
        "patient": {"sex": "male"},
        "history": {"radiation": ["none", "foot"], "pain_best": 9, "pain_now": 8,
                    "pain_worst": 7, "cancer_history": False, "cancer_metastatic": True,
                    "pregnant": False, "radiation_side": "left",
                    "bilateral_leg_onset": "new_within_14_days"},
    })
    error = errors_of(document)
    for paths in (("history.radiation",), ("history.pain_best", "history.pain_now"),
                  ("history.pain_worst", "history.pain_now"),
                  ("history.cancer_metastatic", "history.cancer_history"),
                  ("history.pregnant",), ("history.bilateral_leg_onset",)):
        assert any(named(error, path) for path in paths), (paths, error.errors)


def test_cross_field_contradiction_is_reported_with_other_errors():
    document = with_changes({"history": {"cancer_history": False, "cancer_metastatic": True,
                                         "fever": "no"}})
    error = errors_of(document)
    assert named(error, "history.fever"), error.errors
    assert named(error, "history.cancer_metastatic") or named(error, "history.cancer_history")
