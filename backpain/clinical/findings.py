"""The findings document the engine reads, as typed models built from the data dictionary
(`dictionary/`, docs/findings.md).

Every field is optional and ``None`` means "not asked / not examined", never "no". Unknown
keys, wrong types and out-of-range values are rejected with their field path (see
``validation.py``). The section models are made from the declarations, so a finding declared
once is read here without being written again.
"""

from datetime import date as Date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from . import dictionary
from .dictionary import Finding, Grid, ItemList, Kind
from .dictionary.roots import REFLEXES, ROOTS, SIDES

T = TypeVar("T")

__all__ = ["REFLEXES", "ROOTS", "SIDES", "Diagnostics", "Exam", "Findings", "History", "Labs",
           "Patient", "Questionnaires", "Study", "Visit", "VisitFindings"]


def _no_duplicates(values: list[T]) -> list[T]:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed more than once")
        seen.add(value)
    return values


def _at_least_one(values: list[T]) -> list[T]:
    if not values:
        raise ValueError("list at least one value, or leave the field out when not asked")
    return values


def bounded(low: float, high: float, kind: type = int) -> Any:
    return Annotated[kind, Field(ge=low, le=high)]


def one_of(values: tuple[str, ...]) -> Any:
    return Literal[values]  # a Literal of the vocabulary's values


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Pair(Section):
    left: bool | None = None
    right: bool | None = None

    def sides(self) -> tuple[tuple[str, Any], ...]:
        return (("left", self.left), ("right", self.right))


def _pair_model(name: str, answer: Any) -> type[Pair]:
    return create_model(name, __base__=Pair, left=(answer | None, None),
                        right=(answer | None, None))


# Left/right answers by what they hold; the names are those of the JSON Schema's $defs.
GradePair = _pair_model("GradePair", bounded(0, 5))
ReflexPair = _pair_model("ReflexPair", bounded(0, 4))
AnglePair = _pair_model("AnglePair", bounded(0, 90))
SensationPair = _pair_model("SensationPair",
                            one_of(dictionary.vocabularies.SENSATION.values))
PAIRS = {(Kind.TRI, None, None): Pair, (Kind.INTEGER, 0, 5): GradePair,
         (Kind.INTEGER, 0, 4): ReflexPair, (Kind.INTEGER, 0, 90): AnglePair,
         (Kind.CHOICE, None, None): SensationPair}
KEYS = {"motor": one_of(ROOTS), "sensation": one_of(ROOTS), "reflex": one_of(REFLEXES)}


def in_declared_order(keys: tuple[str, ...]) -> Any:
    """A grid read in the dictionary's order of roots or reflexes, whatever the input's key
    order: the same findings always give the same assessment, evidence order included."""
    def reorder(grid: dict[str, Any]) -> dict[str, Any]:
        return {key: grid[key] for key in keys if key in grid}
    return reorder


def answer_type(item: Finding) -> Any:
    """The type of one answer of a declaration, as the engine reads it."""
    if item.kind is Kind.TRI:
        return bool
    if item.kind is Kind.CHOICE:
        assert item.values is not None
        return one_of(item.values.values)
    if item.kind is Kind.CHOICES:
        assert item.values is not None
        value: Any = one_of(item.values.values)
        listed: Any = Annotated[list[value], AfterValidator(_no_duplicates)]
        return Annotated[listed, AfterValidator(_at_least_one)] if item.at_least_one else listed
    if item.kind is Kind.INTEGER:
        return bounded(item.low or 0, item.high or 0)
    if item.kind is Kind.DECIMAL:
        return bounded(item.low or 0, item.high or 0, float)
    if item.kind is Kind.DATE:
        return Date
    return Annotated[str, Field(max_length=item.max_length)]


def field_of(item: Any) -> tuple[Any, Any]:
    """(annotation, default) of one declaration's field in its section model."""
    # Types built at run time: to the type checker they are plain values (Any).
    shape: Any
    if isinstance(item, Grid):
        key: Any = KEYS[item.prefix]
        pair: Any = PAIRS[(item.kind, item.low, item.high)]
        ordered: Any = Annotated[dict[key, pair], AfterValidator(in_declared_order(item.keys))]
        return ordered | None, Field(None, description=item.title)
    if isinstance(item, ItemList):
        answers: list[Any] = [bounded(low, high) | None for _label, low, high in item.items]
        if len(set(map(str, answers))) == 1:
            shape = Annotated[list[answers[0]],  # type: ignore[valid-type]
                              Field(min_length=len(answers), max_length=len(answers))]
        else:
            shape = tuple[tuple(answers)]  # type: ignore[misc]
        return shape | None, Field(None, description=item.title)
    answer: Any = PAIRS[(item.kind, item.low, item.high)] if item.sided else answer_type(item)
    return answer | None, Field(None, description=item.label)


def section_model(name: str, items: tuple[Any, ...]) -> type[Section]:
    fields = {item.name: field_of(item) for item in items}
    return create_model(name, __base__=Section, **fields)  # type: ignore[call-overload, no-any-return]


if TYPE_CHECKING:
    # Made at run time from the dictionary: to the type checker, sections of any shape.
    Patient: TypeAlias = Any
    Visit: TypeAlias = Any
    History: TypeAlias = Any
    Exam: TypeAlias = Any
    Study: TypeAlias = Any
    Labs: TypeAlias = Any
    Questionnaires: TypeAlias = Any
    Diagnostics: TypeAlias = Any
else:
    Patient = section_model("Patient", dictionary.section("patient"))
    Visit = section_model("Visit", dictionary.section("visit"))
    History = section_model("History", dictionary.section("history"))
    Exam = section_model("Exam", dictionary.section("exam"))
    Study = section_model("Study", dictionary.section("diagnostics.studies"))
    Labs = section_model("Labs", dictionary.section("diagnostics.labs"))
    Questionnaires = section_model("Questionnaires", dictionary.section("questionnaires"))
    Diagnostics = create_model("Diagnostics", __base__=Section,
                               studies=(list[Study] | None, None), labs=(Labs | None, None))


class VisitFindings(Section):
    """One visit's findings: what the engine reads of this visit, and of the previous one."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              title="One visit's findings")

    patient: Patient | None = None
    visit: Visit | None = None
    history: History | None = None
    exam: Exam | None = None
    diagnostics: Diagnostics | None = None
    questionnaires: Questionnaires | None = None


class Findings(VisitFindings):
    """One visit's findings document, the input of ``assess``, with the previous signed
    visit's findings when there is one (compared across visits: docs/clinical-rules.md,
    "Across visits")."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              title="Back-pain visit findings (docs/findings.md)")

    previous: VisitFindings | None = Field(
        None, description="The previous signed visit's findings (its visit date required): "
                          "a motor grade fallen since then counts as weakness getting worse, "
                          "and a red flag it did not raise is marked new")
