"""Spinal infection and the inflammatory markers, rules version 2
(docs/clinical-rules.md, rules v2, section 2 "crp_raised", "esr_raised", section 3
"spinal_infection" and section 7)."""

import pytest

from backpain.clinical import assess_document
from tests.clinical.helpers import (
    advice,
    flag,
    gap_fields,
    has_evidence,
    level,
    suggested,
    with_duration,
)

EMERGENCY = ("emergency", "same_day", "emergency_mri")
URGENT = ("urgent", "within_1_week", "urgent_mri")
REVIEW = ("review", "routine", None)
LUMBAR = {"regions": ["lumbar"]}


def infection_visit(days=None, history=None, labs=None, age=40, sex="male", **sections):
    history = {**LUMBAR, **(history or {})}
    patient = {"age_years": age, "sex": sex}
    diagnostics = {"labs": labs} if labs else {}
    if days is None:
        return assess_document({"patient": patient, "history": history,
                                "diagnostics": diagnostics, **sections})
    return assess_document(with_duration(days, history=history, patient=patient,
                                          diagnostics=diagnostics, **sections))


# ---- emergency -----------------------------------------------------------------------------


@pytest.mark.parametrize("risk", [{"iv_drug_use": True}, {"immunosuppression": True},
                                  {"recent_infection": True}])
@pytest.mark.parametrize(
    ("days", "extra", "labs", "expected"),
    [
        (None, {}, {}, EMERGENCY),
        (42, {}, {}, EMERGENCY),
        (43, {}, {}, URGENT),  # v2 section 7: beyond 42 days without markers or night pain
        (43, {"night_pain": "unremitting"}, {}, EMERGENCY),
        (43, {}, {"crp_mg_l": 10.1}, EMERGENCY),
        (43, {}, {"crp_mg_l": 10}, URGENT),
        (400, {}, {"esr_mm_h": 40}, EMERGENCY),
    ],
)
def test_fever_with_a_strong_risk_factor(risk, days, extra, labs, expected):
    result = infection_visit(days, history={"fever": True, **risk, **extra}, labs=labs)
    assert level(result, "spinal_infection") == expected
    infection = flag(result, "spinal_infection")
    name = next(iter(risk))
    assert has_evidence(infection, f"history.{name}", "true")
    if expected == EMERGENCY:
        assert "contrast" in infection["rationale"]
        assert advice(result) == "emergency_mri"
        names = " ".join(suggested(result)).lower()
        assert "blood culture" in names and "crp" in names and "esr" in names


@pytest.mark.parametrize(
    ("days_since", "expected"),
    [(0, EMERGENCY), (90, EMERGENCY), (91, REVIEW), (None, EMERGENCY)],
)
def test_fever_after_a_spinal_procedure(days_since, expected):
    history = {"fever": True, "recent_spinal_procedure": True,
               "days_since_spinal_procedure": days_since}
    result = infection_visit(10, history=history)
    assert level(result, "spinal_infection") == expected


def test_fever_with_a_deficit_is_an_emergency_whatever_the_risk_factors():
    result = infection_visit(400, history={"fever": True, "weakness": True,
                                           "weakness_progressive": True})
    assert level(result, "spinal_infection") == EMERGENCY


# ---- urgent --------------------------------------------------------------------------------


def test_fever_with_diabetes_as_the_only_risk_factor_is_urgent():
    result = infection_visit(10, history={"fever": True, "diabetes": True})
    assert level(result, "spinal_infection") == URGENT
    infection = flag(result, "spinal_infection")
    assert has_evidence(infection, "history.diabetes", "true")
    assert "contrast" in infection["rationale"]


def test_diabetes_with_a_strong_risk_factor_and_fever_is_an_emergency():
    result = infection_visit(10, history={"fever": True, "diabetes": True, "iv_drug_use": True})
    assert level(result, "spinal_infection") == EMERGENCY


@pytest.mark.parametrize(
    ("extra", "labs", "expected"),
    [
        ({}, {"crp_mg_l": 10.1}, URGENT),
        ({}, {"crp_mg_l": 10}, None),
        ({"night_pain": "unremitting"}, {}, URGENT),
        ({"night_pain": "wakes_second_half"}, {}, None),
        ({}, {}, None),
    ],
)
def test_strong_risk_factor_without_fever(extra, labs, expected):
    result = infection_visit(200, history={"fever": False, "immunosuppression": True, **extra},
                             labs=labs)
    assert level(result, "spinal_infection") == expected


@pytest.mark.parametrize(
    ("history", "visit", "expected"),
    [
        ({"recent_spinal_procedure": True, "days_since_spinal_procedure": 20}, {}, URGENT),
        ({}, {"visit_type": "post_op"}, URGENT),
    ],
)
def test_wound_concern_after_a_procedure_is_urgent(history, visit, expected):
    result = infection_visit(10, history=history, visit=visit, exam={"wound_concern": True})
    assert level(result, "spinal_infection") == expected
    assert has_evidence(flag(result, "spinal_infection"), "exam.wound_concern", "true")


