"""Properties over any valid findings document (docs/findings.md vocabulary,
docs/clinical-rules.md)."""

import copy
import datetime
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backpain.clinical import assess_document
from tests.clinical.helpers import CORE_GAPS, URGENCY_ORDER, sort_key

RESULT_KEYS = {"red_flags", "screening_gaps", "location", "duration", "patterns", "generators",
               "imaging", "scores", "diagnosis_suggestions"}
FLAG_CODES = {"cauda_equina_syndrome", "cauda_equina_risk", "severe_neurological_deficit",
              "myelopathy", "spinal_fracture", "malignancy", "spinal_infection",
              "inflammatory_spondyloarthritis", "vascular_or_visceral_cause",
              "vascular_claudication"}
PATTERN_CODES = {"axial_mechanical", "radicular", "neurogenic_claudication", "inflammatory",
                 "myelopathic"}
GENERATOR_CODES = {"disc", "facet", "myofascial", "vertebral_fracture",
                   "spondylolysis_spondylolisthesis", "spinal_stenosis", "sacroiliac_joint",
                   "hip", "visceral_or_vascular"}
ADVICE = ["emergency_non_spinal_assessment", "emergency_mri", "urgent_mri", "ct", "xray",
          "sacroiliac_imaging", "mri_if_intervention_candidate", "no_imaging_initially"]
ICD = {"M54.2", "M54.12", "M54.6", "M54.50", "M54.59", "M54.16", "M54.41", "M54.42", "M54.40",
       "M48.062", "M46.1", "G83.4"}

ROOTS = ["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"]
REFLEXES = ["biceps", "brachioradialis", "triceps", "patellar", "achilles"]
RADIATION = ["buttock", "thigh", "below_knee", "foot", "groin", "shoulder", "upper_arm",
             "forearm_hand", "chest_wall", "abdomen"]
TODAY = datetime.date.today()
EARLIEST = datetime.date(2015, 1, 1)

# ---- strategies ----------------------------------------------------------------------------

tri = st.none() | st.booleans()


def maybe(strategy):
    return st.none() | strategy


def enum(*values):
    return maybe(st.sampled_from(values))


def choices(*values, min_size=0):
    return maybe(st.lists(st.sampled_from(values), unique=True, min_size=min_size))


def choices_with_none(*values):
    """A list where "none" stands alone."""
    return maybe(st.just(["none"]) | st.lists(st.sampled_from(values), unique=True, min_size=1))


def ints(low, high):
    return maybe(st.integers(low, high))


def decimals(low, high):
    return maybe(st.integers(int(low * 10), int(high * 10)).map(lambda tenths: tenths / 10))


def pair_of(values):
    return maybe(st.fixed_dictionaries({}, optional={"left": maybe(values),
                                                     "right": maybe(values)}))


def per_key(keys, values):
    return maybe(st.dictionaries(st.sampled_from(keys), pair_of(values).filter(bool),
                                 max_size=4))


def section(**fields):
    return st.fixed_dictionaries({}, optional=fields)


dates = st.dates(EARLIEST, TODAY)

