"""ICD-10-CM suggestions (docs/clinical-rules.md, "ICD-10-CM suggestions"; rules version 2
section 6: M54.17 for S1-only radicular patterns, M54.50 when the lumbar pattern cannot be
asserted) and code labels."""

import pytest

from backpain.clinical import assess_document
from backpain.clinical.codes import label_for
from tests.clinical.helpers import assess, diagnostics, pair, with_duration

ALLOWED = {"M54.2", "M54.12", "M54.6", "M54.50", "M54.59", "M54.16", "M54.17", "M54.41",
           "M54.42", "M54.40", "M48.062", "M46.1", "G83.4"}
SCIATICA = {"M54.40", "M54.41", "M54.42"}


def suggestions(**sections):
    return assess(**sections)["diagnosis_suggestions"]


def lumbar_leg(side, **extra):
    history = {"regions": ["lumbar"], "radiation": ["buttock", "below_knee"], **extra}
    if side is not None:
        history["radiation_side"] = side
    return history


SCENARIOS = {
    "lumbar axial mechanical": {"history": {"regions": ["lumbar"], "radiation": ["none"],
                                            "aggravating": ["flexion"]}},
    "lumbar axial, nothing else": {"history": {"regions": ["lumbar"], "radiation": ["none"]}},
    "lumbar radicular left": {"history": lumbar_leg("left", pain_qualities=["shooting"]),
                              "exam": {"slr": pair(left=True)}},
    "lumbar radicular right": {"history": lumbar_leg("right"),
                               "exam": {"motor": {"S1": pair(right=4)}}},
    "lumbar leg radiation, side unknown": {"history": lumbar_leg(None)},
    "lumbar leg radiation, bilateral": {"history": lumbar_leg("bilateral")},
    "cervical axial": {"history": {"regions": ["cervical"], "radiation": ["shoulder"],
                                   "radiation_side": "left"}},
    "cervical radicular": {"history": {"regions": ["cervical"], "radiation": ["forearm_hand"],
                                       "radiation_side": "right"},
                           "exam": {"spurling": pair(right=True)}},
    "thoracic": {"history": {"regions": ["thoracic"]}},
    "claudication": {"history": {"regions": ["lumbar"], "radiation": ["thigh"],
                                 "radiation_side": "bilateral",
                                 "leg_symptoms_walking_relieved_by_sitting": True}},
    "sacroiliac": {"history": {"regions": ["sacral"]}, "exam": {"si_provocation_positive": 4}},
    "cauda equina on MRI": {"history": lumbar_leg("bilateral", bladder_dysfunction="retention"),
                            "diagnostics": diagnostics("cauda_equina_compression")},
    "everything": {"history": {**lumbar_leg("left", pain_qualities=["electric"]),
                               "regions": ["cervical", "thoracic", "lumbar", "sacral"],
                               "leg_symptoms_walking_relieved_by_sitting": True,
                               "aggravating": ["flexion", "walking"], "relieving": ["sitting"]},
                   "exam": {"si_provocation_positive": 5, "spurling": pair(left=True)},
                   "diagnostics": diagnostics("stenosis", "sacroiliitis", "disc_herniation")},
    "empty": {},
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_suggestions_come_from_the_table_without_duplicates(name):
    codes = suggestions(**SCENARIOS[name])
    assert set(codes) <= ALLOWED
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("name", SCENARIOS)
def test_never_the_retired_header_m54_5(name):
    assert "M54.5" not in suggestions(**SCENARIOS[name])


@pytest.mark.parametrize("name", SCENARIOS)
def test_never_unspecified_low_back_pain_with_sciatica(name):
    codes = set(suggestions(**SCENARIOS[name]))
    assert not ("M54.50" in codes and codes & SCIATICA)


def test_lumbar_axial_mechanical_is_other_low_back_pain():
    codes = suggestions(**SCENARIOS["lumbar axial mechanical"])
    assert "M54.59" in codes
    assert "M54.50" not in codes


def test_lumbar_axial_without_another_code_is_unspecified_low_back_pain():
    assert suggestions(**SCENARIOS["lumbar axial, nothing else"]) == ["M54.50"]


@pytest.mark.parametrize(
    ("exam", "code"),
    [
        ({"motor": {"S1": pair(left=4)}}, "M54.17"),
        ({"reflexes": {"achilles": pair(left=1, right=2)}}, "M54.17"),
        ({"motor": {"S1": pair(4, 4)}}, "M54.17"),
        ({"sensation": {"S1": pair(left="reduced")}, "motor": {"S1": pair(left=4)}}, "M54.17"),
        ({"motor": {"L5": pair(left=4)}}, "M54.16"),
        ({"motor": {"L5": pair(left=4), "S1": pair(left=4)}}, "M54.16"),
        ({"slr": pair(left=True)}, "M54.16"),  # radicular, no level
    ],
)
def test_s1_only_radicular_pattern_is_lumbosacral(exam, code):
    codes = suggestions(history=lumbar_leg("left"), exam=exam)
    assert code in codes
    assert ({"M54.16", "M54.17"} - {code}).isdisjoint(codes)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ({"regions": ["lumbar"]}, ["M54.50"]),
        ({"regions": ["lumbar", "sacral"], "aggravating": ["flexion"]}, ["M54.50"]),
        ({"regions": ["lumbar"], "leg_symptoms_walking_relieved_by_sitting": True},
         ["M48.062"]),
        ({"regions": ["sacral"]}, []),
    ],
)
def test_lumbar_pain_with_radiation_not_recorded_is_unspecified(history, expected):
    assert suggestions(history=history) == expected


