"""Derived values (docs/clinical-rules.md), each returned as the evidence that establishes it.

A derived value is a list of evidence strings ("history.fever=true"): empty means "not
established", which is never the same as "absent" (null is never read as false).
"""

from functools import cached_property

from .dictionary.roots import REFLEX_ROOTS, REFLEXES
from .dictionary.roots import ROOTS as ROOT_ORDER
from .findings import Diagnostics, Exam, Findings, History, Labs, Patient, Visit

LEG_RADIATION = ("below_knee", "foot")
ARM_RADIATION = ("forearm_hand",)
LOWER_LIMB_REFLEXES = ("patellar", "achilles")
CES_BLADDER = ("retention", "incontinence", "altered_sensation")


def ev(path, value) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{path}={value}"


def contains(path, values, wanted) -> list[str]:
    """Evidence for each wanted value present in a list field."""
    return [ev(path, v) for v in (values or []) if v in wanted]


def is_true(path, value) -> list[str]:
    return [ev(path, True)] if value is True else []


def equals(path, value, wanted) -> list[str]:
    if value is not None and (value in wanted if isinstance(wanted, tuple) else value == wanted):
        return [ev(path, value)]
    return []


def either_side(path, pair) -> list[str]:
    if pair is None:
        return []
    return [ev(f"{path}.{side}", True) for side, value in pair.sides() if value is True]


