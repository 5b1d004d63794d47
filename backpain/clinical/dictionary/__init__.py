"""The data dictionary: every finding declared once, as data (docs/findings.md).

The step models, their forms, the engine's input model and JSON Schema, the note, the CSV
columns, the FHIR mapping and the test data are all derived from these declarations; adding a
finding is a declaration here, the rule that reads it, and a generated migration.
"""

from typing import Any

from .assessment import ASSESSMENT
from .context import PATIENT, VISIT
from .diagnostics import LABS, STUDY
from .document import column_paths, nested
from .exam import EXAM, GRIDS
from .history import HISTORY
from .kinds import Finding, Grid, ItemList, Kind, Vocabulary
from .plan import PLAN
from .questionnaires import QUESTIONNAIRES
from .roots import SIDES, grid_column, side_column

# The engine's sections and what each holds, in the order of the findings document.
SECTIONS: dict[str, tuple[Any, ...]] = {
    "patient": PATIENT,
    "visit": VISIT,
    "history": HISTORY,
    "exam": (*EXAM, *GRIDS),
    "diagnostics.studies": STUDY,
    "diagnostics.labs": LABS,
    "questionnaires": QUESTIONNAIRES,
    "assessment": ASSESSMENT,
    "plan": PLAN,
}
FINDINGS: tuple[Finding, ...] = tuple(
    item for items in SECTIONS.values() for item in items if isinstance(item, Finding))


def section(name: str) -> tuple[Any, ...]:
    return SECTIONS[name]


def findings_of(section_name: str) -> tuple[Finding, ...]:
    return tuple(item for item in SECTIONS[section_name] if isinstance(item, Finding))


def _leaves() -> dict[str, tuple[Any, str]]:
    """Every answer's path (`exam.motor.L5.left`, `questionnaires.odi.3`) -> (its declaration,
    its stored column)."""
    leaves: dict[str, tuple[Any, str]] = {}
    for items in SECTIONS.values():
        for item in items:
            if isinstance(item, Grid):
                for key in item.keys:
                    for side in SIDES:
                        leaves[f"{item.path}.{key}.{side}"] = (item, grid_column(item.prefix,
                                                                                 key, side))
            elif isinstance(item, ItemList):
                for number in range(1, len(item.items) + 1):
                    leaves[f"{item.path}.{number}"] = (item, item.column(number))
            elif item.sided:
                for side in SIDES:
                    leaves[f"{item.path}.{side}"] = (item, side_column(item.name, side))
            else:
                leaves[item.path] = (item, item.name)
    return leaves


LEAVES = _leaves()


def declaration(path: str) -> Any:
    """The declaration an answer's path belongs to (a study's index left out)."""
    path = _without_index(path)
    if path in LEAVES:
        return LEAVES[path][0]
    for items in SECTIONS.values():
        for item in items:
            if item.path == path:
                return item
    raise KeyError(path)


def label_of(path: str) -> str:
    """The words for an answer's path: "Bladder problems", "L5 motor (great toe extension),
    left", "ODI section 3: Lifting"."""
    path = _without_index(path)
    item, _column = LEAVES.get(path, (None, ""))
    if item is None:
        label: str = declaration(path).label
        return label
    if isinstance(item, Grid):
        key, side = path.removeprefix(item.path + ".").split(".")
        return item.column_label(key, side)
    if isinstance(item, ItemList):
        return item.items[int(path.rpartition(".")[2]) - 1][0]
    if item.sided:
        return f"{item.label}, {path.rpartition('.')[2]}"
    own: str = item.label
    return own


def words(path: str, value: Any) -> str:
    """An answer as a clinician reads it: "Bladder problems: Retention (cannot pass urine)"."""
    try:
        item = declaration(path)
        label = label_of(path)
    except KeyError:
        return f"{path}: {value}"
    if isinstance(item, Finding):
        shown = item.value_label(value)
    elif isinstance(item, Grid) and item.values is not None and isinstance(value, str):
        shown = item.values.label(value)
    else:
        shown = str(value)
    if "[" in path:  # one of several: diagnostics.studies[0].findings -> "Study 1, findings"
        number = int(path.partition("[")[2].partition("]")[0]) + 1
        label = f"Study {number}, {label[:1].lower()}{label[1:]}"
    return f"{label}: {shown}"


def _without_index(path: str) -> str:
    """diagnostics.studies[0].findings -> diagnostics.studies.findings"""
    head, bracket, rest = path.partition("[")
    if not bracket:
        return path
    return head + rest.partition("]")[2]


__all__ = ["FINDINGS", "LEAVES", "SECTIONS", "Finding", "Grid", "ItemList", "Kind",
           "Vocabulary", "column_paths", "declaration", "findings_of", "label_of", "nested",
           "section", "words"]
