"""Outcomes followed over visits (docs/clinical-rules.md, "Change over time"): each instrument
declared once with its score, the direction that is better, its minimal important change (MIC)
and its smallest detectable change (SDC), with their sources; and a change between two visits
classified against both thresholds.

A change is "beyond noise" when it is at least the SDC: smaller changes cannot be told apart
from the instrument's test-retest error. Whether an improvement also matters to patients is
the MIC, stated beside it; for back and leg pain the SDC is larger than the MIC (Parai et al.
2020), so a change of 3 points is important if real but cannot be shown to be real.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .scores import ndi, odi, startback

IMPROVED = "improved_beyond_noise"
WITHIN_NOISE = "within_noise"
WORSE = "worse_beyond_noise"
NOT_CLASSIFIED = "not_classified"  # no published SDC: the change is shown, not judged

Answers = Mapping[str, Any]  # a visit's stored answers by column: odi_1, axial_pain, ...

# Full references: docs/clinical-rules.md, "Change over time".
OSTELO_2008 = "Ostelo et al., Spine 2008"
FARRAR_2001 = "Farrar et al., Pain 2001"
PARAI_2020 = "Parai et al., Eur Spine J 2020 (Swespine test-retest)"
YOUNG_2009 = "Young et al., Spine J 2009"


def _items(prefix: str, count: int) -> Callable[[Answers], list[int | None]]:
    return lambda answers: [answers.get(f"{prefix}_{n}") for n in range(1, count + 1)]


def _odi(answers: Answers) -> float | None:
    score = odi(_items("odi", 10)(answers))
    return score.percent if score else None


def _ndi(answers: Answers) -> float | None:
    score = ndi(_items("ndi", 10)(answers))
    return score.score if score else None


def _startback(answers: Answers) -> float | None:
    score = startback(_items("startback", 9)(answers))
    return score.total if score else None


def _answer(column: str) -> Callable[[Answers], float | None]:
    return lambda answers: answers.get(column)


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    unit: str  # how a score and a change are counted: "points", "minutes"
    low: float
    high: float
    lower_is_better: bool
    score: Callable[[Answers], float | None]
    mic: float | None = None
    mic_percent: float | None = None  # of the earlier score; either threshold suffices
    mic_source: str = ""
    sdc: float | None = None
    sdc_source: str = ""


INSTRUMENTS = (
    Instrument("odi", "Oswestry Disability Index", "points", 0, 100, True, _odi,
               mic=10, mic_percent=30, mic_source=OSTELO_2008,
               sdc=18, sdc_source=PARAI_2020),
    Instrument("ndi", "Neck Disability Index", "points", 0, 50, True, _ndi,
               mic=7.5, mic_source=YOUNG_2009, sdc=10.2, sdc_source=YOUNG_2009),
    Instrument("axial_pain", "Back or neck pain (0-10)", "points", 0, 10, True,
               _answer("axial_pain"), mic=2, mic_percent=30,
               mic_source=f"{FARRAR_2001}; {OSTELO_2008}", sdc=3.6, sdc_source=PARAI_2020),
    Instrument("limb_pain", "Leg or arm pain (0-10)", "points", 0, 10, True,
               _answer("limb_pain"), mic=2, mic_percent=30,
               mic_source=f"{FARRAR_2001}; {OSTELO_2008}", sdc=3.7, sdc_source=PARAI_2020),
    # No published MIC or SDC for self-reported walking minutes or the STarT Back total (a
    # stratification tool, not a measure of change): charted, their changes not judged.
    Instrument("walking_minutes", "Walking tolerance (minutes)", "minutes", 0, 600, False,
               _answer("walking_minutes")),
    Instrument("startback", "STarT Back total (0-9)", "points", 0, 9, True, _startback),
)


@dataclass(frozen=True)
class Change:
    points: float  # later minus earlier
    verdict: str  # IMPROVED, WITHIN_NOISE, WORSE or NOT_CLASSIFIED
    important: bool  # an improvement reaching the MIC (points, or percent of the earlier)


def change(instrument: Instrument, earlier: float, later: float) -> Change:
    """The change from `earlier` to `later`, judged against the SDC (a change at least the
    SDC is beyond noise) and, when an improvement, the MIC (at least the MIC in points, or at
    least mic_percent of the earlier score)."""
    points = float(Decimal(str(later)) - Decimal(str(earlier)))
    gain = -points if instrument.lower_is_better else points
    if instrument.sdc is None:
        verdict = NOT_CLASSIFIED
    elif gain >= instrument.sdc:
        verdict = IMPROVED
    elif -gain >= instrument.sdc:
        verdict = WORSE
    else:
        verdict = WITHIN_NOISE
    important = gain > 0 and (
        (instrument.mic is not None and gain >= instrument.mic)
        or (instrument.mic_percent is not None and earlier > 0
            and Decimal(str(gain)) * 100 >= Decimal(str(earlier)) * Decimal(
                str(instrument.mic_percent))))
    return Change(points, verdict, important)


@dataclass(frozen=True)
class Occasion:
    """A visit of the series: its date (ISO), its kind in words, and its answers."""

    date: str
    kind: str
    answers: Answers


def _change_data(instrument: Instrument, earlier: float | None,
                 later: float) -> dict[str, Any] | None:
    if earlier is None:
        return None
    found = change(instrument, earlier, later)
    return {"points": found.points, "verdict": found.verdict, "important": found.important}


def trends(occasions: Sequence[Occasion]) -> list[dict[str, Any]]:
    """Each instrument recorded at least once: its thresholds and its points in date order,
    each with its change since the baseline (the first recorded) and since the last one.

    Plain data (JSON), so that a signed note keeps the series it was signed with."""
    found = []
    for instrument in INSTRUMENTS:
        points: list[dict[str, Any]] = []
        for occasion in occasions:
            value = instrument.score(occasion.answers)
            if value is None:
                continue
            baseline = points[0]["value"] if points else None
            last = points[-1]["value"] if points else None
            points.append({"date": occasion.date, "kind": occasion.kind, "value": value,
                           "since_baseline": _change_data(instrument, baseline, value),
                           "since_last": _change_data(instrument, last, value)})
        if points:
            found.append({"code": instrument.code, "title": instrument.title,
                          "unit": instrument.unit, "low": instrument.low,
                          "high": instrument.high,
                          "lower_is_better": instrument.lower_is_better,
                          "mic": instrument.mic, "mic_percent": instrument.mic_percent,
                          "mic_source": instrument.mic_source, "sdc": instrument.sdc,
                          "sdc_source": instrument.sdc_source, "points": points})
    return found
