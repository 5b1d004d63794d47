"""The step models and the engine speak the same vocabulary (docs/findings.md is the
contract)."""

import datetime
import typing
from decimal import Decimal

import pytest

from backpain.clinical import assess_document
from backpain.clinical import findings as engine
from backpain.clinical.dictionary import Kind
from backpain.clinical.dictionary.exam import EXAM
from backpain.visits import vocabulary as v
from backpain.visits.models import (
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Plan,
    Questionnaires,
)

pytestmark = pytest.mark.django_db

# Left/right tri-state signs, stored as <sign>_left and <sign>_right.
PAIRED_SIGNS = {f.name for f in EXAM if f.sided and f.kind is Kind.TRI}


def literal_values(annotation) -> set:
    """Every allowed string of an engine field's type (through unions, lists, Annotated)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    values = set()
    for arg in typing.get_args(annotation):
        values |= literal_values(arg)
    return values


def model_vocabulary(model_field) -> set:
    vocabulary = getattr(model_field, "vocabulary", None)
    if vocabulary is not None:
        return set(vocabulary.values)
    return {value for value, _ in model_field.choices or []}


FLAT_STEPS = [(History, engine.History), (Labs, engine.Labs), (DiagnosticStudy, engine.Study)]


@pytest.mark.parametrize(("model", "section"), FLAT_STEPS, ids=lambda x: x.__name__)
def test_model_fields_are_the_engine_fields_with_the_same_values(model, section):
    names = set(model.finding_field_names())
    assert names == set(section.model_fields)
    for name in names:
        engine_values = literal_values(section.model_fields[name].annotation)
        assert model_vocabulary(model._meta.get_field(name)) == engine_values, name


def test_examination_fields_map_onto_the_engine_exam():
    exam_fields = set(engine.Exam.model_fields)
    grids = {"motor", "reflexes", "sensation"}
    flat = {name for name in Examination.finding_field_names()
            if not name.startswith(("motor_", "reflex_", "sensation_"))}
    paired = {f"{sign}_{side}" for sign in [*PAIRED_SIGNS, "slr_angle"] for side in v.SIDES}
    assert flat - paired == exam_fields - grids - set(PAIRED_SIGNS) - {"slr_angle"}
    assert set(v.ROOTS) == set(engine.ROOTS)
    assert set(v.REFLEXES) == set(engine.REFLEXES)
    for name in flat - paired:
        values = literal_values(engine.Exam.model_fields[name].annotation)
        assert model_vocabulary(Examination._meta.get_field(name)) == values, name


def test_plan_lists_are_findings_vocabularies():
    assert set(v.Disposition.values) == {"routine", "expedited_review", "urgent_same_day",
                                         "emergency_department"}
    assert "none" in v.Medication.values
    assert Plan._meta.get_field("follow_up_weeks").bounds == (0, 52)


def filled_history(visit):
    return History.objects.create(
        visit=visit, regions=["lumbar"], side="left", radiation=["buttock", "below_knee"],
        radiation_side="left", onset="sudden", onset_date=visit.visit_date - datetime.timedelta(10),
        trauma="none", pain_now=7, pain_worst=9, pain_best=3, pain_qualities=["shooting"],
        aggravating=["sitting", "cough_sneeze"], relieving=["lying"], night_pain="none",
        bladder_dysfunction="retention", saddle_numbness=False, weakness=True, fever=False,
        cancer_history=False, unexplained_weight_loss=False, bowel_incontinence=False,
    )


def test_a_filled_visit_is_read_by_the_engine(visit):
    filled_history(visit)
    Examination.objects.create(visit=visit, gait="antalgic", motor_l5_left=3, motor_l5_right=5,
                               reflex_achilles_left=1, reflex_achilles_right=2, slr_left=True,
                               temperature_c=Decimal("37.2"))
    Questionnaires.objects.create(visit=visit, **{f"odi_{i}": 2 for i in range(1, 11)})
    Labs.objects.create(visit=visit, crp_mg_l=Decimal("4.0"), hla_b27="negative")
    DiagnosticStudy.objects.create(visit=visit, modality="mri", region="lumbar",
                                   status="resulted", findings=["disc_herniation"])

    result = assess_document(visit.to_findings())

    assert [f["code"] for f in result["red_flags"]] == ["cauda_equina_syndrome",
                                                        "severe_neurological_deficit"]
    radicular = next(p for p in result["patterns"] if p["code"] == "radicular")
    assert radicular["levels"] == ["L5 left", "S1 left"]
    assert result["scores"]["odi"] == {"percent": 40.0, "band": "moderate"}
    assert result["duration"] == {"days": 10, "category": "acute"}
    assert "diagnostics.studies[0].findings=disc_herniation" in next(
        g for g in result["generators"] if g["code"] == "disc")["evidence"]


def test_nothing_ticked_is_not_asked(visit):
    History.objects.create(visit=visit, regions=[], radiation=[])
    findings = visit.to_findings()
    assert findings["history"]["regions"] is None
    assert assess_document(findings)["location"] == {"regions": [], "extent": None}
