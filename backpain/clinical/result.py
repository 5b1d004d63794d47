"""The engine's output: a typed assessment that serialises to the JSON of
docs/clinical-rules.md, "Output"."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from . import dictionary

# The version of the rules (docs/clinical-rules.md) the engine applies: stored with every
# assessment and printed in the signed note.
RULES_VERSION = "2.1"
# The urgencies of a red flag, most urgent first: the one order every list sorts by.
URGENCY_ORDER = ("emergency", "urgent", "review")
Urgency = Literal["emergency", "urgent", "review"]
# How soon each flag asks for action (docs/clinical-rules.md, "Red flags (condition level)").
TimeFrame = Literal["immediately", "within_24h", "same_day", "within_1_week", "within_2_weeks",
                    "routine"]
TIME_FRAMES = ("immediately", "within_24h", "same_day", "within_1_week", "within_2_weeks",
               "routine")
URGENCY_RANK = {urgency: rank for rank, urgency in enumerate(URGENCY_ORDER)}


class Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PREVIOUS = "previous."


def evidence_in_words(item: str) -> str:
    """ "history.bladder_dysfunction=retention" -> "Bladder problems: Retention (cannot pass
    urine)": the dictionary's label and value beside the machine path (docs/findings.md).
    A finding of the previous signed visit ("previous.exam.motor.L5.left=4") is said so."""
    if item.startswith(PREVIOUS):
        return f"Previous visit, {evidence_in_words(item.removeprefix(PREVIOUS))}"
    path, _, value = item.partition("=")
    try:
        declared = dictionary.declaration(path)
    except KeyError:
        return item
    kind = getattr(declared, "kind", None)
    typed: object = value
    if value in ("true", "false") and kind is dictionary.Kind.TRI:
        typed = value == "true"
    elif kind is dictionary.Kind.CHOICES:
        typed = value.split(",")
    return dictionary.words(path, typed)


class Evidenced(Output):
    """An output item with the findings that raised it, as paths and as words."""

    evidence: list[str]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def evidence_words(self) -> list[str]:
        return [evidence_in_words(item) for item in self.evidence]


class RedFlag(Evidenced):
    code: str
    urgency: Urgency
    time_frame: TimeFrame
    rationale: str
    citation: str
    # The imaging the flag calls for and of which region ("lumbar spine", "whole spine"), or
    # None when it asks for none (imaging.py chooses among them).
    imaging: str | None = None
    imaging_region: str | None = None
    # Raised now and not at the previous signed visit (True), raised then too (False), or no
    # previous visit to compare with (None).
    new: bool | None = None


class ScreeningGap(Output):
    field: str
    screens_for: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def question(self) -> str:
        """The question left unasked, in the words the form asks it."""
        try:
            return dictionary.label_of(self.field)
        except KeyError:
            return self.field


class Location(Output):
    regions: list[str]
    extent: Literal["axial", "referred", "radiating"] | None


class Duration(Output):
    days: int | None
    category: Literal["acute", "subacute", "chronic"] | None


class Pattern(Evidenced):
    code: str
    levels: list[str]


class Generator(Evidenced):
    code: str


class ImagingAdvice(Output):
    advice: str
    rationale: str
    citation: str
    region: str | None = None


class Imaging(ImagingAdvice):
    """The primary advice (the first that applies, in the order of docs/clinical-rules.md,
    "Imaging advice") and every other that applies (`also`), so none hides another."""

    also: list[ImagingAdvice] = []


class SuggestedTest(Output):
    test: str
    reason: str
    citation: str


class OdiScore(Output):
    percent: float
    band: Literal["minimal", "moderate", "severe", "crippling", "bed_bound"]


class NdiScore(Output):
    score: float
    percent: float
    band: Literal["none", "mild", "moderate", "severe", "complete"]


class StartBackScore(Output):
    total: int
    psychosocial: int
    risk: Literal["low", "medium", "high"]


class NprsScore(Output):
    now: int | None
    worst: int | None
    best: int | None


class Scores(Output):
    odi: OdiScore | None
    ndi: NdiScore | None
    startback: StartBackScore | None
    nprs: NprsScore | None


class Assessment(Output):
    rules_version: str = RULES_VERSION
    red_flags: list[RedFlag]
    screening_gaps: list[ScreeningGap]
    location: Location
    duration: Duration
    patterns: list[Pattern]
    generators: list[Generator]
    imaging: Imaging | None
    suggested_tests: list[SuggestedTest]
    scores: Scores
    diagnosis_suggestions: list[str]

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
