"""The engine across visits (docs/clinical-rules.md, "Across visits"): the previous signed
visit's findings, a motor grade fallen since then, and red flags marked new."""

import copy
import datetime

import pytest
from hypothesis import HealthCheck, given, settings

from backpain.clinical import FindingsError, assess_document, input_schema
from backpain.clinical.result import URGENCY_RANK
from tests.strategies import findings_documents

NOW, BEFORE = "2026-06-01", "2026-05-04"
TODAY = datetime.date.today()


def document(now_grade, before_grade=None, *, previous=True, before_exam=True, **sections):
    doc = {"patient": {"age_years": 50, "sex": "female"},
           "visit": {"visit_date": NOW, "visit_type": "follow_up"},
           "history": {"regions": ["lumbar"]},
           "exam": {"motor": {"L5": {"left": now_grade, "right": 5}}}, **sections}
    if previous:
        before_motor = {"L5": {"left": before_grade, "right": 5}}
        doc["previous"] = {"visit": {"visit_date": BEFORE, "visit_type": "new"},
                           "history": {"regions": ["lumbar"]},
                           **({"exam": {"motor": before_motor}} if before_exam else {})}
    return doc


def flag(result, code):
    return next((found for found in result["red_flags"] if found["code"] == code), None)


def test_a_grade_one_lower_than_last_time_is_weakness_getting_worse():
    result = assess_document(document(4, 5))
    deficit = flag(result, "severe_neurological_deficit")
    assert deficit is not None and deficit["urgency"] == "urgent"
    assert deficit["evidence"] == ["exam.motor.L5.left=4", "previous.exam.motor.L5.left=5",
                                   f"previous.visit.visit_date={BEFORE}"]
    assert "Previous visit, L5 motor (great toe extension), left: 5" in deficit["evidence_words"]
    assert f"fell since the visit of {BEFORE}: L5 left from 5 to 4" in deficit["rationale"]


def test_the_same_grade_four_without_a_previous_visit_raises_nothing():
    assert flag(assess_document(document(4, previous=False)),
                "severe_neurological_deficit") is None


@pytest.mark.parametrize("before_grade", [4, 3], ids=["equal", "better-now"])
def test_an_equal_or_better_grade_is_not_getting_worse(before_grade):
    assert flag(assess_document(document(4, before_grade)),
                "severe_neurological_deficit") is None


@pytest.mark.parametrize("before_exam", [True, False], ids=["grade-missing", "no-exam"])
def test_a_grade_missing_at_the_previous_visit_is_no_comparison(before_exam):
    assert flag(assess_document(document(4, None, before_exam=before_exam)),
                "severe_neurological_deficit") is None


def test_a_fall_to_grade_three_is_an_emergency_as_reported_worsening_is():
    fallen = flag(assess_document(document(3, 4)), "severe_neurological_deficit")
    reported = flag(assess_document(document(3, previous=False,
                                             history={"regions": ["lumbar"],
                                                      "weakness_progressive": True})),
                    "severe_neurological_deficit")
    assert fallen["urgency"] == reported["urgency"] == "emergency"
    assert fallen["time_frame"] == reported["time_frame"] == "same_day"


def test_a_fall_makes_myelopathy_an_emergency():
    doc = document(4, 5, history={"regions": ["cervical"]})
    doc["exam"]["babinski"] = {"left": True}
    doc["previous"]["history"] = {"regions": ["cervical"]}
    assert flag(assess_document(doc), "myelopathy")["urgency"] == "emergency"


def test_a_flag_raised_now_and_not_before_is_new():
    doc = document(5, 5, history={"regions": ["lumbar"], "saddle_numbness": True})
    ces = flag(assess_document(doc), "cauda_equina_syndrome")
    assert ces["new"] is True


def test_a_flag_raised_at_both_visits_is_not_new():
    doc = document(5, 5, history={"regions": ["lumbar"], "saddle_numbness": True})
    doc["previous"]["history"] = {"regions": ["lumbar"], "saddle_numbness": True}
    assert flag(assess_document(doc), "cauda_equina_syndrome")["new"] is False


def test_without_a_previous_visit_no_flag_is_called_new_or_old():
    doc = document(5, previous=False, history={"regions": ["lumbar"], "saddle_numbness": True})
    assert flag(assess_document(doc), "cauda_equina_syndrome")["new"] is None


def test_the_previous_visit_needs_its_date():
    doc = document(4, 5)
    del doc["previous"]["visit"]
    with pytest.raises(FindingsError) as error:
        assess_document(doc)
    assert [path for path, _ in error.value.errors] == ["previous.visit.visit_date"]


