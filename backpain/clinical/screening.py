"""Screening gaps: red-flag questions left unasked (docs/clinical-rules.md, "Screening
gaps"). An unasked question is a gap, never a "no".

The core screen (the history's questions with a screening role in the dictionary) is asked at
every visit, in the order a clinician asks it; the other questions are gaps only where the
rules say so, exactly as listed below.
"""

from . import dictionary
from .derived import Facts
from .red_flags import canadian_c_spine
from .result import RedFlag, ScreeningGap

# The questions of the red-flag screen: the history's declarations with a screening role, in
# the order a clinician asks them (the cauda equina screen first).
SCREEN_ORDER = ("cauda_equina_syndrome", "severe_neurological_deficit", "spinal_fracture",
                "malignancy", "spinal_infection", "myelopathy")
SCREEN = sorted((item for item in dictionary.findings_of("history") if item.screens_for),
                key=lambda item: SCREEN_ORDER.index(item.screens_for or ""))


def answers_of(f: Facts) -> dict[str, object]:
    """The answers by path, for the conditions of the dictionary."""
    answers = {f"history.{name}": value for name, value in f.h.model_dump().items()}
    answers.update({f"patient.{name}": value for name, value in f.patient.model_dump().items()})
    answers.update({f"visit.{name}": value for name, value in f.visit.model_dump().items()})
    return answers


def core_gaps(f: Facts) -> list[ScreeningGap]:
    answers = answers_of(f)
    return [ScreeningGap(field=item.path, screens_for=item.screens_for or "")
            for item in SCREEN if answers.get(item.path) is None
            and (item.screened_when is None or item.screened_when.holds(answers))]


def asked_when_gaps(f: Facts, flags: list[RedFlag]) -> list[ScreeningGap]:
    """The questions of rules version 2 that are gaps where their condition holds."""
    h, x = f.h, f.x
    answers = answers_of(f)
    gaps = []

    def gap(path: str, screens_for: str, when: bool = True) -> None:
        if when:
            gaps.append(ScreeningGap(field=path, screens_for=screens_for))

    for name, screens_for in (("bilateral_leg_onset", "cauda_equina_syndrome"),
                              ("pregnant", "pregnancy"),
                              ("days_since_spinal_procedure", "spinal_infection")):
        item = dictionary.declaration(f"history.{name}")
        gap(item.path, screens_for, getattr(h, name) is None
            and item.asked_when is not None and item.asked_when.holds(answers))
    # The Canadian C-Spine Rule: where it applies (neck injury, 16 or over, within 7 days).
    ccr_evidence, _indicated = canadian_c_spine(f)
    applies = bool(ccr_evidence) or (h.trauma in ("minor", "major") and "cervical" in f.regions
                                     and f.age is not None and f.age >= 16
                                     and f.within_days(7))
    if applies:
        gap("history.dangerous_mechanism", "spinal_fracture", h.dangerous_mechanism is None)
        gap("history.limb_paraesthesia_after_trauma", "spinal_fracture",
            h.limb_paraesthesia_after_trauma is None)
        gap("exam.ccr_low_risk", "spinal_fracture", x.ccr_low_risk is None)
        gap("exam.neck_rotation_45", "spinal_fracture",
            x.neck_rotation_45 in (None, "not_tested"))
    gap("history.anticoagulation", "severe_neurological_deficit",
        h.anticoagulation is None and (f.after_a_procedure or bool(f.deficit)))
    aortic = (x.pulsatile_abdominal_mass is True
              or (f.age is not None and f.age >= 60 and h.abdominal_pain is True))
    if aortic:
        gap("history.syncope", "vascular_or_visceral_cause", h.syncope is None)
        gap("exam.systolic_bp", "vascular_or_visceral_cause", x.systolic_bp is None)
        gap("exam.pulse_deficit", "vascular_or_visceral_cause", x.pulse_deficit is None)
    if any(flag.code == "cauda_equina_risk" for flag in flags):
        gap("exam.saddle_sensation", "cauda_equina_syndrome", x.saddle_sensation is None)
        gap("exam.anal_tone", "cauda_equina_syndrome", x.anal_tone is None)
        gap("exam.post_void_residual_ml", "cauda_equina_syndrome",
            x.post_void_residual_ml is None)
    elif f.exam_recorded and f.leg_radiation:
        gap("exam.saddle_sensation", "cauda_equina_syndrome", x.saddle_sensation is None)
    return gaps


def screening_gaps(f: Facts, flags: list[RedFlag]) -> list[ScreeningGap]:
    gaps = [*core_gaps(f), *asked_when_gaps(f, flags)]
    return list({gap.field: gap for gap in gaps}.values())
