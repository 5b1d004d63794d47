"""Spinal fracture, rules version 2 (docs/clinical-rules.md, rules v2, section 3
"spinal_fracture", section 5 and section 7): the trauma windows (7 and 42 days), the Canadian
C-Spine Rule, children's necks, the rigid spine, Henschke's features, fragility fractures and
the imaging each calls for."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    all_advice,
    also,
    assess,
    days_ago,
    flag,
    gap_fields,
    has_evidence,
    level,
    pair,
    study,
    with_duration,
)

EMERGENCY_CT = ("emergency", "same_day", "ct")
URGENT_XRAY = ("urgent", "within_1_week", "xray")
URGENT_CT = ("urgent", "within_1_week", "ct")
REVIEW = ("review", "routine", None)
LUMBAR = {"regions": ["lumbar"]}
NECK = {"regions": ["cervical"]}
# Every Canadian C-Spine Rule answer that does not call for imaging.
CCR_CLEAR = {"dangerous_mechanism": False, "limb_paraesthesia_after_trauma": False}
CCR_CLEAR_EXAM = {"ccr_low_risk": True, "neck_rotation_45": "able"}


def injury(days, trauma="minor", history=None, age=40, exam=None, **sections):
    return assess_document(with_duration(
        days, history={"trauma": trauma, **(history or LUMBAR)},
        patient={"age_years": age, **sections.pop("patient", {})}, exam=exam or {}, **sections))


# ---- the windows after an injury ------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, EMERGENCY_CT), (7, EMERGENCY_CT), (8, URGENT_XRAY), (42, URGENT_XRAY), (43, REVIEW),
     (400, REVIEW)],
)
def test_major_trauma_by_days_since(days, expected):
    result = injury(days, trauma="major")
    assert level(result, "spinal_fracture") == expected
    if expected == EMERGENCY_CT:
        assert advice(result) == "ct"
        assert "Spine Trauma" in flag(result, "spinal_fracture")["citation"]


def test_major_trauma_of_unknown_date_is_an_emergency():
    result = assess(history={**LUMBAR, "trauma": "major"})
    assert level(result, "spinal_fracture") == EMERGENCY_CT


def test_old_trauma_is_review_only_when_not_imaged_since_onset():
    imaged = {"studies": [study("normal", modality="xray", date=days_ago(30))]}
    assert flag(injury(60, trauma="major", diagnostics=imaged), "spinal_fracture") is None
    # imaged before the injury: not since onset
    before = {"studies": [study("normal", modality="xray", date=days_ago(90))]}
    assert level(injury(60, trauma="major", diagnostics=before), "spinal_fracture") == REVIEW
    # imaged, but another region
    elsewhere = {"studies": [study("normal", modality="ct", region="cervical",
                                   date=days_ago(30))]}
    assert level(injury(60, trauma="major", diagnostics=elsewhere), "spinal_fracture") == REVIEW


def test_old_trauma_review_asks_for_no_imaging_now():
    result = injury(60, trauma="major")
    assert flag(result, "spinal_fracture")["imaging"] is None
    assert not {"ct", "xray"} & set(all_advice(result))


@pytest.mark.parametrize(
    ("history", "age", "exam", "expected"),
    [
        ({}, 69, {}, None),
        ({}, 70, {}, URGENT_XRAY),
        ({"osteoporosis": True}, 40, {}, URGENT_XRAY),
        ({"long_term_steroids": True}, 40, {}, URGENT_XRAY),
        ({}, 40, {"spinal_contusion_abrasion": True}, URGENT_XRAY),
        ({}, 40, {"spinal_contusion_abrasion": False}, None),
        ({}, 40, {"midline_tenderness": True}, URGENT_XRAY),
    ],
)
def test_minor_trauma_within_42_days(history, age, exam, expected):
    for days in (8, 42):
        result = injury(days, history={**LUMBAR, **history}, age=age, exam=exam)
        assert level(result, "spinal_fracture") == expected, days


@pytest.mark.parametrize(
    ("history", "age", "exam"),
    [
        ({}, 70, {}),
        ({"osteoporosis": True}, 40, {}),
    ],
)
def test_minor_trauma_beyond_42_days_is_review(history, age, exam):
    result = injury(43, history={**LUMBAR, **history}, age=age, exam=exam)
    assert level(result, "spinal_fracture") == REVIEW


@pytest.mark.parametrize("exam", [{"midline_tenderness": True},
                                  {"spinal_contusion_abrasion": True}])
def test_trauma_based_tenderness_beyond_42_days_is_review(exam):
    assert level(injury(43, exam=exam), "spinal_fracture") == REVIEW


def test_contusion_or_tenderness_without_trauma_raises_nothing():
    result = assess_document(with_duration(10, history={**LUMBAR, "trauma": "none"},
                                           exam={"spinal_contusion_abrasion": True,
                                                 "midline_tenderness": True},
                             patient={"age_years": 40}))
    assert flag(result, "spinal_fracture") is None


# ---- emergency: within 7 days of an injury -------------------------------------------------


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({}, {"deformity": "step_off"}),
        ({"weakness": True}, {}),
        ({}, {"motor": {"L4": pair(left=4)}}),
        ({}, {"sensation": {"L5": pair(right="reduced")}}),
        ({"saddle_numbness": True}, {}),
        ({}, {"babinski": pair(left=True)}),
        ({}, {"tandem_gait": "abnormal"}),
    ],
)
def test_injury_within_7_days_with_step_off_or_neuro_finding_is_an_emergency(history, exam):
    for days, expected in ((7, "emergency"), (8, "urgent")):
        result = injury(days, history={**LUMBAR, **history}, exam=exam)
        assert (level(result, "spinal_fracture") or (None,))[0] in (
            (expected,) if expected == "emergency" else ("urgent", None)), days
    result = injury(3, history={**LUMBAR, **history}, exam=exam)
    assert level(result, "spinal_fracture") == EMERGENCY_CT
    assert advice(result) == "ct"


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({"weakness": True}, {}),
        ({}, {"motor": {"L5": pair(left=4)}}),
        ({"bladder_dysfunction": "retention"}, {}),
    ],
)
def test_emergency_ct_with_a_neuro_or_cauda_equina_finding_adds_emergency_mri(history, exam):
    result = injury(2, trauma="major", history={**LUMBAR, **history}, exam=exam)
    assert advice(result) == "ct"
    assert "emergency_mri" in also(result)


def test_emergency_ct_without_a_neuro_finding_has_no_mri():
    result = injury(2, trauma="major", history={**LUMBAR, "weakness": False})
    assert advice(result) == "ct"
    assert "emergency_mri" not in also(result)


# ---- the Canadian C-Spine Rule (cervical, age >= 16, within 7 days) ------------------------


def neck_injury(days=2, age=40, history=None, exam=None, trauma="minor"):
    return injury(days, trauma=trauma, history={**NECK, **(history or {})}, age=age,
                  exam=exam)


@pytest.mark.parametrize(
    ("age", "history", "exam", "indicated"),
    [
        # all answered, nothing calls for imaging
        (40, CCR_CLEAR, CCR_CLEAR_EXAM, False),
        (64, CCR_CLEAR, CCR_CLEAR_EXAM, False),
        # a high-risk factor
        (65, CCR_CLEAR, CCR_CLEAR_EXAM, True),
        (40, {**CCR_CLEAR, "dangerous_mechanism": True}, CCR_CLEAR_EXAM, True),
        (40, {**CCR_CLEAR, "limb_paraesthesia_after_trauma": True}, CCR_CLEAR_EXAM, True),
        # no low-risk factor
        (40, CCR_CLEAR, {"ccr_low_risk": False, "neck_rotation_45": "able"}, True),
        # unable to rotate
        (40, CCR_CLEAR, {"ccr_low_risk": True, "neck_rotation_45": "unable"}, True),
        # unknowns lean to safety
        (40, CCR_CLEAR, {"neck_rotation_45": "able"}, True),
        (40, CCR_CLEAR, {"ccr_low_risk": True, "neck_rotation_45": "not_tested"}, True),
        (40, CCR_CLEAR, {"ccr_low_risk": True}, True),
        (40, CCR_CLEAR, {}, True),
        # the high-risk questions unasked do not by themselves call for imaging
        (40, {}, CCR_CLEAR_EXAM, False),
    ],
)
def test_canadian_c_spine_rule(age, history, exam, indicated):
    result = neck_injury(age=age, history=history, exam=exam)
    if indicated:
        assert level(result, "spinal_fracture") == EMERGENCY_CT
        assert advice(result) == "ct"
        assert "Canadian C-Spine" in flag(result, "spinal_fracture")["citation"]
    else:
        assert flag(result, "spinal_fracture") is None


@pytest.mark.parametrize(("days", "applies"), [(7, True), (8, False)])
def test_canadian_c_spine_rule_applies_within_7_days(days, applies):
    result = neck_injury(days=days, history=CCR_CLEAR,
                         exam={"ccr_low_risk": False, "neck_rotation_45": "able"})
    assert (level(result, "spinal_fracture") == EMERGENCY_CT) is applies
    if not applies:
        assert flag(result, "spinal_fracture") is None


def test_canadian_c_spine_rule_does_not_apply_under_16():
    result = neck_injury(age=15, history={**CCR_CLEAR, "dangerous_mechanism": True},
                         exam={"ccr_low_risk": False, "neck_rotation_45": "unable"})
    assert flag(result, "spinal_fracture") is None


def test_canadian_c_spine_rule_needs_neck_pain():
    result = injury(2, history={**LUMBAR, "dangerous_mechanism": True}, age=66,
                    exam={"ccr_low_risk": False, "neck_rotation_45": "unable"})
    assert flag(result, "spinal_fracture") is None


@pytest.mark.parametrize(
    ("exam", "gaps"),
    [
        ({}, {"exam.ccr_low_risk", "exam.neck_rotation_45"}),
        ({"ccr_low_risk": True, "neck_rotation_45": "not_tested"}, {"exam.neck_rotation_45"}),
        ({"ccr_low_risk": True}, {"exam.neck_rotation_45"}),
        ({"neck_rotation_45": "able"}, {"exam.ccr_low_risk"}),
        (CCR_CLEAR_EXAM, set()),
    ],
)
def test_canadian_c_spine_rule_unknowns_are_gaps(exam, gaps):
    result = neck_injury(history=CCR_CLEAR, exam=exam)
    listed = {g for g in gap_fields(result) if g in ("exam.ccr_low_risk", "exam.neck_rotation_45")}
    assert listed == gaps
    for field in gaps:
        assert gap_fields(result)[field] == "spinal_fracture"


# ---- children's necks (under 16) ------------------------------------------------------------


@pytest.mark.parametrize(("age", "expected"), [(15, "xray"), (16, "ct")])
def test_childs_neck_injury_gets_radiographs_first(age, expected):
    result = neck_injury(age=age, trauma="major")
    fracture = flag(result, "spinal_fracture")
    assert (fracture["urgency"], fracture["time_frame"]) == ("emergency", "same_day")
    assert fracture["imaging"] == expected
    assert advice(result) == expected


def test_childs_neck_injury_with_a_neuro_finding_gets_ct_and_emergency_mri():
    result = neck_injury(age=12, trauma="major", history={"weakness": True})
    assert advice(result) == "ct"
    assert "emergency_mri" in also(result)


@pytest.mark.parametrize(("age", "expected"), [(15, URGENT_XRAY), (16, URGENT_CT),
                                               (80, URGENT_CT)])
def test_urgent_neck_fracture_imaging_is_ct_from_16(age, expected):
    result = neck_injury(days=20, age=age, exam={"midline_tenderness": True})
    assert level(result, "spinal_fracture") == expected
    assert advice(result) == expected[2]


def test_urgent_lumbar_or_thoracic_fracture_imaging_is_radiographs():
    for regions in (["lumbar"], ["thoracic"]):
        result = injury(20, history={"regions": regions}, exam={"midline_tenderness": True})
        assert level(result, "spinal_fracture") == URGENT_XRAY
        assert advice(result) == "xray"


# ---- the rigid spine -----------------------------------------------------------------------


RIGID = [
    {"history": {"inflammatory_conditions": ["spondyloarthritis"]}},
    {"history": {"inflammatory_conditions": ["psoriasis", "spondyloarthritis"]}},
    # sacroiliitis on an MRI taken before this injury (not imaging since onset)
    {"diagnostics": {"studies": [study("sacroiliitis", date=days_ago(400))]}},
]


def rigid_injury(rigid, days):
    history = {**LUMBAR, "trauma": "minor", **rigid.get("history", {})}
    patient = {"age_years": 50}
    diagnostics_ = rigid.get("diagnostics", {})
    if days is None:
        return assess_document({"history": history, "patient": patient,
                                "diagnostics": diagnostics_})
    return assess_document(with_duration(days, history=history, patient=patient,
                                          diagnostics=diagnostics_))


@pytest.mark.parametrize("rigid", RIGID)
@pytest.mark.parametrize("days", [0, 7, 8, 30, 42, None])
def test_any_injury_to_a_rigid_spine_is_an_emergency_ct_of_the_whole_spine(rigid, days):
    # Within 42 days of the injury (docs/clinical-rules.md, spinal_fracture: a local reading
    # of version 2, which puts the rigid spine in the emergency bullet with "any trauma").
    # Minor trauma alone would raise nothing at 50: the rigid spine makes it an emergency.
    result = rigid_injury(rigid, days)
    fracture = flag(result, "spinal_fracture")
    assert level(result, "spinal_fracture") == EMERGENCY_CT
    assert fracture["imaging_region"] == "whole spine"
    assert "whole spine" in fracture["rationale"]
    assert advice(result) == "ct"
    assert result["imaging"]["region"] == "whole spine"


@pytest.mark.parametrize("rigid", RIGID)
def test_rigid_spine_injury_beyond_42_days_is_review_only(rigid):
    # v2: more than 42 days after the trauma a trauma-based fracture flag is review only.
    assert level(rigid_injury(rigid, 43), "spinal_fracture") == REVIEW


def test_rigid_spine_without_an_injury_raises_no_fracture():
    history = {**LUMBAR, "trauma": "none", "inflammatory_conditions": ["spondyloarthritis"]}
    assert flag(assess(history=history, patient={"age_years": 50}), "spinal_fracture") is None


# ---- fractures without trauma ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("patient", "history", "days", "raises"),
    [
        # two or more Henschke features (female, age > 70, major trauma, steroids), acute
        ({"sex": "female", "age_years": 71}, {}, 41, True),
        ({"sex": "female", "age_years": 71}, {}, 42, False),
        ({"sex": "female", "age_years": 71}, {}, None, True),
        ({"sex": "female", "age_years": 70}, {}, 10, False),
        ({"sex": "male", "age_years": 71}, {"long_term_steroids": True}, 10, True),
        ({"sex": "female", "age_years": 40}, {"long_term_steroids": True}, 10, True),
        ({"sex": "male", "age_years": 71}, {}, 10, False),
        ({"sex": "female", "age_years": 40}, {}, 10, False),
    ],
)
def test_henschke_features_with_an_acute_presentation(patient, history, days, raises):
    history = {**LUMBAR, **history}
    document = (with_duration(days, history=history, patient=patient) if days is not None
                else {"patient": patient, "history": history})
    result = assess_document(document)
    assert (level(result, "spinal_fracture") == URGENT_XRAY) is raises
    if not raises:
        assert flag(result, "spinal_fracture") is None


@pytest.mark.parametrize(
    ("age", "history", "exam", "days", "raises"),
    [
        (60, {"osteoporosis": True, "onset": "sudden"}, {"midline_tenderness": True}, 42, True),
        (60, {"osteoporosis": True, "onset": "sudden"}, {"midline_tenderness": True}, 43, False),
        (60, {"long_term_steroids": True, "onset": "sudden", "regions": ["thoracic"]}, {}, 10,
         True),
        (75, {"onset": "sudden", "regions": ["thoracic"]}, {}, 10, True),
        (74, {"onset": "sudden", "regions": ["thoracic"]}, {}, 10, False),
        (75, {"onset": "sudden"}, {"midline_tenderness": True}, 10, True),
        (75, {"onset": "gradual"}, {"midline_tenderness": True}, 10, False),
        # neither midline tenderness nor thoracic pain
        (80, {"osteoporosis": True, "onset": "sudden"}, {"midline_tenderness": False}, 10, False),
    ],
)
def test_fragility_fracture_without_trauma(age, history, exam, days, raises):
    history = {**LUMBAR, "trauma": "none", **history}
    result = assess_document(with_duration(days, history=history, exam=exam,
                                           patient={"sex": "male", "age_years": age}))
    assert (level(result, "spinal_fracture") == URGENT_XRAY) is raises
    if not raises:
        assert flag(result, "spinal_fracture") is None


def test_step_off_needs_no_trauma():
    result = assess_document(with_duration(200, history={**LUMBAR, "trauma": "none"},
                                           exam={"deformity": "step_off"}))
    assert level(result, "spinal_fracture") == URGENT_XRAY
    assert has_evidence(flag(result, "spinal_fracture"), "exam.deformity", "step_off")


def test_steroids_or_osteoporosis_or_age_alone_raise_no_fracture():
    for history, age in (({"long_term_steroids": True}, 40), ({"osteoporosis": True}, 40),
                         ({}, 90)):
        result = assess_document(with_duration(10, history={**LUMBAR, **history},
                                               patient={"sex": "male", "age_years": age}))
        assert flag(result, "spinal_fracture") is None, (history, age)
