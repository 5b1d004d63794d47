"""Change over time (docs/clinical-rules.md, "Change over time"): each instrument's score, and
a change judged against its smallest detectable change (noise) and its minimal important
change, on each side of every threshold and in the direction that is better."""

import pytest

from backpain.clinical.outcomes import (
    IMPROVED,
    INSTRUMENTS,
    NOT_CLASSIFIED,
    WITHIN_NOISE,
    WORSE,
    Occasion,
    change,
    trends,
)

BY_CODE = {instrument.code: instrument for instrument in INSTRUMENTS}
ODI, NDI = BY_CODE["odi"], BY_CODE["ndi"]
BACK, LEG = BY_CODE["axial_pain"], BY_CODE["limb_pain"]
WALKING, STARTBACK = BY_CODE["walking_minutes"], BY_CODE["startback"]


def odi_answers(*items):
    return {f"odi_{n}": item for n, item in enumerate(items, start=1)}


def test_the_thresholds_are_the_published_ones_with_their_sources():
    assert (ODI.mic, ODI.mic_percent, ODI.sdc) == (10, 30, 18)
    assert "Ostelo" in ODI.mic_source and "Parai" in ODI.sdc_source
    assert (NDI.mic, NDI.sdc) == (7.5, 10.2) and "Young" in NDI.sdc_source
    assert (BACK.mic, BACK.mic_percent, BACK.sdc) == (2, 30, 3.6)
    assert (LEG.mic, LEG.sdc) == (2, 3.7) and "Farrar" in LEG.mic_source
    # Swespine's pain data: the noise is larger than the important change.
    assert BACK.sdc > 2.7 and LEG.sdc > 3.2
    assert WALKING.sdc is None and STARTBACK.sdc is None


@pytest.mark.parametrize(("earlier", "later", "verdict"), [
    (60, 42, IMPROVED),  # 18 points better: exactly the SDC
    (60, 43, WITHIN_NOISE),  # 17: one short
    (60, 78, WORSE),  # 18 points worse
    (60, 77, WITHIN_NOISE),
    (60, 60, WITHIN_NOISE),
])
def test_odi_change_against_its_noise_lower_is_better(earlier, later, verdict):
    assert change(ODI, earlier, later).verdict == verdict


@pytest.mark.parametrize(("earlier", "later", "verdict"), [
    (8, 4.4, IMPROVED), (8, 4.5, WITHIN_NOISE), (8, 5, WITHIN_NOISE), (8, 4, IMPROVED),
    (3, 6.6, WORSE), (3, 6.5, WITHIN_NOISE),
])
def test_back_pain_needs_3_6_points_to_be_beyond_noise(earlier, later, verdict):
    assert change(BACK, earlier, later).verdict == verdict


def test_a_3_point_pain_improvement_is_important_but_within_noise():
    found = change(BACK, 7, 4)
    assert (found.points, found.verdict, found.important) == (-3, WITHIN_NOISE, True)


@pytest.mark.parametrize(("earlier", "later", "verdict"), [
    (8, 4.3, IMPROVED), (8, 4.4, WITHIN_NOISE), (2, 5.7, WORSE), (2, 5.6, WITHIN_NOISE)])
def test_leg_pain_needs_3_7_points(earlier, later, verdict):
    assert change(LEG, earlier, later).verdict == verdict


@pytest.mark.parametrize(("earlier", "later", "verdict"), [
    (30, 19.8, IMPROVED), (30, 19.9, WITHIN_NOISE), (20, 30.2, WORSE), (20, 30.1, WITHIN_NOISE)])
def test_ndi_needs_10_2_points_of_50(earlier, later, verdict):
    assert change(NDI, earlier, later).verdict == verdict


@pytest.mark.parametrize(("earlier", "later", "important"), [
    (60, 50, True),  # 10 points
    (60, 51, False),  # 9 points, 15%
    (20, 14, True),  # 6 points but 30% of 20
    (20, 14.2, False),  # 5.8 points, 29%
    (20, 30, False),  # worse is never important improvement
])
def test_odi_important_change_is_10_points_or_30_percent(earlier, later, important):
    assert change(ODI, earlier, later).important is important


@pytest.mark.parametrize(("earlier", "later", "important"), [
    (8, 6, True), (8, 7, False), (3, 2, True), (4, 3, False), (0, 0, False)])
def test_pain_important_change_is_2_points_or_30_percent(earlier, later, important):
    # 1 point from 3 is 33%; 1 point from 4 is 25%.
    assert change(BACK, earlier, later).important is important


def test_ndi_important_change_is_7_5_points():
    assert change(NDI, 30, 22.5).important and not change(NDI, 30, 22.6).important


def test_higher_is_better_for_walking_and_no_threshold_means_not_judged():
    found = change(WALKING, 10, 60)
    assert (found.points, found.verdict, found.important) == (50, NOT_CLASSIFIED, False)
    assert change(STARTBACK, 7, 1).verdict == NOT_CLASSIFIED


def test_scores_come_from_the_instruments_scoring():
    # ODI: percent of the maximum over the answered sections, up to two missing.
    assert ODI.score(odi_answers(3, 3, 3, 3, 3, 3, 3, 3, None, None)) == 60.0
    assert ODI.score(odi_answers(3, 3, 3, 3, 3, 3, 3, None, None, None)) is None
    ndi = {f"ndi_{n}": 2 for n in range(1, 11)}
    assert NDI.score(ndi) == 20.0
    startback = {f"startback_{n}": 1 for n in range(1, 9)} | {"startback_9": 3}
    assert STARTBACK.score(startback) == 9
    assert STARTBACK.score({**startback, "startback_9": None}) is None
    assert BACK.score({"axial_pain": 0}) == 0 and BACK.score({}) is None


def test_trends_give_changes_since_baseline_and_since_the_last_visit():
    occasions = [Occasion("2026-01-05", "New patient", {"axial_pain": 8, "limb_pain": 6}),
                 Occasion("2026-02-16", "Follow-up", {"axial_pain": 5}),
                 Occasion("2026-04-06", "Follow-up", {"axial_pain": 3, "limb_pain": 6})]
    found = {trend["code"]: trend for trend in trends(occasions)}
    assert set(found) == {"axial_pain", "limb_pain"}  # nothing recorded, no trend
    back = found["axial_pain"]["points"]
    assert [p["value"] for p in back] == [8, 5, 3]
    assert back[0]["since_baseline"] is None and back[0]["since_last"] is None
    assert back[1]["since_baseline"] == {"points": -3, "verdict": WITHIN_NOISE,
                                         "important": True}
    assert back[2]["since_baseline"]["verdict"] == IMPROVED
    assert back[2]["since_last"] == {"points": -2, "verdict": WITHIN_NOISE, "important": True}
    # The leg was not rated at the middle visit: its last is the baseline.
    leg = found["limb_pain"]["points"]
    assert [p["date"] for p in leg] == ["2026-01-05", "2026-04-06"]
    assert leg[1]["since_last"]["points"] == 0
    assert found["axial_pain"]["sdc"] == 3.6 and found["axial_pain"]["lower_is_better"]
