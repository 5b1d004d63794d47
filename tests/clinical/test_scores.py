"""Outcome scores (docs/clinical-rules.md, "Scores"): ODI, NDI, STarT Back and NPRS."""

import pytest

from tests.clinical.helpers import assess

LUMBAR = {"regions": ["lumbar"]}


def scores(history=None, **questionnaires):
    return assess(history={**LUMBAR, **(history or {})}, questionnaires=questionnaires)["scores"]


def sections_summing_to(total, answered=10):
    """`answered` ODI/NDI answers (0-5) summing to `total`, the rest null."""
    assert 0 <= total <= 5 * answered
    values = []
    remaining = total
    for _ in range(answered):
        value = min(5, remaining)
        values.append(value)
        remaining -= value
    return values + [None] * (10 - answered)


# ---- Oswestry Disability Index -------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (0, 0, "minimal"),
        (10, 20, "minimal"),
        (11, 22, "moderate"),
        (20, 40, "moderate"),
        (21, 42, "severe"),
        (30, 60, "severe"),
        (31, 62, "crippling"),
        (40, 80, "crippling"),
        (41, 82, "bed_bound"),
        (50, 100, "bed_bound"),
    ],
)
def test_odi_bands_at_their_boundaries(total, percent, band):
    odi = scores(odi=sections_summing_to(total))["odi"]
    assert odi["percent"] == pytest.approx(percent)
    assert odi["band"] == band


@pytest.mark.parametrize(
    ("answered", "total", "percent", "band"),
    [
        (9, 10, 22.2, "moderate"),
        (9, 9, 20.0, "minimal"),
        (9, 19, 42.2, "severe"),
        (9, 1, 2.2, "minimal"),
        (9, 44, 97.8, "bed_bound"),
        (8, 7, 17.5, "minimal"),
        (8, 9, 22.5, "moderate"),
    ],
)
def test_odi_with_unanswered_sections_is_rescaled_to_one_decimal(answered, total, percent, band):
    odi = scores(odi=sections_summing_to(total, answered))["odi"]
    assert odi["percent"] == pytest.approx(percent, abs=1e-9)
    assert odi["band"] == band


def test_odi_unanswered_sections_anywhere_in_the_form():
    answers = [None, 3, 3, None, 3, 3, 3, 3, 3, 3]
    odi = scores(odi=answers)["odi"]
    assert odi["percent"] == pytest.approx(60.0)
    assert odi["band"] == "severe"


@pytest.mark.parametrize("answered", [7, 3, 0])
def test_odi_needs_eight_sections(answered):
    assert scores(odi=sections_summing_to(answered, answered))["odi"] is None


def test_odi_zero_answers_are_answers():
    odi = scores(odi=[0, 0, 0, 0, 0, 0, 0, 0, None, None])["odi"]
    assert odi == {"percent": 0, "band": "minimal"}


def test_odi_missing_questionnaire_is_null():
    assert scores()["odi"] is None


# ---- Neck Disability Index -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (14, "mild"),
        (15, "moderate"),
        (24, "moderate"),
        (25, "severe"),
        (34, "severe"),
        (35, "complete"),
        (50, "complete"),
    ],
)
def test_ndi_bands_on_the_50_point_score(total, band):
    ndi = scores(history={"regions": ["cervical"]}, ndi=sections_summing_to(total))["ndi"]
    assert ndi["score"] == pytest.approx(total)
    assert ndi["percent"] == pytest.approx(2 * total)
    assert ndi["band"] == band


def test_ndi_one_missing_item_is_filled_with_the_mean():
    ndi = scores(ndi=[1, 1, 1, 1, 1, 1, 1, 1, 1, None])["ndi"]
    assert ndi["score"] == pytest.approx(10)
    assert ndi["percent"] == pytest.approx(20)
    assert ndi["band"] == "mild"


def test_ndi_two_missing_items_are_filled_with_the_mean():
    ndi = scores(ndi=[None, 2, 2, 2, 2, 2, 2, 2, 2, None])["ndi"]
    assert ndi["score"] == pytest.approx(20)
    assert ndi["percent"] == pytest.approx(40)
    assert ndi["band"] == "moderate"


