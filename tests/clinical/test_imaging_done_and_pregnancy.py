"""Imaging already done and imaging in pregnancy, rules version 2
(docs/clinical-rules.md, rules v2, section 2 "prior_imaging", section 5 "Imaging already
done", "Pregnancy" (ACOG Committee Opinion 723) and section 7)."""

import datetime

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    EMERGENCY_ADVICE,
    advice,
    all_advice,
    also,
    days_ago,
    flag,
    level,
    pair,
    study,
    with_duration,
)

CANCER_THORACIC = {"regions": ["thoracic"], "cancer_history": True}


def with_studies(days, history, *studies, exam=None, **sections):
    return assess_document(with_duration(days, history=history, exam=exam or {},
                                         diagnostics={"studies": list(studies)}, **sections))


def date_words(day: datetime.date):
    """The ways a rationale may name a study's date."""
    return (day.isoformat(), f"{day.day} {day:%b %Y}", f"{day.day} {day:%B %Y}",
            f"{day:%B} {day.day}, {day.year}", f"{day:%d/%m/%Y}")


def names_date(text, day):
    return any(words in text for words in date_words(day))


# ---- prior_imaging replaces the advice it would repeat --------------------------------------


def test_urgent_mri_already_done_since_onset_is_reviewed():
    scan = days_ago(10)
    result = with_studies(60, CANCER_THORACIC,
                          study("degenerative", region="thoracic", date=scan))
    assert level(result, "malignancy") == ("urgent", "within_1_week", "urgent_mri")
    assert advice(result) == "review_existing_imaging"
    assert "urgent_mri" not in also(result)
    rationale = result["imaging"]["rationale"]
    assert names_date(rationale, scan), rationale
    assert "MRI" in rationale


@pytest.mark.parametrize(
    ("scan", "why"),
    [
        (study("normal", region="thoracic", date=days_ago(61)), "before the onset"),
        (study("normal", region="thoracic", status="ordered", date=days_ago(5)), "not resulted"),
        (study("normal", region="cervical", date=days_ago(5)), "another region"),
        (study("normal", region="thoracic", modality="xray", date=days_ago(5)),
         "another modality"),
        (study("normal", region="thoracic", modality="ct", date=days_ago(5)),
         "another modality"),
    ],
)
def test_imaging_that_does_not_count(scan, why):
    result = with_studies(60, CANCER_THORACIC, scan)
    assert advice(result) == "urgent_mri", why
    assert "review_existing_imaging" not in all_advice(result)


def test_a_study_on_the_day_of_onset_counts():
    result = with_studies(60, CANCER_THORACIC, study("normal", region="thoracic",
                                                     date=days_ago(60)))
    assert advice(result) == "review_existing_imaging"


@pytest.mark.parametrize(
    "progression",
    [{"treatment_response": "worse"}, {"weakness": True, "weakness_progressive": True},
     {"saddle_numbness": True}],
)
def test_with_progression_the_scan_is_advised_again(progression):
    result = with_studies(60, {**CANCER_THORACIC, **progression},
                          study("normal", region="thoracic", date=days_ago(10)))
    assert "review_existing_imaging" not in all_advice(result)
    assert advice(result) in ("urgent_mri", "emergency_mri")


@pytest.mark.parametrize(
    ("history", "exam", "scan", "expected"),
    [
        # suspected cauda equina syndrome
        ({"regions": ["lumbar"], "bladder_dysfunction": "retention"}, {},
         study("normal", date=days_ago(3)), "emergency_mri"),
        # suspected MSCC
        ({**CANCER_THORACIC, "weakness": True}, {},
         study("normal", region="thoracic", date=days_ago(3)), "emergency_mri"),
        # an emergency CT after an injury
        ({"regions": ["lumbar"], "trauma": "major"}, {},
         study("normal", modality="ct", date=days_ago(1)), "ct"),
        # an aortic emergency
        ({"regions": ["lumbar"], "chest_pain_or_dyspnoea": True}, {},
         study("normal", date=days_ago(1)), "emergency_non_spinal_assessment"),
    ],
)
def test_imaging_already_done_never_replaces_emergency_advice(history, exam, scan, expected):
    result = with_studies(5, history, scan, exam=exam)
    assert advice(result) == expected
    assert advice(result) in EMERGENCY_ADVICE


@pytest.mark.parametrize(
    ("history", "exam", "scan"),
    [
        # urgent fracture radiographs already taken
        ({"regions": ["lumbar"], "trauma": "none"}, {"deformity": "step_off"},
         study("normal", modality="xray", date=days_ago(5))),
        # the intervention-candidate MRI already done
        ({"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "left",
          "pain_qualities": ["shooting"]}, {}, study("disc_herniation", date=days_ago(20))),
    ],
)
def test_non_emergency_advice_already_done_is_reviewed(history, exam, scan):
    result = with_studies(60, history, scan, exam=exam)
    assert advice(result) == "review_existing_imaging"
    assert names_date(result["imaging"]["rationale"], datetime.date.fromisoformat(scan["date"]))


def test_neck_radiographs_already_done_are_reviewed():
    result = with_studies(10, {"regions": ["cervical"], "radiation": ["none"]},
                          study("normal", modality="xray", region="cervical", date=days_ago(2)))
    assert advice(result) == "review_existing_imaging"


