"""How an exported finding becomes FHIR: the panel it is a component of, its coding, its
label, and its value[x]."""

from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_language

from backpain.clinical import dictionary, icd10cm
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


def per_language(function):
    """Made once per language and arguments rather than per value exported (the JSON writer
    only reads what comes back): the caller passes the active language first, read once per
    Bundle. Bounded (free text reaches finding_value); typed, or True would be served as the
    integer 1."""
    return lru_cache(maxsize=16384, typed=True)(function)


@dataclass(frozen=True)
class Panel:
    """One Observation per step or block of a step (the dictionary's groups: the cauda equina
    screen, the neurological examination by root ...), its findings as components."""

    code: str
    label: str
    category: str | None
    paths: tuple[str, ...]
    engine: bool = False


def section_panels(section, category) -> list[Panel]:
    groups: dict[str, list[str]] = {}
    for item in dictionary.section(section):
        paths = [path for _column, path in dictionary.column_paths((item,))]
        groups.setdefault(item.group, []).extend(p for p in paths if p in FINDING_FIELDS)
    return [Panel(f"{section}.panel.{slugify(group)}", group, category, tuple(paths))
            for group, paths in groups.items() if paths]


# The outcome ratings asked at every visit stay Observations of their own (coded with LOINC
# where it has the concept, the site of the pain as bodySite): what a registry follows.
OUTCOME_FINDINGS = tuple(item.path for item in OUTCOMES)
PANELS = (
    *section_panels("history", "history"),
    *section_panels("exam", "exam"),
    *section_panels("diagnostics.labs", "diagnostics"),
    Panel("assessment.panel", "Physician's assessment", None,
          tuple(path for path in OBSERVED_FINDINGS if path.startswith("assessment."))),
    Panel("engine.panel", "Decision support", None, ENGINE_OBSERVATIONS, engine=True),
)


@per_language
def finding_code(language, path) -> dict:
    """The code of a finding that is an Observation of its own."""
    return concept(c.FINDINGS, path, field_label(path), c.FINDING_CODINGS.get(path, ()))


@per_language
def component_code(language, path) -> dict:
    """The code of a finding within a panel: its codings, each with its display (a text
    repeating the display would double the size of a panel)."""
    return {"coding": finding_code(language, path)["coding"]}


def panel_component(language, path, value) -> dict:
    """A finding's component within a panel: its code and value. Free text is made each time;
    a coded value's is made once and shared, as the caches' other results (the JSON writer
    only reads it), so that free text cannot crowd them out or grow the process."""
    if type(value) is str and is_free_text(path):
        return {"code": component_code(language, path), "valueString": value}
    return coded_component(language, path, value)


@per_language
def coded_component(language, path, value) -> dict:
    return {"code": component_code(language, path), **finding_value(language, path, value)}


@lru_cache(maxsize=1024)
def is_free_text(path) -> bool:
    field = FINDING_FIELDS.get(path)
    return path in TEXT_VALUES or isinstance(field, models.TextField)


def field_label(path) -> str:
    field = FINDING_FIELDS.get(path)
    if field is None:
        return ENGINE_LABELS.get(path, path)
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


@per_language
def choice_labels(language, path) -> dict:
    """The labels of a finding's coded values."""
    field = FINDING_FIELDS.get(path)
    if field is None:
        return {}
    vocabulary = getattr(field, "vocabulary", None)
    return {value: str(label) for value, label
            in (vocabulary.choices if vocabulary is not None else field.choices or [])}


def choice_label(path, value) -> str | None:
    if value in (labels := choice_labels(get_language(), path)):
        return labels[value]
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


def concept(system, code, display=None, extra=(), text=True) -> dict:
    result = {"coding": [coding(system, code, display), *extra]}
    if display and text:
        result["text"] = display
    return result


@per_language
def finding_value(language, path, value) -> dict:
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
    if is_free_text(path):
        return {"valueString": value}
    return coded_value(path, value)


def coded_value(path, value) -> dict:
    """A coded value[x]; the label is the coding's display."""
    system = VALUE_SYSTEMS.get(path, c.VALUES)
    extra = c.DECISION_SUPPORT_CODINGS.get(value, ()) if system == c.DECISION_SUPPORT else ()
    return {"valueCodeableConcept": concept(system, value, choice_label(path, value), extra,
                                            text=False)}
