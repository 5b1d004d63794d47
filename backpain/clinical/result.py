"""The engine's output: a typed assessment that serialises to the JSON of
docs/clinical-rules.md, "Output"."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

# The urgencies of a red flag, most urgent first: the one order every list sorts by.
URGENCY_ORDER = ("emergency", "urgent", "review")
Urgency = Literal["emergency", "urgent", "review"]
URGENCY_RANK = {urgency: rank for rank, urgency in enumerate(URGENCY_ORDER)}


class Output(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RedFlag(Output):
    code: str
    urgency: Urgency
    evidence: list[str]
    rationale: str
    citation: str


class ScreeningGap(Output):
    field: str
    screens_for: str


class Location(Output):
    regions: list[str]
    extent: Literal["axial", "referred", "radiating"] | None


class Duration(Output):
    days: int | None
    category: Literal["acute", "subacute", "chronic"] | None


class Pattern(Output):
    code: str
    evidence: list[str]
    levels: list[str]


class Generator(Output):
    code: str
    evidence: list[str]


class Imaging(Output):
    advice: str
    rationale: str
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
    red_flags: list[RedFlag]
    screening_gaps: list[ScreeningGap]
    location: Location
    duration: Duration
    patterns: list[Pattern]
    generators: list[Generator]
    imaging: Imaging
    scores: Scores
    diagnosis_suggestions: list[str]

    def flag(self, code) -> RedFlag | None:
        return next((f for f in self.red_flags if f.code == code), None)

    def has_pattern(self, code) -> bool:
        return any(p.code == code for p in self.patterns)

    def to_json(self) -> dict:
        return self.model_dump(mode="json")