HISTORY = {
    "regions": choices("cervical", "thoracic", "lumbar", "sacral", min_size=1),
    "side": enum("midline", "left", "right", "bilateral"),
    "onset": enum("sudden", "gradual"),
    "trigger": enum("none", "lifting", "twisting", "fall", "motor_vehicle", "sport", "other"),
    "trauma": enum("none", "minor", "major"),
    "pain_now": ints(0, 10), "pain_worst": ints(0, 10), "pain_best": ints(0, 10),
    "pain_course": enum("constant", "intermittent"),
    "pain_qualities": choices("aching", "sharp", "burning", "shooting", "electric",
                              "throbbing", "cramping", "tearing"),
    "aggravating": choices("flexion", "extension", "rotation", "sitting", "standing",
                           "walking", "lifting", "cough_sneeze", "lying", "rest"),
    "relieving": choices("rest", "movement", "sitting", "flexion", "lying", "medication",
                         "nothing"),
    "night_pain": enum("none", "wakes_second_half", "unremitting"),
    "morning_stiffness_minutes": ints(0, 1440),
    "age_at_onset": ints(0, 120),
    "numbness_areas": choices_with_none(*RADIATION, "hand", "saddle"),
    "bladder_dysfunction": enum("none", "retention", "incontinence", "altered_sensation",
                                "urgency_new"),
    "inflammatory_conditions": choices_with_none("psoriasis", "inflammatory_bowel_disease",
                                                 "uveitis", "spondyloarthritis", "other"),
    "prior_episodes": ints(0, 100),
    "prior_treatments": choices_with_none("physiotherapy", "paracetamol", "nsaid", "opioid",
                                          "neuropathic_agent", "muscle_relaxant", "injection",
                                          "manual_therapy", "surgery"),
    "treatment_response": enum("better", "same", "worse"),
    "walking_tolerance_minutes": ints(0, 600),
    "sitting_tolerance_minutes": ints(0, 600),
    "work_status": enum("working_full", "modified_duty", "off_work", "not_employed", "retired",
                        "student"),
}
HISTORY_TRI = [
    "improves_with_exercise", "improves_with_rest", "alternating_buttock_pain",
    "leg_symptoms_walking_relieved_by_sitting", "numbness", "weakness", "weakness_progressive",
    "gait_change", "hand_clumsiness", "lhermitte", "saddle_numbness", "bowel_incontinence",
    "sexual_dysfunction_new", "fever", "unexplained_weight_loss", "cancer_history",
    "cancer_metastatic", "immunosuppression", "iv_drug_use", "recent_infection",
    "recent_spinal_procedure", "osteoporosis", "long_term_steroids", "anticoagulation",
    "family_history_spondyloarthritis", "abdominal_pain", "chest_pain_or_dyspnoea",
    "vascular_disease",
]
HISTORY.update(dict.fromkeys(HISTORY_TRI, tri))

EXAM = {
    "temperature_c": decimals(30.0, 45.0),
    "gait": enum("normal", "antalgic", "foot_drop", "ataxic", "wide_based", "unable"),
    "deformity": enum("none", "scoliosis", "kyphosis", "step_off"),
    "rom_painful": choices("flexion", "extension", "rotation", "side_bending"),
    "motor": per_key(ROOTS, st.integers(0, 5)),
    "reflexes": per_key(REFLEXES, st.integers(0, 4)),
    "sensation": per_key(ROOTS, st.sampled_from(["normal", "reduced", "absent"])),
    "saddle_sensation": enum("normal", "reduced", "absent"),
    "anal_tone": enum("normal", "reduced"),
    "post_void_residual_ml": ints(0, 3000),
    "slr_angle": pair_of(st.integers(0, 90)),
    "si_provocation_positive": ints(0, 5),
    "pedal_pulses": enum("normal", "reduced", "absent"),
}
EXAM_TRI = ["midline_tenderness", "paraspinal_tenderness", "rom_restricted", "crossed_slr",
            "pulsatile_abdominal_mass"]
EXAM_PAIRS = ["hoffmann", "babinski", "clonus", "slr", "femoral_stretch", "spurling",
              "hip_rotation_painful"]
EXAM.update(dict.fromkeys(EXAM_TRI, tri))
EXAM.update({name: pair_of(st.booleans()) for name in EXAM_PAIRS})

STUDY = st.fixed_dictionaries({}, optional={
    "modality": enum("xray", "mri", "ct", "labs", "emg_ncs", "dexa", "bone_scan"),
    "region": enum("cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip", "other"),
    "status": enum("ordered", "resulted"),
    "date": maybe(dates.map(datetime.date.isoformat)),
    "findings": choices("normal", "degenerative", "disc_herniation", "stenosis",
                        "spondylolisthesis", "fracture", "cord_compression",
                        "cauda_equina_compression", "infection", "tumour", "sacroiliitis",
                        "other"),
    "impression": maybe(st.text(max_size=60)),
})
DIAGNOSTICS = section(
    studies=maybe(st.lists(STUDY, max_size=3)),
    labs=maybe(section(crp_mg_l=decimals(0, 500), esr_mm_h=ints(0, 150),
                       wbc_10e9_l=decimals(0, 100), hla_b27=enum("positive", "negative"))),
)
ITEM = maybe(st.integers(0, 5))
QUESTIONNAIRES = section(
    odi=maybe(st.lists(ITEM, min_size=10, max_size=10)),
    ndi=maybe(st.lists(ITEM, min_size=10, max_size=10)),
    startback=maybe(st.tuples(*[maybe(st.integers(0, 1))] * 8, maybe(st.integers(0, 4)))
                    .map(list)),
)