@pytest.mark.parametrize(
    ("name", "radiculopathy", "sciatica"),
    [("lumbar radicular left", "M54.16", "M54.42"),
     # an S1-only pattern (S1 motor grade 4) is lumbosacral radiculopathy
     ("lumbar radicular right", "M54.17", "M54.41")],
)
def test_lumbar_radicular_with_sciatica_side(name, radiculopathy, sciatica):
    codes = suggestions(**SCENARIOS[name])
    assert radiculopathy in codes
    assert not {"M54.16", "M54.17"} - {radiculopathy} & set(codes)
    assert sciatica in codes
    assert not (set(codes) & (SCIATICA - {sciatica}))
    assert "M54.50" not in codes
    assert "M54.59" not in codes


def test_sciatica_side_unknown_is_m54_40():
    codes = suggestions(**SCENARIOS["lumbar leg radiation, side unknown"])
    assert "M54.40" in codes
    assert not {"M54.41", "M54.42"} & set(codes)
    assert "M54.50" not in codes


@pytest.mark.parametrize("side", ["left", "right"])
def test_leg_radiation_alone_suggests_sciatica_not_radiculopathy(side):
    codes = suggestions(history=lumbar_leg(side))
    assert ("M54.42" if side == "left" else "M54.41") in codes
    assert "M54.16" not in codes


def test_no_sciatica_code_without_leg_radiation():
    codes = suggestions(history={"regions": ["lumbar"], "radiation": ["buttock", "thigh"],
                                 "radiation_side": "left", "aggravating": ["sitting"]})
    assert not set(codes) & SCIATICA


def test_cervicalgia_without_radicular_pattern():
    codes = suggestions(**SCENARIOS["cervical axial"])
    assert "M54.2" in codes
    assert "M54.12" not in codes


def test_cervical_radiculopathy_replaces_cervicalgia():
    codes = suggestions(**SCENARIOS["cervical radicular"])
    assert "M54.12" in codes
    assert "M54.2" not in codes
    assert "M54.16" not in codes


def test_thoracic_pain_when_no_other_code():
    assert suggestions(**SCENARIOS["thoracic"]) == ["M54.6"]


def test_no_thoracic_code_when_another_applies():
    codes = suggestions(history={"regions": ["thoracic", "cervical"]})
    assert "M54.2" in codes
    assert "M54.6" not in codes


def test_neurogenic_claudication_is_lumbar_stenosis_with_claudication():
    assert "M48.062" in suggestions(**SCENARIOS["claudication"])


def test_no_stenosis_code_without_claudication_pattern():
    codes = suggestions(history={"regions": ["lumbar"], "radiation": ["none"],
                                 "aggravating": ["flexion"]}, diagnostics=diagnostics("stenosis"))
    assert "M48.062" not in codes


@pytest.mark.parametrize(
    "sections",
    [
        {"history": {"regions": ["sacral"]}, "exam": {"si_provocation_positive": 3}},
        {"history": {"regions": ["lumbar"]}, "diagnostics": diagnostics("sacroiliitis")},
    ],
)
def test_sacroiliitis(sections):
    assert "M46.1" in suggestions(**sections)