@pytest.mark.parametrize("date", [NOW, "2026-07-01"], ids=["same-day", "later"])
def test_the_previous_visit_comes_before_this_one(date):
    doc = document(4, 5)
    doc["previous"]["visit"]["visit_date"] = date
    with pytest.raises(FindingsError, match="previous.visit.visit_date: the previous visit"):
        assess_document(doc)


def test_the_previous_visit_is_checked_like_any_visit():
    doc = document(4, 5)
    doc["previous"]["exam"]["motor"]["L5"]["left"] = 7
    doc["previous"]["history"]["pain_best"] = 8
    doc["previous"]["history"]["pain_now"] = 2
    with pytest.raises(FindingsError) as error:
        assess_document(doc)
    assert "previous.exam.motor.L5.left" in [path for path, _ in error.value.errors]
    doc["previous"]["exam"]["motor"]["L5"]["left"] = 5
    with pytest.raises(FindingsError) as error:
        assess_document(doc)
    assert [path for path, _ in error.value.errors] == ["previous.history.pain_best"]


def test_a_previous_visit_has_no_previous_visit_of_its_own():
    doc = document(4, 5)
    doc["previous"]["previous"] = {"visit": {"visit_date": "2026-01-01"}}
    with pytest.raises(FindingsError, match="previous.previous"):
        assess_document(doc)


def test_the_schema_declares_the_previous_visit():
    schema = input_schema()
    assert schema["properties"]["previous"]["anyOf"][0] == {"$ref": "#/$defs/VisitFindings"}
    assert "previous" not in schema["$defs"]["VisitFindings"]["properties"]


@pytest.mark.parametrize(("before_grade", "urgency"), [(5, "emergency"), (4, "review"),
                                                       (None, "review")],
                         ids=["one-lower", "equal", "missing"])
def test_fever_with_a_fallen_grade_is_a_deficit(before_grade, urgency):
    doc = document(4, before_grade, history={"regions": ["lumbar"], "fever": True})
    assert flag(assess_document(doc), "spinal_infection")["urgency"] == urgency


@pytest.mark.parametrize(("before_grade", "raised"), [(5, True), (4, False), (None, False)],
                         ids=["one-lower", "equal", "missing"])
def test_a_fallen_grade_with_longstanding_pain_in_both_legs_is_cauda_equina(before_grade,
                                                                           raised):
    legs = {"regions": ["lumbar"], "radiation": ["below_knee"], "radiation_side": "bilateral",
            "bilateral_leg_onset": "longstanding_stable", "onset_date": "2025-01-01"}
    result = assess_document(document(4, before_grade, history=legs))
    assert (flag(result, "cauda_equina_syndrome") is not None) is raised
    assert flag(result, "cauda_equina_risk") is None


def previous_of(document, day):
    """A findings document as the previous visit, dated `day` (its onset not after it)."""
    previous = copy.deepcopy(document)
    previous["visit"] = {**previous.get("visit", {}), "visit_date": day.isoformat()}
    history = previous.get("history") or {}
    if history.get("onset_date") and history["onset_date"] > day.isoformat():
        del history["onset_date"]
    return previous


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(findings_documents(), findings_documents())
def test_comparing_adds_to_this_visit_and_marks_new_what_the_last_did_not_raise(now, before):
    now = {**now, "visit": {**now.get("visit", {}), "visit_date": TODAY.isoformat()}}
    previous = previous_of(before, TODAY - datetime.timedelta(days=30))
    alone = assess_document(now)
    compared = assess_document({**now, "previous": previous})
    raised_before = {found["code"] for found in assess_document(previous)["red_flags"]}
    urgency = {found["code"]: URGENCY_RANK[found["urgency"]] for found in alone["red_flags"]}
    assert all(found["new"] is None for found in alone["red_flags"])
    for found in compared["red_flags"]:
        assert found["new"] is (found["code"] not in raised_before)
        assert URGENCY_RANK[found["urgency"]] <= urgency.get(found["code"], len(URGENCY_RANK))
    codes = {found["code"] for found in compared["red_flags"]}
    # Every flag stays, but the risk of cauda equina gives way to the syndrome itself.
    assert set(urgency) - {"cauda_equina_risk"} <= codes
    assert "cauda_equina_risk" not in urgency or bool(
        {"cauda_equina_risk", "cauda_equina_syndrome"} & codes)
