"""Inflammatory spondyloarthritis, rules version 2 (docs/clinical-rules.md, rules v2,
section 3 "inflammatory_spondyloarthritis"): the NICE NG65 count, HLA-B27 at a count of 3, a
sacroiliitis finding with the age at onset unknown, and no default age at onset."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    diagnostics,
    flag,
    gap_fields,
    has_evidence,
    level,
    suggested,
    with_duration,
)

REVIEW = ("review", "routine", None)
CODE = "inflammatory_spondyloarthritis"
# Points of the NG65 count that are not version 1 triggers and do not make the ASAS pattern.
WAKES = {"night_pain": "wakes_second_half"}
BUTTOCK = {"alternating_buttock_pain": True}
ENTHESITIS = {"enthesitis": True}
ARTHRITIS = {"peripheral_arthritis": True}
NSAID = {"nsaid_response": "good_within_48h"}
EXERCISE = {"improves_with_exercise": True}


def spa_visit(points, age_at_onset=40, days=120, age=None, hla_b27=None, history=None):
    history = {"regions": ["lumbar"], "age_at_onset": age_at_onset, **(history or {})}
    for point in points:
        history.update(point)
    labs = {"hla_b27": hla_b27} if hla_b27 else {}
    return assess_document(with_duration(
        days, history=history, patient={"age_years": age or max(age_at_onset or 0, 45)},
        diagnostics={"labs": labs} if labs else {}))


def hla_test_suggested(result):
    return any("HLA-B27" in name for name in suggested(result))


@pytest.mark.parametrize(
    "points",
    [
        [WAKES, BUTTOCK, ENTHESITIS, ARTHRITIS],
        [WAKES, NSAID, ENTHESITIS, EXERCISE],
        [{"radiation": ["buttock"], "radiation_side": "left"}, WAKES, ENTHESITIS, ARTHRITIS],
    ],
)
def test_four_ng65_points_refer_to_rheumatology(points):
    result = spa_visit(points)
    spa = flag(result, CODE)
    assert level(result, CODE) == REVIEW
    assert "rheumatology" in spa["rationale"].lower()
    assert not hla_test_suggested(result)
    assert advice(result) == "sacroiliac_imaging"


def test_onset_before_35_is_a_point():
    three = [WAKES, ENTHESITIS, ARTHRITIS]
    assert level(spa_visit(three, age_at_onset=34, hla_b27="negative"), CODE) == REVIEW
    assert flag(spa_visit(three, age_at_onset=35, hla_b27="negative"), CODE) is None


@pytest.mark.parametrize(
    ("hla_b27", "raises", "test"),
    [
        ("positive", True, False),
        (None, True, True),
        ("negative", False, False),
    ],
)
def test_three_ng65_points_depend_on_hla_b27(hla_b27, raises, test):
    result = spa_visit([WAKES, ENTHESITIS, ARTHRITIS], hla_b27=hla_b27)
    assert (level(result, CODE) == REVIEW) is raises
    if not raises:
        assert flag(result, CODE) is None
    assert hla_test_suggested(result) is test
    if test:
        assert "HLA-B27" in flag(result, CODE)["rationale"]
        hla = next(t for t in result["suggested_tests"] if "HLA-B27" in t["test"])
        assert "NG65" in hla["citation"]


def test_two_ng65_points_raise_nothing():
    result = spa_visit([WAKES, ENTHESITIS])
    assert flag(result, CODE) is None
    assert not hla_test_suggested(result)


@pytest.mark.parametrize(
    ("answers", "points"),
    [
        ({"nsaid_response": "partial"}, 2),
        ({"nsaid_response": "good_within_48h"}, 3),
        ({"enthesitis": False}, 2),
        ({"peripheral_arthritis": True}, 3),
        ({"radiation": ["thigh"], "radiation_side": "left"}, 2),
        ({"radiation": ["buttock", "thigh"], "radiation_side": "left"}, 3),
    ],
)
def test_what_scores_a_point(answers, points):
    result = spa_visit([WAKES, ENTHESITIS, answers])
    assert hla_test_suggested(result) is (points == 3)


@pytest.mark.parametrize(("days", "raises"), [(84, False), (85, True)])
def test_ng65_count_needs_chronic_pain(days, raises):
    result = spa_visit([WAKES, BUTTOCK, ENTHESITIS, ARTHRITIS], days=days)
    assert (flag(result, CODE) is not None) is raises


@pytest.mark.parametrize(("age_at_onset", "raises"), [(44, True), (45, False)])
def test_ng65_count_needs_onset_before_45(age_at_onset, raises):
    result = spa_visit([WAKES, BUTTOCK, ENTHESITIS, ARTHRITIS], age_at_onset=age_at_onset)
    assert (flag(result, CODE) is not None) is raises


def test_unknown_age_at_onset_has_no_default():
    # v2 section 0: an unrecorded age_at_onset stays unknown (not today's age).
    result = spa_visit([WAKES, BUTTOCK, ENTHESITIS, ARTHRITIS], age_at_onset=None, age=30)
    assert flag(result, CODE) is None
    document = with_duration(200, history={"regions": ["lumbar"],
                                           "family_history_spondyloarthritis": True},
                             patient={"age_years": 30},
                             diagnostics=diagnostics(hla_b27="positive"))
    assert flag(assess_document(document), CODE) is None


def test_sacroiliitis_raises_the_flag_with_the_age_at_onset_unknown():
    result = assess_document(with_duration(200, history={"regions": ["lumbar"]},
                                           patient={"age_years": 30},
                                           diagnostics=diagnostics("sacroiliitis")))
    assert level(result, CODE) == REVIEW
    assert any(item.startswith("diagnostics.studies") for item in flag(result, CODE)["evidence"])


def test_sacroiliitis_with_onset_at_45_or_later_raises_nothing():
    # v2 relaxes the age at onset only when it is unknown; version 1's < 45 stands.
    result = assess_document(with_duration(200, history={"regions": ["lumbar"],
                                                         "age_at_onset": 50},
                                           patient={"age_years": 60},
                                           diagnostics=diagnostics("sacroiliitis")))
    assert flag(result, CODE) is None


def test_sacroiliitis_in_acute_pain_raises_nothing():
    # v2 is silent on the duration: version 1's "chronic" stands.
    result = assess_document(with_duration(20, history={"regions": ["lumbar"],
                                                        "age_at_onset": 30},
                                           patient={"age_years": 30},
                                           diagnostics=diagnostics("sacroiliitis")))
    assert flag(result, CODE) is None


def test_ng65_answers_unknown_score_nothing_and_are_not_gaps():
    result = spa_visit([WAKES, ENTHESITIS])
    gaps = set(gap_fields(result))
    for name in ("nsaid_response", "peripheral_arthritis", "enthesitis",
                 "family_history_spondyloarthritis", "alternating_buttock_pain",
                 "improves_with_exercise", "age_at_onset"):
        assert f"history.{name}" not in gaps


def test_count_evidence_names_each_point():
    result = spa_visit([WAKES, BUTTOCK, ENTHESITIS, ARTHRITIS])
    spa = flag(result, CODE)
    for path in ("history.night_pain", "history.alternating_buttock_pain",
                 "history.enthesitis", "history.peripheral_arthritis"):
        assert has_evidence(spa, path)
