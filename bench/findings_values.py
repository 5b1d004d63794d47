"""Plausible answers for every declared finding, drawn from the data dictionary: what a spine
clinic's visits look like in bulk (mostly negative screens, a normal neurological grid with the
odd weak root, pain scores across the scale), so the seed fills every step as people do.

Each value is chosen by the declaration's kind, vocabulary and range, and a question is answered
only when its `asked_when` condition holds, as on the step pages (docs/findings.md).
"""

import datetime
import random

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, ItemList, Kind
from backpain.clinical.dictionary.roots import SIDES, grid_column, side_column

# Where a declaration's range is far wider than what a clinic records, the usual range.
USUAL_RANGE = {
    "systolic_bp": (100, 170), "post_void_residual_ml": (0, 150), "slr_angle": (20, 90),
    "morning_stiffness_minutes": (0, 60), "follow_up_weeks": (2, 12),
    "temperature_c": (36.0, 37.6), "crp_mg_l": (0.5, 25.0), "esr_mm_h": (2, 40),
    "wbc_10e9_l": (4.0, 12.0), "age_at_onset": (18, 70), "si_provocation_positive": (0, 3),
}
# The answers of a visit that is not unwell where a vocabulary has no "none" or "normal".
WELL = {"findings": ("normal", "degenerative", "disc_herniation", "stenosis",
                     "spondylolisthesis"),
        "treatment_response": ("better", "same")}
# The typical grade of each grid, and how often another one is found.
GRID_USUAL = {"motor": 5, "reflex": 2, "sensation": "normal"}
PROSE = (
    "Symptoms improving with activity modification; no new neurological symptoms reported.",
    "Pain worse after prolonged sitting at work; walking eases it. Sleeps through the night.",
    "Discussed the natural history of back pain and the signs that need urgent review.",
    "Examined with a chaperone present. Patient comfortable at rest, mobilises independently.",
    "Previous episode five years ago settled with physiotherapy over six weeks.",
    "Reports tingling in the foot after walking 200 m, relieved by sitting or bending forward.",
    "Imaging reviewed with the patient; findings explained in relation to the symptoms.",
    "Agreed a graded return to normal activities with a home exercise programme.",
)
# Most visits screen negative: only an "unwell" visit (one in UNWELL) answers yes to a
# yes/no question (at YES of them) or gives an abnormal value where a normal one exists.
UNWELL = 0.15
YES = 0.06
USUAL = 0.8


class Answers:
    """One visit's answers so far, by full path, for the `asked_when` conditions."""

    def __init__(self, rng: random.Random, visit_date: datetime.date, age: int, sex: str,
                 visit_type: str):
        self.rng = rng
        self.unwell = rng.random() < UNWELL
        self.visit_date = visit_date
        self.by_path = {"patient.age_years": age, "patient.sex": sex,
                        "visit.visit_date": visit_date.isoformat(), "visit.visit_type": visit_type}

    def step(self, section: str, keep: float = 1.0) -> dict:
        """Column -> value for a step's declarations; `keep` is the share of optional
        questions answered (a busy clinic leaves some blank)."""
        columns: dict = {}
        for item in dictionary.section(section):
            if isinstance(item, Grid):
                columns.update(self.grid(item))
            elif isinstance(item, ItemList):
                columns.update({item.column(n): self.rng.randint(low, high)
                                for n, (_label, low, high) in enumerate(item.items, start=1)})
            elif item.asked_when is None or item.asked_when.holds(self.by_path):
                if not item.required and self.rng.random() > keep:
                    continue
                columns.update(self.finding(item))
        if section == "history":
            self.consistent_history(columns)
        return columns

    def consistent_history(self, columns: dict) -> None:
        """Pain best <= now <= worst, and symptoms began no later than today's age
        (backpain/clinical/validation.py checks both)."""
        pains = [name for name in ("pain_best", "pain_now", "pain_worst") if name in columns]
        for name, value in zip(pains, sorted(columns[name] for name in pains), strict=True):
            columns[name] = value
        if columns.get("age_at_onset") is not None:
            columns["age_at_onset"] = min(columns["age_at_onset"],
                                          self.by_path["patient.age_years"])

    def finding(self, item: Finding) -> dict:
        if item.sided:
            return {side_column(item.name, side): self.value(item) for side in SIDES}
        value = self.value(item)
        self.by_path[item.path] = value
        return {item.name: value}

    def grid(self, item: Grid) -> dict:
        usual = GRID_USUAL[item.prefix]
        columns = {}
        for key in item.keys:
            for side in SIDES:
                if not self.unwell or self.rng.random() < 0.9:
                    value = usual
                elif item.kind is Kind.CHOICE:
                    value = self.rng.choice(item.values.values)
                else:
                    value = self.rng.randint(int(item.low), int(item.high))
                columns[grid_column(item.prefix, key, side)] = value
        return columns

    def value(self, item: Finding):  # noqa: PLR0911 - one return per kind
        rng, kind = self.rng, item.kind
        if kind is Kind.TRI:
            return self.unwell and rng.random() < YES
        if not self.unwell and item.name in WELL:
            well = WELL[item.name]
            return (rng.choice(well) if kind is Kind.CHOICE
                    else rng.sample(well, k=rng.randint(1, 2)))
        if kind is Kind.CHOICE:
            values = item.values.values
            usual = [v for v in ("none", "normal") if v in values]
            return (usual[0] if usual and (not self.unwell or rng.random() < USUAL)
                    else rng.choice(values))
        if kind is Kind.CHOICES:
            vocabulary = item.values
            ordinary = [v for v in vocabulary.values if v not in vocabulary.exclusive]
            if vocabulary.exclusive and (not self.unwell or rng.random() < USUAL):
                return [vocabulary.exclusive[0]]
            return rng.sample(ordinary, k=min(len(ordinary), rng.randint(1, 3)))
        if kind is Kind.DATE:
            return self.visit_date - datetime.timedelta(days=rng.randint(1, 120))
        if kind is Kind.TEXT:
            return rng.choice(PROSE)[: item.max_length] if rng.random() < 0.5 else ""
        low, high = USUAL_RANGE.get(item.name, (item.low, item.high))
        if kind is Kind.INTEGER or not item.places:
            return rng.randint(int(low), int(high))
        return round(rng.uniform(low, high), item.places)