class Facts:
    """The findings with the derived values every rule family reads."""

    def __init__(self, findings: Findings):
        self.findings = findings
        self.patient = findings.patient or Patient()
        self.visit = findings.visit or Visit()
        self.h = findings.history or History()
        self.x = findings.exam or Exam()
        self.exam_recorded = findings.exam is not None
        self.dx = findings.diagnostics or Diagnostics()
        self.labs = self.dx.labs or Labs()

    # --- patient and course -------------------------------------------------------------
    @property
    def age(self):
        return self.patient.age_years

    def age_evidence(self) -> str:
        return ev("patient.age_years", self.age)

    @cached_property
    def age_at_onset(self):
        """(value, evidence): history.age_at_onset, else the patient's age (docs/findings.md)."""
        if self.h.age_at_onset is not None:
            return self.h.age_at_onset, ev("history.age_at_onset", self.h.age_at_onset)
        if self.age is not None:
            return self.age, self.age_evidence()
        return None, None

    @cached_property
    def duration_days(self):
        if self.visit.visit_date and self.h.onset_date:
            return (self.visit.visit_date - self.h.onset_date).days
        return None

    @cached_property
    def duration_category(self):
        days = self.duration_days
        if days is None:
            return None
        return "acute" if days < 42 else "subacute" if days <= 84 else "chronic"

    def duration_evidence(self) -> list[str]:
        if self.duration_days is None:
            return []
        return [ev("history.onset_date", self.h.onset_date),
                ev("visit.visit_date", self.visit.visit_date)]

    @property
    def regions(self):
        return self.h.regions or []

    # --- radiation -----------------------------------------------------------------------
    @cached_property
    def leg_radiation(self) -> list[str]:
        return contains("history.radiation", self.h.radiation, LEG_RADIATION)

    @cached_property
    def arm_radiation(self) -> list[str]:
        return contains("history.radiation", self.h.radiation, ARM_RADIATION)

    @property
    def radiation_known(self) -> bool:
        return bool(self.h.radiation)

    @property
    def no_limb_radiation(self) -> list[str]:
        """Evidence that the pain does not radiate into a limb (radiation was asked)."""
        if not self.radiation_known or self.leg_radiation or self.arm_radiation:
            return []
        return [ev("history.radiation", ",".join(self.h.radiation))]

    # --- fever ---------------------------------------------------------------------------
    @cached_property
    def fever(self) -> list[str]:
        found = is_true("history.fever", self.h.fever)
        if self.x.temperature_c is not None and self.x.temperature_c >= 38.0:
            found.append(ev("exam.temperature_c", self.x.temperature_c))
        return found

    # --- neurological examination ---------------------------------------------------------
    @cached_property
    def motor_deficits(self) -> list[tuple[str, str, int]]:
        """(root, side, grade) for every grade <= 4."""
        return [(root, side, grade)
                for root, pair in sorted((self.x.motor or {}).items(), key=_root_key)
                for side, grade in pair.sides() if grade is not None and grade <= 4]

    @cached_property
    def severe_motor_deficit(self) -> list[str]:
        return [ev(f"exam.motor.{root}.{side}", grade)
                for root, side, grade in self.motor_deficits if grade <= 3]

    @cached_property
    def multilevel_motor_deficit(self) -> list[str]:
        roots = {root for root, _, _ in self.motor_deficits}
        if len(roots) < 2:
            return []
        return [ev(f"exam.motor.{root}.{side}", grade) for root, side, grade in self.motor_deficits]

    @cached_property
    def sensory_losses(self) -> list[tuple[str, str, str]]:
        return [(root, side, value)
                for root, pair in sorted((self.x.sensation or {}).items(), key=_root_key)
                for side, value in pair.sides() if value in ("reduced", "absent")]

    @cached_property
    def reflex_asymmetries(self) -> list[tuple[str, str, int]]:
        """(reflex, side, grade) for a side graded lower than the other, or graded 0."""
        found = []
        for reflex in REFLEXES:
            pair = (self.x.reflexes or {}).get(reflex)
            if pair is None:
                continue
            for side, grade, other in (("left", pair.left, pair.right),
                                       ("right", pair.right, pair.left)):
                if grade is None:
                    continue
                if grade == 0 or (other is not None and grade < other):
                    found.append((reflex, side, grade))
        return found

    def reflex_evidence(self) -> list[str]:
        found = []
        for reflex, side, grade in self.reflex_asymmetries:
            pair = self.x.reflexes[reflex]
            found.append(ev(f"exam.reflexes.{reflex}.{side}", grade))
            other = "right" if side == "left" else "left"
            if getattr(pair, other) is not None and grade != 0:
                found.append(ev(f"exam.reflexes.{reflex}.{other}", getattr(pair, other)))
        return list(dict.fromkeys(found))

    @cached_property
    def root_findings(self) -> list[str]:
        """Evidence of a deficit in a root: motor grade <= 4, sensory loss, reflex asymmetry."""
        return [
            *(ev(f"exam.motor.{root}.{side}", grade) for root, side, grade in self.motor_deficits),
            *(ev(f"exam.sensation.{root}.{side}", value)
              for root, side, value in self.sensory_losses),
            *self.reflex_evidence(),
        ]

    @cached_property
    def root_levels(self) -> list[str]:
        """Each root with a finding in it, with its side: ["L5 left", "S1 left"]."""
        levels = {(root, side) for root, side, _ in self.motor_deficits}
        levels |= {(root, side) for root, side, _ in self.sensory_losses}
        levels |= {(REFLEX_ROOTS[reflex], side) for reflex, side, _ in self.reflex_asymmetries}
        ordered = sorted(levels, key=lambda level: (ROOT_ORDER.index(level[0]), level[1]))
        return [f"{root} {side}" for root, side in ordered]

    @cached_property
    def umn_sign(self) -> list[str]:
        found = [*either_side("exam.hoffmann", self.x.hoffmann),
                 *either_side("exam.babinski", self.x.babinski),
                 *either_side("exam.clonus", self.x.clonus)]
        for reflex in LOWER_LIMB_REFLEXES:
            pair = (self.x.reflexes or {}).get(reflex)
            if pair is not None:
                found += [ev(f"exam.reflexes.{reflex}.{side}", 4)
                          for side, grade in pair.sides() if grade == 4]
        return found

    @cached_property
    def tension_signs(self) -> list[str]:
        return [*either_side("exam.slr", self.x.slr),
                *is_true("exam.crossed_slr", self.x.crossed_slr),
                *either_side("exam.femoral_stretch", self.x.femoral_stretch),
                *either_side("exam.spurling", self.x.spurling)]

    @cached_property
    def neurological_findings(self) -> list[str]:
        """Any objective neurological finding on examination."""
        return [*self.root_findings, *self.umn_sign]

    # --- cauda equina and deficits ---------------------------------------------------------
    @cached_property
    def cauda_equina_findings(self) -> list[str]:
        h, x = self.h, self.x
        found = [
            *equals("history.bladder_dysfunction", h.bladder_dysfunction, CES_BLADDER),
            *is_true("history.saddle_numbness", h.saddle_numbness),
            *equals("exam.saddle_sensation", x.saddle_sensation, ("reduced", "absent")),
            *is_true("history.bowel_incontinence", h.bowel_incontinence),
            *equals("exam.anal_tone", x.anal_tone, "reduced"),
        ]
        if x.post_void_residual_ml is not None and x.post_void_residual_ml >= 200:
            found.append(ev("exam.post_void_residual_ml", x.post_void_residual_ml))
        return found

    @cached_property
    def neurological_deficit(self) -> list[str]:
        """The deficit that makes malignancy or infection an emergency (compression)."""
        return [*self.severe_motor_deficit,
                *is_true("history.weakness_progressive", self.h.weakness_progressive),
                *self.cauda_equina_findings,
                *self.study_findings("cauda_equina_compression")]

    # --- diagnostics -------------------------------------------------------------------------
    def study_findings(self, finding) -> list[str]:
        return [ev(f"diagnostics.studies[{index}].findings", finding)
                for index, study in enumerate(self.dx.studies or [])
                if finding in (study.findings or [])]


def _root_key(item):
    return ROOT_ORDER.index(item[0])