@pytest.mark.parametrize(
    "history",
    [
        {"regions": ["lumbar"], "radiation": ["none"], "aggravating": ["flexion"]},
        {"regions": ["lumbar"], "fever": True},
    ],
)
def test_review_existing_imaging_never_appears_on_its_own(history):
    # without an advice to replace, a scan since onset changes nothing
    result = with_studies(20, history, study("degenerative", date=days_ago(5)))
    assert advice(result) == "no_imaging_initially"
    assert "review_existing_imaging" not in all_advice(result)


def test_imaging_without_a_known_onset_is_not_imaging_since_onset():
    document = {"history": CANCER_THORACIC, "diagnostics": {"studies": [
        study("normal", region="thoracic", date=days_ago(1))]}}
    # cancer with thoracic pain: urgent MRI (the onset unknown, the scan does not count)
    assert advice(assess_document(document)) == "urgent_mri"


# ---- pregnancy (ACOG Committee Opinion 723) -------------------------------------------------

PREGNANT = {"sex": "female", "age_years": 30}


def pregnant_visit(days, history, exam=None, pregnant=True):
    return assess_document(with_duration(days, history={"pregnant": pregnant, **history},
                                         exam=exam or {}, patient=PREGNANT))


@pytest.mark.parametrize(
    ("days", "history", "exam", "expected"),
    [
        (2, {"regions": ["lumbar"], "trauma": "major"}, {}, "ct"),
        (20, {"regions": ["lumbar"], "trauma": "minor"}, {"midline_tenderness": True}, "xray"),
        (20, {"regions": ["cervical"], "trauma": "minor"}, {"midline_tenderness": True,
                                                           "ccr_low_risk": True,
                                                           "neck_rotation_45": "able"}, "ct"),
    ],
)
def test_trauma_imaging_is_not_withheld_in_pregnancy(days, history, exam, expected):
    result = pregnant_visit(days, history, exam)
    assert advice(result) == expected
    rationale = result["imaging"]["rationale"].lower()
    assert "fetal dose" in rationale
    assert "delay" in rationale


@pytest.mark.parametrize("regions", [["lumbar"], ["sacral"]])
@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({"trauma": "none"}, {"deformity": "step_off"}),
        ({"long_term_steroids": True}, {}),  # Henschke: female with steroids
    ],
)
def test_lumbar_fracture_radiographs_become_mri_in_pregnancy(regions, history, exam):
    result = pregnant_visit(10, {"regions": regions, **history}, exam)
    fracture = flag(result, "spinal_fracture")
    assert (fracture["urgency"], fracture["time_frame"]) == ("urgent", "within_1_week")
    assert advice(result) == "mri_pregnancy"
    assert "xray" not in all_advice(result)


def test_mri_in_pregnancy_advice_says_mri_and_cites_acog():
    result = pregnant_visit(10, {"regions": ["lumbar"], "trauma": "none"},
                            {"deformity": "step_off"})
    assert advice(result) == "mri_pregnancy"
    assert "ACOG" in result["imaging"]["citation"]
    rationale = result["imaging"]["rationale"]
    assert "MRI" in rationale
    assert "radiographs" not in rationale.lower()


def test_not_pregnant_keeps_the_radiographs():
    result = pregnant_visit(10, {"regions": ["lumbar"], "trauma": "none"},
                            {"deformity": "step_off"}, pregnant=False)
    assert advice(result) == "xray"


def test_thoracic_fracture_radiographs_stay_radiographs_in_pregnancy():
    result = pregnant_visit(10, {"regions": ["thoracic"], "trauma": "none"},
                            {"deformity": "step_off"})
    assert advice(result) == "xray"


@pytest.mark.parametrize(
    ("days", "history"),
    [
        (10, {"regions": ["cervical"], "radiation": ["none"]}),
        (10, {"regions": ["cervical"], "radiation": ["forearm_hand"], "radiation_side": "left",
              "pain_qualities": ["electric"]}),
        (200, {"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "left",
               "pain_qualities": ["shooting"]}),
    ],
)
def test_pain_without_red_flags_gets_no_imaging_in_pregnancy(days, history):
    result = pregnant_visit(days, history)
    assert result["red_flags"] == []
    assert advice(result) == "no_imaging_initially"
    assert also(result) == []


def test_sacroiliac_imaging_waits_until_after_delivery():
    history = {"regions": ["lumbar"], "age_at_onset": 25,
               "family_history_spondyloarthritis": True}
    result = pregnant_visit(200, history)
    assert flag(result, "inflammatory_spondyloarthritis") is not None
    assert "sacroiliac_imaging" not in all_advice(result)
    not_pregnant = pregnant_visit(200, history, pregnant=False)
    assert advice(not_pregnant) == "sacroiliac_imaging"


@pytest.mark.parametrize(
    ("history", "exam"),
    [
        ({"regions": ["thoracic"], "cancer_history": True}, {}),
        ({"regions": ["lumbar"], "bladder_dysfunction": "retention"}, {}),
        ({"regions": ["cervical"]}, {"hoffmann": pair(left=True)}),
    ],
)
def test_mri_in_pregnancy_avoids_gadolinium(history, exam):
    result = pregnant_visit(10, history, exam)
    assert advice(result) in ("urgent_mri", "emergency_mri")
    assert "gadolinium" in result["imaging"]["rationale"].lower()


def test_post_operative_mri_with_contrast_in_pregnancy_avoids_gadolinium():
    result = assess_document(with_duration(10, history={"regions": ["lumbar"], "pregnant": True,
                                                        "numbness": True},
                                           patient=PREGNANT, visit={"visit_type": "post_op"}))
    assert advice(result) == "mri_with_contrast"
    assert "gadolinium" in result["imaging"]["rationale"].lower()
