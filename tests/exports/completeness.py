"""What a fully filled visit must show in every export, worked out from the models alone."""

import datetime
from decimal import Decimal

from backpain.clinical import dictionary
from backpain.visits.models import Assessment, Examination, History, Labs, Plan, Questionnaires

STEP_SECTIONS = ((History, "history"), (Examination, "exam"), (Labs, "diagnostics.labs"),
                 (Assessment, "assessment"), (Plan, "plan"))


def column_of(prefix, name) -> str:
    """The path of a stored column (the dictionary's codec; of the assessment only the
    impression is declared, its other columns are named after the section)."""
    declared = (dict(dictionary.column_paths(dictionary.section(prefix)))
                if prefix in dictionary.SECTIONS else {})
    return declared.get(name, f"{prefix}.{name}")


def plain(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def recorded_findings(visit) -> dict:
    """Column -> recorded value (typed) for every finding field of every step of the visit."""
    expected = {}
    for model, prefix in STEP_SECTIONS:
        record = model.objects.get(visit=visit)
        for name in model.finding_field_names():
            expected[column_of(prefix, name)] = plain(getattr(record, name))
    questionnaires = Questionnaires.objects.get(visit=visit)
    for name in Questionnaires.finding_field_names():
        expected[column_of("questionnaires", name)] = getattr(questionnaires, name)
    expected["patient.sex"] = visit.patient.sex
    expected["visit.visit_date"] = visit.visit_date.isoformat()
    expected["visit.visit_type"] = visit.visit_type
    return expected


def as_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(as_cell(item) for item in value)
    return str(value)