def test_no_sacroiliitis_below_three_provocation_tests():
    assert "M46.1" not in suggestions(history={"regions": ["sacral"]},
                                      exam={"si_provocation_positive": 2})


# ---- G83.4 only on imaging confirmation ----------------------------------------------------


@pytest.mark.parametrize(
    "sections",
    [
        {"history": {"regions": ["lumbar"], "bladder_dysfunction": "retention",
                     "saddle_numbness": True, "bowel_incontinence": True},
         "exam": {"anal_tone": "reduced", "post_void_residual_ml": 800,
                  "saddle_sensation": "absent"}},
        {"history": {"regions": ["lumbar"]}, "diagnostics": diagnostics("cord_compression")},
        {"history": {"regions": ["lumbar"]},
         "diagnostics": {"studies": [{"modality": "mri", "region": "lumbar",
                                      "status": "resulted", "findings": ["disc_herniation"],
                                      "impression": "cauda equina compression not excluded"}]}},
    ],
)
def test_no_cauda_equina_code_without_confirming_imaging(sections):
    result = assess(**sections)
    assert "G83.4" not in result["diagnosis_suggestions"]


def test_cauda_equina_code_with_confirming_imaging():
    assert "G83.4" in suggestions(**SCENARIOS["cauda equina on MRI"])


def test_suggestions_are_sorted():
    codes = suggestions(**SCENARIOS["everything"])
    assert len(codes) >= 3
    assert codes == sorted(codes)


def test_empty_document_suggests_nothing():
    assert suggestions() == []


def test_chronic_inflammatory_pain_is_not_coded_as_mechanical():
    history = {"regions": ["lumbar"], "radiation": ["none"], "aggravating": ["rest", "sitting"],
               "age_at_onset": 25, "onset": "gradual", "improves_with_exercise": True,
               "improves_with_rest": False, "night_pain": "wakes_second_half"}
    codes = assess_document(with_duration(300, history=history, patient={"age_years": 30}))[
        "diagnosis_suggestions"]
    assert "M54.59" not in codes


# ---- labels --------------------------------------------------------------------------------

ICD_TEXT = {
    "M54.17": "Radiculopathy, lumbosacral",
    "M54.2": "Cervicalgia",
    "M54.12": "Radiculopathy, cervical",
    "M54.6": "thoracic",
    "M54.50": "Low back pain",
    "M54.59": "Other low back pain",
    "M54.16": "Radiculopathy, lumbar",
    "M54.41": "right",
    "M54.42": "left",
    "M48.062": "neurogenic claudication",
    "M46.1": "Sacroiliitis",
    "G83.4": "Cauda equina",
}


@pytest.mark.parametrize(("code", "text"), sorted(ICD_TEXT.items()))
def test_icd_labels(code, text):
    assert text.lower() in label_for(code).lower()


ENGINE_CODES = [
    "cauda_equina_syndrome", "cauda_equina_risk", "severe_neurological_deficit", "myelopathy",
    "spinal_fracture", "malignancy", "spinal_infection", "inflammatory_spondyloarthritis",
    "vascular_or_visceral_cause", "vascular_claudication",
    "axial_mechanical", "radicular", "neurogenic_claudication", "inflammatory", "myelopathic",
    "disc", "facet", "myofascial", "vertebral_fracture", "spondylolysis_spondylolisthesis",
    "spinal_stenosis", "sacroiliac_joint", "hip", "visceral_or_vascular",
    "emergency_non_spinal_assessment", "emergency_mri", "urgent_mri", "ct", "xray",
    "sacroiliac_imaging", "mri_if_intervention_candidate", "no_imaging_initially",
    "M54.40",
    # rules v2: the new advice and the time frames
    "urgent_aortic_ultrasound", "mri_with_contrast", "non_spinal_assessment", "mri_pregnancy",
    "mri", "review_existing_imaging", "immediately", "within_24h", "same_day",
    "within_1_week", "within_2_weeks", "routine", "M54.17",
]


@pytest.mark.parametrize("code", ENGINE_CODES)
def test_every_code_has_a_human_label(code):
    label = label_for(code)
    assert isinstance(label, str)
    assert label.strip()
    assert label != code
    assert "_" not in label