@st.composite
def findings_documents(draw):
    """Any valid findings document: any subset of sections and fields, consistent dates."""
    document = {}
    patient = draw(section(age_years=ints(0, 120),
                           sex=enum("female", "male", "other", "unknown")))
    visit = draw(section(visit_date=maybe(dates), visit_type=enum("new", "follow_up", "post_op")))
    history = draw(section(**HISTORY))

    # Radiation: "none" alone and then no side.
    radiation = draw(choices_with_none(*RADIATION))
    if radiation is not None or draw(st.booleans()):
        history["radiation"] = radiation
        if radiation and radiation != ["none"]:
            history["radiation_side"] = draw(enum("left", "right", "bilateral"))

    # Dates: the onset is never after the visit, and nothing is in the future.
    if draw(st.booleans()):
        latest = visit.get("visit_date") or TODAY
        history["onset_date"] = draw(maybe(st.dates(EARLIEST, latest)))
    if visit.get("visit_date"):
        visit["visit_date"] = visit["visit_date"].isoformat()
    if history.get("onset_date"):
        history["onset_date"] = history["onset_date"].isoformat()

    # Symptoms cannot have begun at an age the patient has not reached.
    if history.get("age_at_onset") is not None and patient.get("age_years") is not None:
        history["age_at_onset"] = min(history["age_at_onset"], patient["age_years"])

    for name, value in (("patient", patient), ("visit", visit), ("history", history)):
        if value or draw(st.booleans()):
            document[name] = value
    for name, strategy in (("exam", section(**EXAM)), ("diagnostics", DIAGNOSTICS),
                           ("questionnaires", QUESTIONNAIRES)):
        if draw(st.booleans()):
            document[name] = draw(maybe(strategy))
    return document


PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])


def lookup(document, dotted):
    node = document
    for name in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(name)
    return node


def false_to_null(value):
    if value is False:
        return None
    if isinstance(value, dict):
        return {key: false_to_null(item) for key, item in value.items()}
    if isinstance(value, list):
        return [false_to_null(item) for item in value]
    return value


# ---- properties ----------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(findings_documents())
def test_any_valid_document_is_assessed_completely(document):
    original = copy.deepcopy(document)
    result = assess_document(document)
    assert set(result) == RESULT_KEYS
    assert document == original, "the engine must not modify its input"
    assert json.loads(json.dumps(result)) == result
    assert assess_document(copy.deepcopy(document)) == result


@PROPERTY_SETTINGS
@given(findings_documents())
def test_red_flags_are_well_formed_and_sorted(document):
    flags = assess_document(document)["red_flags"]
    codes = [f["code"] for f in flags]
    assert set(codes) <= FLAG_CODES
    assert len(codes) == len(set(codes)), "one card per condition"
    assert flags == sorted(flags, key=sort_key)
    for raised in flags:
        assert raised["urgency"] in URGENCY_ORDER
        assert raised["evidence"]
        assert raised["rationale"].strip()
        assert raised["citation"].strip()
    assert not {"cauda_equina_syndrome", "cauda_equina_risk"} <= set(codes)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_patterns_generators_imaging_and_codes_are_from_the_rules(document):
    result = assess_document(document)
    for found in result["patterns"]:
        assert found["code"] in PATTERN_CODES
        if found["code"] != "radicular":
            assert found["levels"] == []
    assert {g["code"] for g in result["generators"]} <= GENERATOR_CODES
    assert result["imaging"]["advice"] in ADVICE
    codes = set(result["diagnosis_suggestions"])
    assert codes <= ICD
    assert "M54.5" not in codes
    assert not ("M54.50" in codes and codes & {"M54.40", "M54.41", "M54.42"})
    if "G83.4" in codes:
        studies = lookup(document, "diagnostics.studies") or []
        assert any("cauda_equina_compression" in (s.get("findings") or []) for s in studies)


