"""The language findings are declared in (docs/findings.md, "Conventions"): kinds of answer,
value sets with their labels, the condition under which a question is asked, and codes.

Declarations are plain data: everything else (the Django fields and forms, the engine's input
model and JSON Schema, the note, the CSV columns, the FHIR mapping, the test data) is derived
from them, so a finding is written once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """The kind of answer; the values are the type names of docs/findings.md."""

    TRI = "tri"  # true, false, or null = not asked (never "no")
    CHOICE = "enum"  # one value of a vocabulary
    CHOICES = "list"  # distinct values of a vocabulary
    INTEGER = "int"
    DECIMAL = "decimal"
    DATE = "date"
    TEXT = "text"


@dataclass(frozen=True)
class Vocabulary:
    """A value set: each value with the label clinicians read. `exclusive` values ("none",
    "nothing") say "nothing of the kind" and stand alone in a list."""

    name: str
    choices: tuple[tuple[str, str], ...]
    exclusive: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)

    def label(self, value: str) -> str:
        return dict(self.choices).get(value, value)


def vocabulary(name: str, *choices: tuple[str, str]) -> Vocabulary:
    exclusive = tuple(value for value, _ in choices if value in ("none", "nothing"))
    return Vocabulary(name, tuple(choices), exclusive)


@dataclass(frozen=True)
class Coding:
    """A standard code meaning exactly the finding (docs/clinical-background.md §7)."""

    system: str
    code: str
    display: str


LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"


@dataclass(frozen=True)
class Unit:
    """A UCUM unit, with how it is written for people."""

    code: str
    shown: str


@dataclass(frozen=True)
class AnsweredWith:
    """Asked only when the answer at `path` holds one of `values` (for a yes/no question,
    True; for a list, any value in common). `answers` map full paths to answers."""

    path: str
    values: tuple[Any, ...]
    described: str = ""  # the condition in words, where listing the values would not read

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]

    @property
    def conditions(self) -> tuple["AnsweredWith | InRange", ...]:
        return (self,)

    def holds(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.path)
        if isinstance(answer, list | tuple):
            return bool(set(answer) & set(self.values))
        return answer in self.values


@dataclass(frozen=True)
class InRange:
    """Asked only when the number at `path` is between `low` and `high` (inclusive)."""

    path: str
    low: float
    high: float
    described: str = ""

    @property
    def conditions(self) -> tuple["AnsweredWith | InRange", ...]:
        return (self,)

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.path)
        return isinstance(value, int | float) and self.low <= value <= self.high


@dataclass(frozen=True)
class AllOf:
    """Asked only when every one of the conditions holds (AnyOf: when at least one does)."""

    parts: tuple[AnsweredWith | InRange, ...]
    described: str = ""

    @property
    def conditions(self) -> tuple[AnsweredWith | InRange, ...]:
        return self.parts

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return self.combine(part.holds(answers) for part in self.parts)

    @staticmethod
    def combine(held: Iterable[bool]) -> bool:
        return all(held)


@dataclass(frozen=True)
class AnyOf(AllOf):
    """Asked when at least one of the conditions holds."""

    @staticmethod
    def combine(held: Iterable[bool]) -> bool:
        return any(held)


Condition = AnsweredWith | InRange | AllOf | AnyOf


@dataclass(frozen=True)
class Finding:
    """One finding: a question of a step, or one examination test (a `sided` one is asked on
    each side, stored as <name>_left and <name>_right and read as {"left", "right"}).

    `screens_for` names the red flag whose screen the question belongs to (at every visit, or
    when `screened_when` holds): unanswered, it is a screening gap (docs/clinical-rules.md,
    "Screening gaps"). A `stable` finding is carried forward to a follow-up visit as a
    proposal to confirm (docs/findings.md, "Copy-forward").
    """

    path: str
    kind: Kind
    label: str
    group: str = ""
    values: Vocabulary | None = None
    low: float | None = None
    high: float | None = None
    unit: Unit | None = None
    places: int = 0  # decimal places stored (DECIMAL)
    digits: int = 5  # significant digits stored (DECIMAL)
    max_length: int | None = None  # TEXT
    asked_when: Condition | None = None
    coding: Coding | None = None
    screens_for: str | None = None
    screened_when: Condition | None = None  # part of the screen only when this holds
    help: str = ""
    sided: bool = False
    at_least_one: bool = False  # a list that, when answered, holds a value (CHOICES)
    required: bool = False  # the app needs an answer (the engine reads it as optional)
    # A lasting fact about the patient (a history of cancer, a risk factor, a past treatment):
    # a follow-up visit proposes the last signed visit's answer, to confirm (copy-forward).
    # Current symptoms, examination findings and scores are never stable.
    stable: bool = False

    @property
    def section(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]

    @property
    def columns(self) -> tuple[str, ...]:
        """The stored columns: the name, or one per side."""
        if self.sided:
            return (f"{self.name}_left", f"{self.name}_right")
        return (self.name,)

    def value_label(self, value: Any) -> str:
        """A stored value as words: "Yes", "Retention (cannot pass urine)", "4 mg/L"."""
        if value is None:
            return "not asked"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, list | tuple):
            return ", ".join(self.value_label(item) for item in value)
        if self.values is not None:
            return self.values.label(value)
        if self.unit is not None:
            return f"{value} {self.unit.shown}"
        return str(value)


@dataclass(frozen=True)
class Grid:
    """A neurological grid: one answer per key (root or reflex) and side, stored as
    <prefix>_<key>_<side> and read as {key: {"left", "right"}} (see roots.py)."""

    path: str
    prefix: str
    keys: tuple[str, ...]
    kind: Kind
    title: str
    group: str
    low: int | None = None
    high: int | None = None
    values: Vocabulary | None = None
    key_detail: Mapping[str, str] = field(default_factory=dict)
    detail_heading: str = ""
    row_heading: str = "Root"
    # How one column is named for people: "L5 motor (great toe extension), left".
    label_format: str = "{key} ({detail}), {side}"

    def column_label(self, key: str, side: str) -> str:
        detail = self.key_detail.get(key, "")
        return self.label_format.format(key=key, Key=key.capitalize(), detail=detail.lower(),
                                        side=side)

    @property
    def section(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


@dataclass(frozen=True)
class ItemList:
    """A questionnaire: numbered items, each an integer in its range, stored as
    <name>_<n> and read as a list with null for each unanswered item."""

    path: str
    title: str
    items: tuple[tuple[str, int, int], ...]  # (item label, low, high)

    @property
    def section(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]

    def column(self, number: int) -> str:
        return f"{self.name}_{number}"
