"""What a fully filled visit must show in every export, worked out from the models alone."""

import datetime
import re
from decimal import Decimal

from backpain.visits.models import Assessment, Examination, History, Labs, Plan, Questionnaires

GRID = re.compile(r"^(motor|reflex|sensation)_([a-z0-9]+)_(left|right)$")
PAIR = re.compile(r"^([a-z_]+)_(left|right)$")
STEP_SECTIONS = ((History, "history"), (Examination, "exam"), (Labs, "diagnostics.labs"),
                 (Assessment, "assessment"), (Plan, "plan"))


def column_of(prefix, name) -> str:
    if prefix == "exam" and (grid := GRID.match(name)):
        kind, key, side = grid.groups()
        if kind == "reflex":
            return f"exam.reflexes.{key}.{side}"
        return f"exam.{kind}.{key.upper()}.{side}"
    if prefix == "exam" and (pair := PAIR.match(name)):
        return f"exam.{pair.group(1)}.{pair.group(2)}"
    return f"{prefix}.{name}"


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
        instrument, _, number = name.rpartition("_")
        expected[f"questionnaires.{instrument}.{number}"] = getattr(questionnaires, name)
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
