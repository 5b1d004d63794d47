"""Copy-forward (docs/findings.md, "Copy-forward"): a follow-up or post-operative visit starts
from the patient's last signed visit.

The history's stable findings (declared `stable` in the data dictionary: a history of cancer,
risk factors, past treatments) are proposed on a history step never saved, each marked "from
the visit of DATE, confirm"; nothing is saved until the user saves the step. Symptoms and
scores are never proposed. The examination shows the last visit's value beside each finding.

The proposal is made on its own, on an empty step, rather than behind a "Start from the visit
of DATE" button: an empty follow-up history otherwise asks again, one by one, facts that do not
change between visits, and a proposal that is marked field by field and saved only with the
step loses nothing and hides nothing.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from backpain.clinical import dictionary

from .models import VisitType
from .selectors import previous_signed_with

# Step slug -> the findings section it records.
SECTIONS = {"history": "history", "examination": "exam"}
FOLLOWING_VISITS = (VisitType.FOLLOW_UP, VisitType.POST_OP)


def recorded(value: Any) -> bool:
    return value not in (None, "", [])


def stable_columns(section: str) -> tuple[str, ...]:
    return tuple(column for item in dictionary.findings_of(section) if item.stable
                 for column in item.columns)


def compared_columns(section: str) -> tuple[str, ...]:
    """The columns shown beside their last value: the stable findings of the history, every
    finding of the examination (the examination is compared visit to visit)."""
    if section == "exam":
        return tuple(column for column, _path in
                     dictionary.column_paths(dictionary.section(section)))
    return stable_columns(section)


@dataclass(frozen=True)
class LastVisit:
    """What a step shows of the last signed visit: its date, its values of the compared
    columns, and the values proposed for a step never saved."""

    date: datetime.date
    values: dict[str, Any]
    carried: dict[str, Any] = field(default_factory=dict)


def last_visit(step, visit) -> LastVisit | None:
    """The last signed visit's record of this step, for a follow-up or post-operative visit
    not yet signed; None otherwise. One query per step page (kept on the visit object)."""
    section = SECTIONS.get(step.slug)
    if section is None or visit.visit_type not in FOLLOWING_VISITS or visit.is_signed:
        return None
    kept = visit.__dict__.setdefault("_last_visits", {})
    if step.slug not in kept:
        kept[step.slug] = _last_visit(step, visit, section)
    return kept[step.slug]


def _last_visit(step, visit, section: str) -> LastVisit | None:
    previous = previous_signed_with(visit, step.related_name)
    record = previous.step_record(step.related_name) if previous is not None else None
    if record is None:
        return None
    values = {name: getattr(record, name) for name in compared_columns(section)}
    carried = {}
    if step.record_of(visit) is None:
        carried = {name: values[name] for name in stable_columns(section)
                   if recorded(values[name])}
    return LastVisit(date=previous.visit_date, values=values, carried=carried)