def test_no_wound_concern_raises_nothing():
    result = infection_visit(10, history={"recent_spinal_procedure": True,
                                          "days_since_spinal_procedure": 20},
                             exam={"wound_concern": False})
    assert flag(result, "spinal_infection") is None


# ---- review --------------------------------------------------------------------------------


def test_fever_alone_is_a_review_without_imaging():
    result = infection_visit(10, history={"fever": True})
    assert level(result, "spinal_infection") == REVIEW
    assert advice(result) == "no_imaging_initially"


@pytest.mark.parametrize("risk", ["iv_drug_use", "immunosuppression", "recent_infection",
                                  "recent_spinal_procedure", "diabetes"])
def test_a_risk_factor_alone_raises_nothing(risk):
    assert flag(infection_visit(10, history={risk: True}), "spinal_infection") is None


def test_fever_with_urinary_symptoms_is_pyelonephritis_and_infection_review():
    result = infection_visit(5, history={"fever": True, "urinary_symptoms": ["dysuria"]})
    assert level(result, "vascular_or_visceral_cause") == ("urgent", "same_day",
                                                           "non_spinal_assessment")
    infection = flag(result, "spinal_infection")
    assert level(result, "spinal_infection") == REVIEW
    assert "persist" in infection["rationale"].lower()


# ---- CRP after a spinal procedure (Thelander & Larsson 1992) --------------------------------


@pytest.mark.parametrize(
    ("days_since", "crp", "raised"),
    [
        (7, 150, False),  # never in the first week
        (8, 100, False),
        (8, 101, True),
        (28, 100, False),
        (28, 101, True),
        (28, 50, False),
        (29, 50, True),  # after day 28, the ordinary rule
        (29, 10, False),
        (29, 10.1, True),
        (None, 10.1, True),  # days unknown: the ordinary rule (leans to safety)
    ],
)
def test_crp_within_28_days_of_a_procedure(days_since, crp, raised):
    # The procedure is the strong risk factor; without fever a raised marker is urgent.
    history = {"fever": False, "recent_spinal_procedure": True,
               "days_since_spinal_procedure": days_since}
    result = infection_visit(60, history=history, labs={"crp_mg_l": crp})
    assert (level(result, "spinal_infection") == URGENT) is raised
    if not raised:
        assert flag(result, "spinal_infection") is None


def test_days_since_procedure_unknown_is_a_gap():
    result = infection_visit(60, history={"recent_spinal_procedure": True})
    assert "history.days_since_spinal_procedure" in gap_fields(result)


# ---- ESR above Miller's limit and 20 mm/h ---------------------------------------------------


@pytest.mark.parametrize(
    ("age", "sex", "esr", "raised"),
    [
        # men: age / 2
        (60, "male", 30, False),
        (60, "male", 31, True),
        (80, "male", 40, False),
        (80, "male", 41, True),
        # women: (age + 10) / 2
        (60, "female", 35, False),
        (60, "female", 36, True),
        (80, "female", 45, False),
        (80, "female", 46, True),
        # the 20 mm/h floor
        (30, "male", 20, False),
        (30, "male", 21, True),
        (20, "female", 20, False),
        (20, "female", 21, True),
        # not read under 18
        (17, "male", 100, False),
        (18, "male", 21, True),
    ],
)
def test_esr_raised(age, sex, esr, raised):
    result = infection_visit(200, history={"iv_drug_use": True}, labs={"esr_mm_h": esr},
                             age=age, sex=sex)
    assert (level(result, "spinal_infection") == URGENT) is raised
    if raised:
        assert has_evidence(flag(result, "spinal_infection"), "diagnostics.labs.esr_mm_h")


def test_esr_is_not_read_in_pregnancy():
    result = infection_visit(200, history={"iv_drug_use": True, "pregnant": True},
                             labs={"esr_mm_h": 80}, age=30, sex="female")
    assert flag(result, "spinal_infection") is None
    not_pregnant = infection_visit(200, history={"iv_drug_use": True, "pregnant": False},
                                   labs={"esr_mm_h": 80}, age=30, sex="female")
    assert level(not_pregnant, "spinal_infection") == URGENT


@pytest.mark.parametrize(("days_since", "raised"), [(42, False), (43, True), (None, True)])
def test_esr_is_not_read_within_42_days_of_a_procedure(days_since, raised):
    history = {"recent_spinal_procedure": True, "days_since_spinal_procedure": days_since}
    result = infection_visit(60, history=history, labs={"esr_mm_h": 80})
    assert (level(result, "spinal_infection") == URGENT) is raised
