"""Screening gaps: red-flag questions left unasked (docs/clinical-rules.md, "Screening gaps").

The core screen is asked at every visit; each question left null is listed with the
condition it screens for, in the order a clinician would ask them.
"""

from .derived import Facts
from .result import ScreeningGap

CORE_SCREEN = (
    ("bladder_dysfunction", "cauda_equina_syndrome"),
    ("saddle_numbness", "cauda_equina_syndrome"),
    ("bowel_incontinence", "cauda_equina_syndrome"),
    ("weakness", "severe_neurological_deficit"),
    ("trauma", "spinal_fracture"),
    ("cancer_history", "malignancy"),
    ("unexplained_weight_loss", "malignancy"),
    ("fever", "spinal_infection"),
)
CERVICAL_SCREEN = (
    ("gait_change", "myelopathy"),
    ("hand_clumsiness", "myelopathy"),
)


def screening_gaps(f: Facts) -> list[ScreeningGap]:
    questions = list(CORE_SCREEN)
    if "cervical" in f.regions:
        questions += CERVICAL_SCREEN
    gaps = [ScreeningGap(field=f"history.{name}", screens_for=condition)
            for name, condition in questions if getattr(f.h, name) is None]
    if f.exam_recorded and f.leg_radiation and f.x.saddle_sensation is None:
        gaps.append(ScreeningGap(field="exam.saddle_sensation",
                                 screens_for="cauda_equina_syndrome"))
    return gaps