@PROPERTY_SETTINGS
@given(findings_documents())
def test_imaging_advice_follows_the_priority_order(document):
    result = assess_document(document)
    flags = {f["code"]: f["urgency"] for f in result["red_flags"]}
    advice = result["imaging"]["advice"]
    if flags.get("vascular_or_visceral_cause") == "emergency":
        assert advice == "emergency_non_spinal_assessment"
    elif "cauda_equina_syndrome" in flags:
        assert advice == "emergency_mri"
    elif ({"myelopathy", "severe_neurological_deficit", "malignancy"} & set(flags)
          or flags.get("spinal_infection") in ("urgent", "emergency")):
        assert advice == "urgent_mri"
    elif "spinal_fracture" in flags:
        assert advice in ("ct", "xray", "urgent_mri")
    if advice == "no_imaging_initially":
        patterns = {p["code"] for p in result["patterns"]}
        persistent = result["duration"]["category"] in ("subacute", "chronic")
        assert not (persistent and patterns & {"radicular", "neurogenic_claudication"})


@PROPERTY_SETTINGS
@given(findings_documents())
def test_answered_questions_are_never_gaps(document):
    for gap in assess_document(document)["screening_gaps"]:
        assert lookup(document, gap["field"]) is None, gap


@PROPERTY_SETTINGS
@given(findings_documents())
def test_duration_matches_the_dates(document):
    duration = assess_document(document)["duration"]
    onset = lookup(document, "history.onset_date")
    visit = lookup(document, "visit.visit_date")
    if onset is None:
        assert duration == {"days": None, "category": None}
    elif visit is not None:
        days = (datetime.date.fromisoformat(visit) - datetime.date.fromisoformat(onset)).days
        category = "acute" if days < 42 else "subacute" if days <= 84 else "chronic"
        assert duration == {"days": days, "category": category}


@PROPERTY_SETTINGS
@given(findings_documents())
def test_unasking_a_question_never_raises_a_flag(document):
    """Null is not no: turning every "no" into "not asked" can only take flags away."""
    before = {f["code"] for f in assess_document(document)["red_flags"]}
    after = {f["code"] for f in assess_document(false_to_null(document))["red_flags"]}
    assert after <= before


# ---- the all-null document -----------------------------------------------------------------

ALL_NULL = {
    "patient": {"age_years": None, "sex": None},
    "visit": {"visit_date": None, "visit_type": None},
    "history": {**dict.fromkeys(HISTORY, None), "radiation": None, "radiation_side": None,
                "onset_date": None},
    "exam": {**dict.fromkeys(EXAM, None),
             **{name: {"left": None, "right": None} for name in EXAM_PAIRS + ["slr_angle"]}},
    "diagnostics": {"studies": None,
                    "labs": {"crp_mg_l": None, "esr_mm_h": None, "wbc_10e9_l": None,
                             "hla_b27": None}},
    "questionnaires": {"odi": [None] * 10, "ndi": [None] * 10, "startback": [None] * 9},
}


def test_all_null_document_raises_no_flag_and_lists_every_core_gap():
    result = assess_document(ALL_NULL)
    assert result["red_flags"] == []
    gaps = {g["field"]: g["screens_for"] for g in result["screening_gaps"]}
    assert CORE_GAPS.items() <= gaps.items()
    assert result["patterns"] == []
    assert result["generators"] == []
    assert result["imaging"]["advice"] == "no_imaging_initially"
    assert result["diagnosis_suggestions"] == []
    assert result["duration"] == {"days": None, "category": None}
    assert result["scores"]["odi"] is None
    assert result["scores"]["ndi"] is None
    assert result["scores"]["startback"] is None
