"""Pain patterns, radicular levels, suspected generators and duration
(docs/clinical-rules.md)."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    assess,
    diagnostics,
    doc,
    generator,
    generator_codes,
    has_evidence,
    pair,
    pattern,
    pattern_codes,
    with_duration,
)

LEG = {"regions": ["lumbar"], "radiation": ["buttock", "below_knee"], "radiation_side": "left"}
ARM = {"regions": ["cervical"], "radiation": ["upper_arm", "forearm_hand"],
       "radiation_side": "right"}
AXIAL = {"regions": ["lumbar"], "radiation": ["none"]}

# ---- axial_mechanical ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "aggravating",
    [["flexion"], ["extension"], ["rotation"], ["sitting"], ["standing"], ["lifting"],
     ["walking", "lifting"]],
)
def test_axial_pain_aggravated_by_movement_or_loading_is_mechanical(aggravating):
    result = assess(history={**AXIAL, "aggravating": aggravating})
    axial = pattern(result, "axial_mechanical")
    assert axial is not None
    assert axial["levels"] == []
    assert has_evidence(axial, "history.aggravating")


@pytest.mark.parametrize("aggravating", [["walking"], ["cough_sneeze"], ["lying", "rest"]])
def test_axial_pain_without_mechanical_aggravation_is_not_mechanical(aggravating):
    assert pattern(assess(history={**AXIAL, "aggravating": aggravating}),
                   "axial_mechanical") is None


@pytest.mark.parametrize(
    "radiation", [["below_knee"], ["foot"], ["forearm_hand"], ["thigh", "below_knee"]]
)
def test_leg_or_arm_radiation_is_not_axial(radiation):
    history = {"regions": ["lumbar"], "radiation": radiation, "radiation_side": "left",
               "aggravating": ["flexion", "sitting"]}
    assert pattern(assess(history=history), "axial_mechanical") is None


@pytest.mark.parametrize("radiation", [["buttock"], ["thigh"], ["buttock", "groin"]])
def test_radiation_above_the_knee_stays_axial(radiation):
    history = {"regions": ["lumbar"], "radiation": radiation, "radiation_side": "right",
               "aggravating": ["flexion"]}
    assert "axial_mechanical" in pattern_codes(assess(history=history))


def test_inflammatory_pattern_is_not_axial_mechanical():
    history = {**AXIAL, "aggravating": ["rest", "sitting"], **INFLAMMATORY_ALL_FIVE}
    result = assess_document(with_duration(200, history=history, patient={"age_years": 35}))
    assert "inflammatory" in pattern_codes(result)
    assert "axial_mechanical" not in pattern_codes(result)


# ---- radicular -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exam", "history_extra"),
    [
        ({"slr": pair(left=True)}, {}),
        ({"crossed_slr": True}, {}),
        ({"femoral_stretch": pair(left=True)}, {}),
        ({}, {"pain_qualities": ["shooting"]}),
        ({}, {"pain_qualities": ["electric"]}),
        ({}, {"pain_qualities": ["aching", "burning"]}),
        ({"motor": {"L5": pair(left=4)}}, {}),
        ({"sensation": {"L5": pair(left="reduced")}}, {}),
        ({"reflexes": {"achilles": pair(left=1, right=2)}}, {}),
    ],
)
def test_leg_radiation_with_a_root_finding_is_radicular(exam, history_extra):
    radicular = pattern(assess(history={**LEG, **history_extra}, exam=exam), "radicular")
    assert radicular is not None
    assert radicular["evidence"]


@pytest.mark.parametrize(
    ("exam", "history_extra"),
    [
        ({"spurling": pair(right=True)}, {}),
        ({}, {"pain_qualities": ["electric"]}),
        ({"motor": {"C7": pair(right=4)}}, {}),
        ({"reflexes": {"triceps": pair(left=2, right=1)}}, {}),
    ],
)
def test_arm_radiation_with_a_root_finding_is_radicular(exam, history_extra):
    assert "radicular" in pattern_codes(assess(history={**ARM, **history_extra}, exam=exam))


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        # leg radiation but nothing radicular about it
        (LEG, {}),
        ({**LEG, "pain_qualities": ["aching", "sharp"]},
         {"slr": pair(False, False), "crossed_slr": False, "motor": {"L5": pair(5, 5)},
          "reflexes": {"achilles": pair(2, 2)}, "sensation": {"S1": pair("normal", "normal")}}),
        # radicular findings but no radiation below the knee or to the hand
        ({"regions": ["lumbar"], "radiation": ["thigh"], "radiation_side": "left"},
         {"slr": pair(left=True)}),
        ({**AXIAL, "pain_qualities": ["shooting"]}, {"motor": {"L5": pair(left=4)}}),
    ],
)
def test_not_radicular(history, exam):
    assert "radicular" not in pattern_codes(assess(history=history, exam=exam))


@pytest.mark.parametrize(
    ("exam", "levels"),
    [
        ({"motor": {"L5": pair(left=4, right=5)}}, {"L5 left"}),
        ({"motor": {"S1": pair(left=5, right=3)}}, {"S1 right"}),
        ({"reflexes": {"achilles": pair(left=1, right=2)}}, {"S1 left"}),
        ({"reflexes": {"achilles": pair(left=2, right=0)}}, {"S1 right"}),
        # graded 0 counts even when the other side was not tested, and on both sides
        # (under 60: the patient's age is not recorded here)
        ({"reflexes": {"achilles": pair(left=0)}}, {"S1 left"}),
        ({"reflexes": {"achilles": pair(left=0, right=0)}}, {"S1 left", "S1 right"}),
        ({"reflexes": {"patellar": pair(left=2, right=1)}}, {"L4 right"}),
        ({"sensation": {"L5": pair(left="reduced", right="normal")}}, {"L5 left"}),
        ({"sensation": {"L4": pair(right="absent")}}, {"L4 right"}),
        ({"motor": {"L5": pair(left=4)}, "reflexes": {"achilles": pair(left=1, right=2)}},
         {"L5 left", "S1 left"}),
        ({"motor": {"L3": pair(left=4), "L2": pair(left=5)}}, {"L3 left"}),
    ],
)
def test_radicular_levels_name_root_and_side(exam, levels):
    radicular = pattern(assess(history=LEG, exam=exam), "radicular")
    assert radicular is not None
    assert set(radicular["levels"]) == levels
    assert len(radicular["levels"]) == len(levels)


@pytest.mark.parametrize(
    ("reflex", "root"), [("biceps", "C5"), ("brachioradialis", "C6"), ("triceps", "C7")]
)
def test_arm_reflex_asymmetry_maps_to_its_root(reflex, root):
    radicular = pattern(assess(history=ARM, exam={"reflexes": {reflex: pair(left=2, right=1)}}),
                        "radicular")
    assert radicular["levels"] == [f"{root} right"]


def test_symmetric_reflexes_name_no_level():
    radicular = pattern(assess(history={**LEG, "pain_qualities": ["shooting"]},
                               exam={"reflexes": {"achilles": pair(1, 1)},
                                     "motor": {"L5": pair(5, 5)}}),
                        "radicular")
    assert radicular["levels"] == []


def test_levels_only_for_radicular():
    result = assess(history={**AXIAL, "aggravating": ["flexion"]},
                    exam={"hoffmann": pair(left=True)})
    for found in result["patterns"]:
        if found["code"] != "radicular":
            assert found["levels"] == [], found


def test_radicular_motor_deficit_is_evidence():
    radicular = pattern(assess(history=LEG, exam={"motor": {"L5": pair(left=4)}}), "radicular")
    assert has_evidence(radicular, "exam.motor.L5.left", 4)


# ---- neurogenic claudication ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "raises"),
    [
        ({"leg_symptoms_walking_relieved_by_sitting": True}, True),
        ({"leg_symptoms_walking_relieved_by_sitting": False}, False),
        ({"aggravating": ["walking"], "relieving": ["sitting"], "radiation": ["thigh"]}, True),
        ({"aggravating": ["standing"], "relieving": ["flexion"], "radiation": ["below_knee"]},
         True),
        ({"aggravating": ["walking"], "relieving": ["sitting"], "radiation": ["foot"]}, True),
        ({"aggravating": ["walking"], "relieving": ["sitting"], "radiation": ["buttock"]},
         False),
        ({"aggravating": ["walking"], "relieving": ["lying"], "radiation": ["thigh"]}, False),
        ({"aggravating": ["flexion"], "relieving": ["sitting"], "radiation": ["thigh"]}, False),
        ({"aggravating": ["walking"], "relieving": ["sitting"]}, False),
    ],
)
def test_neurogenic_claudication(history, raises):
    history = {"regions": ["lumbar"], **history}
    if history.get("radiation"):
        history["radiation_side"] = "bilateral"
    claudication = pattern(assess(history=history), "neurogenic_claudication")
    assert (claudication is not None) is raises
    if raises:
        assert claudication["levels"] == []
        assert claudication["evidence"]


# ---- inflammatory (ASAS inflammatory back pain) --------------------------------------------

INFLAMMATORY_ALL_FIVE = {
    "age_at_onset": 30,
    "onset": "gradual",
    "improves_with_exercise": True,
    "improves_with_rest": False,
    "night_pain": "wakes_second_half",
}


def inflammatory(days=200, **overrides):
    history = {**AXIAL, **INFLAMMATORY_ALL_FIVE, **overrides}
    return pattern(assess_document(with_duration(days, history=history,
                                                 patient={"age_years": 45})), "inflammatory")


def test_all_five_parameters_when_chronic():
    found = inflammatory()
    assert found is not None
    assert found["levels"] == []


@pytest.mark.parametrize(
    "missing",
    [
        {"age_at_onset": 40},
        {"onset": "sudden"},
        {"improves_with_exercise": False},
        {"improves_with_rest": True},
        {"night_pain": "none"},
    ],
)
def test_four_of_five_parameters_is_enough(missing):
    assert inflammatory(**missing) is not None


@pytest.mark.parametrize(
    "missing",
    [
        {"age_at_onset": 40, "onset": "sudden"},
        {"improves_with_exercise": False, "night_pain": "unremitting"},
        {"improves_with_rest": True, "age_at_onset": 41},
        {"onset": "sudden", "night_pain": "none"},
    ],
)
def test_three_of_five_parameters_is_not_enough(missing):
    assert inflammatory(**missing) is None


def test_age_at_onset_39_counts_and_40_does_not():
    without_night = {"night_pain": "none"}
    assert inflammatory(age_at_onset=39, **without_night) is not None
    assert inflammatory(age_at_onset=40, **without_night) is None


@pytest.mark.parametrize("unanswered", ["improves_with_rest", "improves_with_exercise"])
def test_an_unanswered_parameter_does_not_count(unanswered):
    # Four answered in favour would be enough; one of them left null leaves three.
    assert inflammatory(onset="sudden", **{unanswered: None}) is None


@pytest.mark.parametrize(("days", "raises"), [(41, False), (84, False), (85, True)])
def test_inflammatory_pattern_needs_chronic_duration(days, raises):
    assert (inflammatory(days=days) is not None) is raises


def test_inflammatory_pattern_needs_a_known_duration():
    history = {**AXIAL, **INFLAMMATORY_ALL_FIVE}
    result = assess(history=history, patient={"age_years": 36})
    assert "inflammatory" not in pattern_codes(result)


# ---- myelopathic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sections",
    [
        {"exam": {"babinski": pair(left=True)}},
        {"history": {"regions": ["cervical"], "gait_change": True, "lhermitte": True}},
    ],
)
def test_myelopathic_pattern_follows_the_myelopathy_flag(sections):
    result = assess(**sections)
    assert "myelopathy" in [f["code"] for f in result["red_flags"]]
    myelopathic = pattern(result, "myelopathic")
    assert myelopathic is not None
    assert myelopathic["levels"] == []


def test_no_myelopathic_pattern_without_the_flag():
    result = assess(history={"regions": ["cervical"], "gait_change": True})
    assert "myelopathic" not in pattern_codes(result)


def test_patterns_coexist_and_are_sorted():
    history = {**LEG, "leg_symptoms_walking_relieved_by_sitting": True,
               "pain_qualities": ["shooting"]}
    result = assess(history=history, exam={"babinski": pair(right=True)})
    codes = pattern_codes(result)
    assert {"radicular", "neurogenic_claudication", "myelopathic"} <= set(codes)
    assert codes == sorted(codes)


def test_no_pattern_from_an_empty_document():
    assert assess_document({})["patterns"] == []


# ---- suspected pain generators -------------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        ({"history": {**LEG, "pain_qualities": ["shooting"]}}, "disc"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]}}, "disc"),
        ({"history": {**AXIAL, "aggravating": ["sitting"]}}, "disc"),
        ({"history": {**AXIAL, "aggravating": ["cough_sneeze"]}}, "disc"),
        ({"diagnostics": diagnostics("disc_herniation")}, "disc"),
        ({"history": {**AXIAL, "aggravating": ["extension"]}}, "facet"),
        ({"history": {**AXIAL, "aggravating": ["rotation"]}}, "facet"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]},
          "exam": {"paraspinal_tenderness": True}}, "myofascial"),
        ({"history": {"trauma": "minor"}, "patient": {"age_years": 75}}, "vertebral_fracture"),
        ({"history": {"trauma": "major"}}, "vertebral_fracture"),
        ({"exam": {"deformity": "step_off"}}, "spondylolysis_spondylolisthesis"),
        ({"diagnostics": diagnostics("spondylolisthesis")}, "spondylolysis_spondylolisthesis"),
        ({"history": {"regions": ["lumbar"], "leg_symptoms_walking_relieved_by_sitting": True}},
         "spinal_stenosis"),
        ({"diagnostics": diagnostics("stenosis")}, "spinal_stenosis"),
        ({"exam": {"si_provocation_positive": 3}}, "sacroiliac_joint"),
        ({"exam": {"si_provocation_positive": 5}}, "sacroiliac_joint"),
        ({"exam": {"hip_rotation_painful": pair(right=True)}}, "hip"),
        ({"exam": {"hip_rotation_painful": pair(left=True, right=False)}}, "hip"),
        ({"history": {"abdominal_pain": True}}, "visceral_or_vascular"),
        ({"exam": {"pulsatile_abdominal_mass": True}}, "visceral_or_vascular"),
    ],
)
def test_generator_raised(sections, expected):
    result = assess(**sections)
    found = generator(result, expected)
    assert found is not None, generator_codes(result)
    assert found["evidence"]


@pytest.mark.parametrize(
    ("sections", "absent"),
    [
        ({"history": {**AXIAL, "aggravating": ["extension"]}}, "disc"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]}}, "facet"),
        ({"history": {**LEG, "aggravating": ["extension"], "pain_qualities": ["electric"]}},
         "facet"),
        ({"exam": {"paraspinal_tenderness": True}}, "myofascial"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]},
          "exam": {"paraspinal_tenderness": False}}, "myofascial"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]},
          "exam": {"paraspinal_tenderness": True, "motor": {"L5": pair(left=4)}}}, "myofascial"),
        ({"history": {**AXIAL, "aggravating": ["flexion"]},
          "exam": {"paraspinal_tenderness": True,
                   "reflexes": {"achilles": pair(left=0, right=2)}}}, "myofascial"),
        ({"exam": {"deformity": "kyphosis"}}, "spondylolysis_spondylolisthesis"),
        ({"exam": {"si_provocation_positive": 2}}, "sacroiliac_joint"),
        ({"exam": {"hip_rotation_painful": pair(False, False)}}, "hip"),
        ({"history": {"trauma": "none", "long_term_steroids": False}}, "vertebral_fracture"),
        # v2: steroids alone raise no fracture flag, so no fracture generator
        ({"history": {"long_term_steroids": True}}, "vertebral_fracture"),
        ({"history": {"abdominal_pain": False}}, "visceral_or_vascular"),
    ],
)
def test_generator_not_raised(sections, absent):
    assert absent not in generator_codes(assess(**sections))


@pytest.mark.parametrize(("age", "raises"), [(25, True), (26, False), (14, True)])
def test_young_athlete_with_extension_pain_suggests_spondylolysis(age, raises):
    result = assess(patient={"age_years": age},
                    history={**AXIAL, "trigger": "sport", "aggravating": ["extension"]})
    assert ("spondylolysis_spondylolisthesis" in generator_codes(result)) is raises


@pytest.mark.parametrize(
    "history",
    [
        {**AXIAL, "trigger": "lifting", "aggravating": ["extension"]},
        {**AXIAL, "trigger": "sport", "aggravating": ["flexion"]},
    ],
)
def test_spondylolysis_needs_sport_and_extension(history):
    result = assess(patient={"age_years": 19}, history=history)
    assert "spondylolysis_spondylolisthesis" not in generator_codes(result)


def test_generators_are_sorted_and_unique():
    result = assess(history={**LEG, "pain_qualities": ["shooting"],
                             "leg_symptoms_walking_relieved_by_sitting": True},
                    exam={"si_provocation_positive": 4, "hip_rotation_painful": pair(left=True)},
                    diagnostics=diagnostics("disc_herniation", "stenosis"))
    codes = generator_codes(result)
    assert {"disc", "spinal_stenosis", "sacroiliac_joint", "hip"} <= set(codes)
    assert codes == sorted(set(codes))


# ---- duration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "category"),
    [(0, "acute"), (41, "acute"), (42, "subacute"), (84, "subacute"), (85, "chronic"),
     (3650, "chronic")],
)
def test_duration_categories(days, category):
    result = assess_document(with_duration(days))
    assert result["duration"] == {"days": days, "category": category}


def test_duration_unknown_without_onset_date():
    result = assess(visit={"visit_date": "2024-06-03"}, history={"regions": ["lumbar"]})
    assert result["duration"] == {"days": None, "category": None}


def test_duration_unknown_in_an_empty_document():
    assert assess_document(doc())["duration"] == {"days": None, "category": None}


def test_duration_across_a_leap_day():
    result = assess(visit={"visit_date": "2024-03-01"}, history={"onset_date": "2024-01-19"})
    assert result["duration"] == {"days": 42, "category": "subacute"}


# ---- location ------------------------------------------------------------------------------


def test_location_reports_the_regions():
    result = assess(history={"regions": ["lumbar", "cervical"], "radiation": ["none"]})
    assert set(result["location"]["regions"]) == {"lumbar", "cervical"}



# ---- rules v2: radicular distribution above the knee and at the shoulder --------------------
# (docs/clinical-rules.md, rules v2, section 2: leg_radiation and arm_radiation)


@pytest.mark.parametrize(
    ("radiation", "side", "exam", "levels"),
    [
        (["thigh"], "left", {"femoral_stretch": pair(left=True)}, []),
        (["thigh"], "left", {"motor": {"L3": pair(left=4)}}, ["L3 left"]),
        (["groin"], "right", {"sensation": {"L2": pair(right="reduced")}}, ["L2 right"]),
        (["thigh"], "left", {"reflexes": {"patellar": pair(left=1, right=2)}}, ["L4 left"]),
        (["buttock", "thigh"], "bilateral", {"femoral_stretch": pair(right=True)}, []),
        (["thigh"], None, {"motor": {"L4": pair(right=4)}}, ["L4 right"]),
    ],
)
def test_thigh_or_groin_pain_with_an_l2_to_l4_finding_is_radicular(radiation, side, exam,
                                                                  levels):
    history = {"regions": ["lumbar"], "radiation": radiation, "aggravating": ["flexion"]}
    if side:
        history["radiation_side"] = side
    result = assess(history=history, exam=exam)
    radicular = pattern(result, "radicular")
    assert radicular is not None
    assert radicular["levels"] == levels
    assert "axial_mechanical" not in pattern_codes(result)
    assert result["location"]["extent"] != "axial"


@pytest.mark.parametrize(
    "exam",
    [
        {"femoral_stretch": pair(right=True)},  # the other side
        {"motor": {"L3": pair(right=4)}},  # the other side
        {"motor": {"L5": pair(left=4)}},  # not L2-L4
        {"slr": pair(left=True)},  # not an L2-L4 sign
        {},
    ],
)
def test_thigh_pain_without_an_l2_to_l4_finding_on_that_side_stays_axial(exam):
    history = {"regions": ["lumbar"], "radiation": ["thigh"], "radiation_side": "left",
               "aggravating": ["flexion"]}
    result = assess(history=history, exam=exam)
    assert "radicular" not in pattern_codes(result)
    assert "axial_mechanical" in pattern_codes(result)


@pytest.mark.parametrize(
    ("radiation", "exam", "levels"),
    [
        (["shoulder"], {"motor": {"C5": pair(right=4)}}, ["C5 right"]),
        (["upper_arm"], {"reflexes": {"biceps": pair(left=2, right=1)}}, ["C5 right"]),
        (["shoulder"], {"sensation": {"C5": pair(right="reduced")}}, ["C5 right"]),
        (["upper_arm"], {"spurling": pair(right=True)}, []),
    ],
)
def test_shoulder_or_upper_arm_pain_with_a_c5_finding_is_radicular(radiation, exam, levels):
    history = {"regions": ["cervical"], "radiation": radiation, "radiation_side": "right",
               "aggravating": ["rotation"]}
    result = assess(history=history, exam=exam)
    radicular = pattern(result, "radicular")
    assert radicular is not None
    assert radicular["levels"] == levels
    assert "axial_mechanical" not in pattern_codes(result)
    assert "M54.12" in result["diagnosis_suggestions"]


@pytest.mark.parametrize(
    "exam",
    [
        {"motor": {"C6": pair(right=4)}},  # not C5
        {"motor": {"C5": pair(left=4)}},  # the other side
        {"spurling": pair(left=True)},  # the other side
    ],
)
def test_shoulder_pain_without_a_c5_finding_on_that_side_stays_axial(exam):
    history = {"regions": ["cervical"], "radiation": ["shoulder"], "radiation_side": "right",
               "aggravating": ["rotation"]}
    result = assess(history=history, exam=exam)
    assert "radicular" not in pattern_codes(result)
    assert "axial_mechanical" in pattern_codes(result)


# ---- rules v2: side-aware reflex asymmetry --------------------------------------------------


@pytest.mark.parametrize(
    ("reflexes", "age", "levels"),
    [
        # the side graded lower suggests the root lesion
        ({"achilles": pair(left=1, right=3)}, 40, {"S1 left"}),
        ({"patellar": pair(left=3, right=1)}, 40, {"L4 right"}),
        # a brisk side against a normal one is not a root lesion
        ({"patellar": pair(left=2, right=3)}, 40, set()),
        ({"patellar": pair(left=3, right=2)}, 40, set()),
        ({"achilles": pair(left=2, right=4)}, 40, set()),
        # ankle reflexes absent on both sides at 60 or over are not localising
        ({"achilles": pair(0, 0)}, 60, set()),
        ({"achilles": pair(0, 0)}, 59, {"S1 left", "S1 right"}),
        ({"achilles": pair(left=0, right=2)}, 70, {"S1 left"}),
        ({"patellar": pair(0, 0)}, 70, {"L4 left", "L4 right"}),
    ],
)
def test_reflex_asymmetry_is_side_aware(reflexes, age, levels):
    history = {**LEG, "radiation_side": "bilateral", "pain_qualities": ["shooting"]}
    result = assess(patient={"age_years": age}, history=history, exam={"reflexes": reflexes})
    radicular = pattern(result, "radicular")
    assert radicular is not None
    assert set(radicular["levels"]) == levels
