"""Myelopathy, rules version 2 (docs/clinical-rules.md, rules v2, section 2 "myelopathy
domains", "umn_sign", section 3 "myelopathy"): the three domains, the new upper motor neuron
signs, the emergency with progressive weakness and the review without neck pain."""

import pytest

from tests.clinical.helpers import (
    MYELOPATHY_GAPS,
    advice,
    assess,
    flag,
    gap_fields,
    has_evidence,
    level,
    pair,
)

URGENT = ("urgent", "within_1_week", "urgent_mri")
EMERGENCY = ("emergency", "same_day", "emergency_mri")
REVIEW = ("review", "routine", None)


@pytest.mark.parametrize(
    ("history", "exam", "domains"),
    [
        # gait
        ({"gait_change": True}, {}, 1),
        ({}, {"tandem_gait": "abnormal"}, 1),
        ({}, {"gait": "ataxic"}, 1),
        ({}, {"gait": "wide_based"}, 1),
        ({"gait_change": True}, {"tandem_gait": "abnormal", "gait": "ataxic"}, 1),
        ({}, {"tandem_gait": "normal"}, 0),
        ({}, {"tandem_gait": "not_tested"}, 0),
        ({}, {"gait": "antalgic"}, 0),
        # hand
        ({"hand_clumsiness": True}, {}, 1),
        ({"numbness": True, "numbness_areas": ["hand"]}, {}, 1),
        # two and three domains
        ({"numbness": True, "numbness_areas": ["hand"], "lhermitte": True}, {}, 2),
        ({"lhermitte": True}, {"tandem_gait": "abnormal"}, 2),
        ({"hand_clumsiness": True}, {"gait": "wide_based"}, 2),
        ({"hand_clumsiness": True, "lhermitte": True}, {"gait": "ataxic"}, 3),
    ],
)
def test_two_domains_with_neck_or_thoracic_pain_are_urgent(history, exam, domains):
    for regions in (["cervical"], ["thoracic"], ["lumbar", "thoracic"]):
        result = assess(history={"regions": regions, **history}, exam=exam)
        assert level(result, "myelopathy") == (URGENT if domains >= 2 else None), regions
    # without neck or thoracic pain two domains are a review
    result = assess(history={"regions": ["lumbar"], **history}, exam=exam)
    assert level(result, "myelopathy") == (REVIEW if domains >= 2 else None)


def test_urgent_myelopathy_mri_is_of_the_cervical_spine_then_thoracic():
    result = assess(history={"regions": ["thoracic"], "gait_change": True, "lhermitte": True})
    myelopathy = flag(result, "myelopathy")
    assert myelopathy["imaging_region"] == "cervical spine"
    assert "cervical spine" in myelopathy["rationale"]
    assert "thoracic" in myelopathy["rationale"]
    assert advice(result) == "urgent_mri"


def test_review_without_neck_pain_says_to_examine_for_umn_signs():
    result = assess(history={"regions": ["lumbar"], "gait_change": True,
                             "hand_clumsiness": True})
    myelopathy = flag(result, "myelopathy")
    assert level(result, "myelopathy") == REVIEW
    assert "upper motor neuron" in myelopathy["rationale"].lower()
    assert advice(result) == "no_imaging_initially"


@pytest.mark.parametrize(
    ("exam", "evidence"),
    [
        ({"inverted_supinator": pair(right=True)}, "exam.inverted_supinator.right"),
        ({"reflexes": {"biceps": pair(left=4, right=2)}}, "exam.reflexes.biceps.left"),
        ({"reflexes": {"triceps": pair(right=4)}}, "exam.reflexes.triceps.right"),
    ],
)
def test_new_upper_motor_neuron_signs(exam, evidence):
    result = assess(history={"regions": ["lumbar"]}, exam=exam)
    assert level(result, "myelopathy") == URGENT
    assert has_evidence(flag(result, "myelopathy"), evidence)


@pytest.mark.parametrize(
    ("reflexes", "history", "umn"),
    [
        # two brisk limbs with a myelopathy domain
        ({"patellar": pair(3, 3)}, {"gait_change": True}, True),
        ({"patellar": pair(left=3), "biceps": pair(left=3)}, {"hand_clumsiness": True}, True),
        ({"achilles": pair(3, 3), "triceps": pair(3, 3)}, {"lhermitte": True}, True),
        # two brisk limbs without a domain
        ({"patellar": pair(3, 3), "achilles": pair(3, 3)}, {"gait_change": False}, False),
        # one brisk limb with a domain
        ({"patellar": pair(left=3), "achilles": pair(left=3)}, {"gait_change": True}, False),
        ({"patellar": pair(3, 2)}, {"gait_change": True}, False),
    ],
)
def test_brisk_reflexes_in_two_limbs_with_a_domain_are_an_umn_sign(reflexes, history, umn):
    # lumbar pain: one domain alone never raises the flag, so only the UMN sign can.
    result = assess(history={"regions": ["lumbar"], **history}, exam={"reflexes": reflexes})
    assert (level(result, "myelopathy") == URGENT) is umn
    if not umn:
        assert flag(result, "myelopathy") is None


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({"regions": ["lumbar"]}, {"babinski": pair(left=True)}),
        ({"regions": ["cervical"], "gait_change": True, "hand_clumsiness": True}, {}),
    ],
)
def test_myelopathy_with_progressive_weakness_is_an_emergency(history, exam):
    history = {**history, "weakness": True, "weakness_progressive": True}
    result = assess(history=history, exam=exam)
    myelopathy = flag(result, "myelopathy")
    assert level(result, "myelopathy") == EMERGENCY
    assert myelopathy["imaging_region"] == "cervical spine"
    assert has_evidence(myelopathy, "history.weakness_progressive", "true")


def test_review_level_myelopathy_with_progressive_weakness_is_not_an_emergency():
    # the emergency is "the urgent rule with weakness_progressive"
    history = {"regions": ["lumbar"], "gait_change": True, "hand_clumsiness": True,
               "weakness": True, "weakness_progressive": True}
    assert level(assess(history=history), "myelopathy") == REVIEW


# ---- the myelopathy questions as screening gaps ---------------------------------------------


@pytest.mark.parametrize(
    ("regions", "age", "gaps"),
    [
        (["cervical"], 30, True),
        (["thoracic"], 30, True),
        (["lumbar", "thoracic"], None, True),
        (["lumbar"], 50, True),
        (["sacral"], 80, True),
        (["lumbar"], 49, False),
        (["lumbar"], None, False),
    ],
)
def test_myelopathy_questions_at_every_neck_or_thoracic_visit_and_from_50(regions, age, gaps):
    for visit_type in ("new", "follow_up", "post_op"):
        result = assess(patient={"age_years": age}, visit={"visit_type": visit_type},
                        history={"regions": regions})
        listed = {field: reason for field, reason in gap_fields(result).items()
                  if field in MYELOPATHY_GAPS}
        assert listed == (MYELOPATHY_GAPS if gaps else {}), visit_type