def test_ndi_prorated_score_is_not_truncated():
    # 8 answers summing to 15: 15 + 15/8 x 2 = 18.75 of 50, 37.5 %.
    ndi = scores(ndi=[5, 5, 5, 0, 0, 0, 0, 0, None, None])["ndi"]
    assert ndi["score"] == pytest.approx(18.75, abs=0.051)
    assert ndi["percent"] == pytest.approx(37.5, abs=0.11)
    assert ndi["band"] == "moderate"


def test_ndi_three_missing_items_is_null():
    assert scores(ndi=[3, 3, 3, 3, 3, 3, 3, None, None, None])["ndi"] is None


def test_ndi_missing_questionnaire_is_null():
    assert scores()["ndi"] is None


# ---- STarT Back ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "total", "psychosocial", "risk"),
    [
        ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0, "low"),
        ([1, 1, 1, 0, 0, 0, 0, 0, 0], 3, 0, "low"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 0, "medium"),
        ([1, 0, 0, 0, 1, 1, 1, 0, 0], 4, 3, "medium"),
        ([0, 0, 0, 0, 1, 1, 1, 0, 0], 3, 3, "low"),
        ([0, 0, 0, 0, 1, 1, 1, 1, 0], 4, 4, "high"),
        ([1, 1, 1, 1, 1, 1, 1, 1, 4], 9, 5, "high"),
        ([1, 1, 1, 1, 1, 1, 1, 0, 2], 7, 3, "medium"),
    ],
)
def test_startback_totals_and_risk(items, total, psychosocial, risk):
    startback = scores(startback=items)["startback"]
    assert startback == {"total": total, "psychosocial": psychosocial, "risk": risk}


@pytest.mark.parametrize(
    ("bothersome", "counts"), [(0, False), (1, False), (2, False), (3, True), (4, True)]
)
def test_item_nine_counts_from_very_much_bothersome(bothersome, counts):
    startback = scores(startback=[0, 0, 0, 0, 1, 1, 1, 0, bothersome])["startback"]
    assert startback["total"] == 3 + counts
    assert startback["psychosocial"] == 3 + counts
    assert startback["risk"] == ("high" if counts else "low")


def test_item_nine_counts_once_towards_the_total():
    startback = scores(startback=[1, 1, 0, 0, 0, 0, 0, 0, 4])["startback"]
    assert startback == {"total": 3, "psychosocial": 1, "risk": "low"}


@pytest.mark.parametrize("missing", range(9))
def test_startback_needs_all_nine_items(missing):
    items = [1, 0, 1, 0, 1, 0, 1, 0, 3]
    items[missing] = None
    assert scores(startback=items)["startback"] is None


@pytest.mark.parametrize("regions", [["lumbar"], ["sacral"], ["lumbar", "cervical"]])
def test_startback_scored_for_low_back_pain(regions):
    result = assess(history={"regions": regions},
                    questionnaires={"startback": [0, 0, 0, 0, 1, 1, 1, 1, 0]})
    assert result["scores"]["startback"]["risk"] == "high"


@pytest.mark.parametrize("regions", [["cervical"], ["thoracic"], ["cervical", "thoracic"]])
def test_startback_not_scored_without_low_back_pain(regions):
    result = assess(history={"regions": regions},
                    questionnaires={"startback": [0, 0, 0, 0, 1, 1, 1, 1, 0]})
    assert result["scores"]["startback"] is None


# ---- NPRS ----------------------------------------------------------------------------------


def test_nprs_as_given():
    nprs = scores(history={"pain_now": 6, "pain_worst": 8, "pain_best": 3})["nprs"]
    assert nprs == {"now": 6, "worst": 8, "best": 3}


def test_nprs_zero_is_a_rating_not_a_missing_value():
    nprs = scores(history={"pain_now": 0, "pain_worst": 10, "pain_best": 0})["nprs"]
    assert nprs == {"now": 0, "worst": 10, "best": 0}


def test_nprs_keeps_unrated_values_null():
    nprs = scores(history={"pain_now": 5})["nprs"]
    assert nprs["now"] == 5
    assert nprs["worst"] is None
    assert nprs["best"] is None


def test_all_scores_null_without_questionnaires_or_ratings():
    result = assess()["scores"]
    assert result["odi"] is None
    assert result["ndi"] is None
    assert result["startback"] is None
    assert result["nprs"] in (None, {"now": None, "worst": None, "best": None})
