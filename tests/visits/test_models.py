"""Step models: each converts itself to the engine's findings; the database enforces ranges."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from backpain.visits.models import (
    DiagnosticStudy,
    Examination,
    History,
    Labs,
    Questionnaires,
)


def test_visit_findings_hold_patient_and_visit(visit):
    visit.visit_date = datetime.date(2026, 5, 16)
    visit.patient.date_of_birth = datetime.date(1970, 5, 17)
    document = visit.to_findings()
    assert document["patient"] == {"age_years": 55, "sex": "female"}
    assert document["visit"] == {"visit_date": "2026-05-16", "visit_type": "new"}
    assert "history" not in document and "exam" not in document
    assert document["diagnostics"] == {"studies": []}


def test_history_findings_keep_null_apart_from_false(visit):
    History.objects.create(visit=visit, regions=["lumbar"], saddle_numbness=False,
                           bladder_dysfunction=None, onset_date=datetime.date(2026, 1, 2))
    history = visit.__class__.objects.get(pk=visit.pk).to_findings()["history"]
    assert history["saddle_numbness"] is False
    assert history["bowel_incontinence"] is None
    assert history["onset_date"] == "2026-01-02"
    assert history["regions"] == ["lumbar"]
    assert "updated_by" not in history and "visit" not in history


def test_exam_grids_become_maps_of_pairs(visit):
    Examination.objects.create(
        visit=visit, motor_l5_left=3, reflex_achilles_right=1, sensation_s1_right="reduced",
        slr_left=True, slr_angle_left=40, temperature_c=Decimal("38.2"),
    )
    exam = visit.__class__.objects.get(pk=visit.pk).to_findings()["exam"]
    assert exam["motor"] == {"L5": {"left": 3, "right": None}}
    assert exam["reflexes"] == {"achilles": {"left": None, "right": 1}}
    assert exam["sensation"] == {"S1": {"left": None, "right": "reduced"}}
    assert exam["slr"] == {"left": True, "right": None}
    assert exam["slr_angle"] == {"left": 40, "right": None}
    assert exam["femoral_stretch"] is None
    assert exam["temperature_c"] == 38.2


def test_questionnaires_become_item_lists(visit):
    Questionnaires.objects.create(visit=visit, odi_1=3, odi_10=0, startback_9=4)
    document = visit.__class__.objects.get(pk=visit.pk).to_findings()["questionnaires"]
    assert document["odi"] == [3, None, None, None, None, None, None, None, None, 0]
    assert len(document["ndi"]) == 10 and document["startback"][8] == 4


def test_diagnostics_hold_studies_and_labs(visit):
    DiagnosticStudy.objects.create(visit=visit, modality="mri", region="lumbar",
                                   status="resulted", findings=["disc_herniation"])
    Labs.objects.create(visit=visit, crp_mg_l=Decimal("12.5"), hla_b27="positive")
    diagnostics = visit.__class__.objects.get(pk=visit.pk).to_findings()["diagnostics"]
    assert diagnostics["studies"][0]["findings"] == ["disc_herniation"]
    assert diagnostics["labs"] == {"crp_mg_l": 12.5, "esr_mm_h": None, "wbc_10e9_l": None,
                                   "hla_b27": "positive"}


@pytest.mark.parametrize("model, values", [
    (History, {"pain_now": 11}),
    (History, {"side": "upside_down"}),
    (Examination, {"motor_l5_left": 6}),
    (Examination, {"reflex_patellar_right": 5}),
    (Examination, {"temperature_c": Decimal("45.1")}),
    (Questionnaires, {"startback_1": 2}),
    (Labs, {"esr_mm_h": 151}),
])
def test_database_refuses_out_of_range_values(visit, model, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(visit=visit, **values)
