"""How an exported finding becomes FHIR: its coding, its label, and its value[x]."""

from django.db import models

from backpain.clinical import icd10cm
from backpain.clinical.codes import label_for
from backpain.visits.models import Assessment, Examination, History, Labs, Questionnaires
from backpain.visits.models.questionnaires import OUTCOMES

from . import fhir_codes as c
from .rows import STORED_PATHS

# Engine outputs written as Observations; red flags are RiskAssessments, scores their own.
ENGINE_OBSERVATIONS = (
    "engine.screening_gaps", "engine.location.extent", "engine.duration.days",
    "engine.duration.category", "engine.patterns", "engine.patterns.levels",
    "engine.generators", "engine.imaging.advice", "engine.imaging.also",
    "engine.suggested_tests", "engine.diagnosis_suggestions",
)
ENGINE_LABELS = {
    "engine.screening_gaps": "Screening questions not yet answered",
    "engine.location.extent": "Extent of pain",
    "engine.duration.days": "Duration of the episode",
    "engine.duration.category": "Duration category",
    "engine.patterns": "Suggested pain patterns",
    "engine.patterns.levels": "Suggested root levels",
    "engine.generators": "Possible pain generators",
    "engine.imaging.advice": "Imaging advice",
    "engine.imaging.also": "Further imaging advice that applies",
    "engine.suggested_tests": "Tests to consider",
    "engine.diagnosis_suggestions": "Suggested diagnoses (ICD-10-CM)",
}
# Where a coded value's code comes from, when it is not the findings vocabulary.
VALUE_SYSTEMS = {
    "engine.screening_gaps": c.FINDINGS,
    "engine.location.extent": c.DECISION_SUPPORT,
    "engine.duration.category": c.DECISION_SUPPORT,
    "engine.patterns": c.DECISION_SUPPORT,
    "engine.generators": c.DECISION_SUPPORT,
    "engine.imaging.advice": c.DECISION_SUPPORT,
    "engine.imaging.also": c.DECISION_SUPPORT,
    "engine.diagnosis_suggestions": c.ICD10CM,
    "assessment.confirmed_patterns": c.DECISION_SUPPORT,
    "assessment.acknowledged_red_flags": c.DECISION_SUPPORT,
}
TEXT_VALUES = {"engine.patterns.levels", "engine.suggested_tests"}


def finding_fields() -> dict:
    """Column name -> model field, for the label and the type of each recorded finding."""
    fields = {}
    for section, model in (("history", History), ("exam", Examination),
                           ("diagnostics.labs", Labs)):
        for name in model.finding_field_names():
            fields[STORED_PATHS[section][name]] = model._meta.get_field(name)
    for name in Assessment.finding_field_names():
        fields[f"assessment.{name}"] = Assessment._meta.get_field(name)
    # The outcomes asked at every visit (the instruments' items are QuestionnaireResponses).
    for item in OUTCOMES:
        fields[item.path] = Questionnaires._meta.get_field(item.name)
    return fields


FINDING_FIELDS = finding_fields()
# Diagnoses are Conditions, not Observations.
OBSERVED_FINDINGS = (*(path for path in FINDING_FIELDS if path != "assessment.diagnoses"),
                     "assessment.red_flags_acknowledged")


def field_label(path) -> str:
    field = FINDING_FIELDS.get(path)
    if field is None:
        return ENGINE_LABELS.get(path, path)
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def choice_label(path, value) -> str | None:
    field = FINDING_FIELDS.get(path)
    if field is not None:
        vocabulary = getattr(field, "vocabulary", None)
        choices = dict(vocabulary.choices if vocabulary is not None else field.choices or [])
        if value in choices:
            return str(choices[value])
    system = VALUE_SYSTEMS.get(path)
    if system == c.ICD10CM:
        return icd10cm.text_of(value)
    if system == c.DECISION_SUPPORT:
        return label_for(value)
    if system == c.FINDINGS:
        return field_label(value)
    return None


def coding(system, code, display=None) -> dict:
    return {"system": system, "code": str(code), **({"display": display} if display else {})}


def concept(system, code, display=None, extra=()) -> dict:
    result = {"coding": [coding(system, code, display), *extra]}
    if display:
        result["text"] = display
    return result


def finding_value(path, value) -> dict:
    """The value[x] of a finding: boolean, integer, quantity, date, code or text."""
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int | float):
        if path in c.UNITS or isinstance(value, float):
            unit = c.UNITS.get(path)
            quantity: dict[str, int | float | str] = {"value": value}
            if unit:
                quantity.update({"unit": unit[1], "system": c.UCUM, "code": unit[0]})
            return {"valueQuantity": quantity}
        return {"valueInteger": value}
    field = FINDING_FIELDS.get(path)
    if isinstance(field, models.DateField):
        return {"valueDateTime": value}
    if path in TEXT_VALUES or (field is not None and isinstance(field, models.TextField)):
        return {"valueString": value}
    system = VALUE_SYSTEMS.get(path, c.VALUES)
    extra = c.DECISION_SUPPORT_CODINGS.get(value, ()) if system == c.DECISION_SUPPORT else ()
    return {"valueCodeableConcept": concept(system, value, choice_label(path, value), extra)}
