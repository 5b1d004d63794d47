"""Screening gaps: red-flag questions left unasked (docs/clinical-rules.md, "Screening gaps").

The core screen is asked at every visit; each question left null is listed with the
condition it screens for, in the order a clinician would ask them.
"""

from . import dictionary
from .derived import Facts
from .result import ScreeningGap

# The questions of the red-flag screen: the history's declarations with a screening role, in
# the order a clinician asks them (the cauda equina screen first).
SCREEN_ORDER = ("cauda_equina_syndrome", "severe_neurological_deficit", "spinal_fracture",
                "malignancy", "spinal_infection", "myelopathy")
SCREEN = sorted((item for item in dictionary.findings_of("history") if item.screens_for),
                key=lambda item: SCREEN_ORDER.index(item.screens_for))


def screening_gaps(f: Facts) -> list[ScreeningGap]:
    answers = f.h.model_dump()
    gaps = [ScreeningGap(field=item.path, screens_for=item.screens_for) for item in SCREEN
            if answers.get(item.name) is None
            and (item.screened_when is None or item.screened_when.holds(answers))]
    if f.exam_recorded and f.leg_radiation and f.x.saddle_sensation is None:
        gaps.append(ScreeningGap(field="exam.saddle_sensation",
                                 screens_for="cauda_equina_syndrome"))
    return gaps
