"""Derived values (docs/clinical-rules.md, "Derived values"), each returned as the evidence
that establishes it.

A derived value is a list of evidence strings ("history.fever=true"): empty means "not
established", which is never the same as "absent" (null is never read as false).
"""

from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Any

from .dictionary.roots import LOWER_LIMB_ROOTS, REFLEX_ROOTS, REFLEXES
from .dictionary.roots import ROOTS as ROOT_ORDER
from .findings import Diagnostics, Exam, History, Labs, Patient, Visit, VisitFindings

LEG_RADIATION = ("below_knee", "foot")
ARM_RADIATION = ("forearm_hand",)
PROXIMAL_LEG = ("thigh", "groin")
PROXIMAL_ARM = ("shoulder", "upper_arm")
UPPER_LUMBAR_ROOTS = ("L2", "L3", "L4")
UPPER_LIMB_REFLEXES = ("biceps", "brachioradialis", "triceps")
CES_BLADDER = ("retention", "incontinence", "altered_sensation")
SIDES = ("left", "right")


def ev(path: str, value: Any) -> str:
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f"{path}={value}"


def contains(path: str, values: Iterable[str] | None, wanted: Iterable[str]) -> list[str]:
    """Evidence for each wanted value present in a list field."""
    wanted = tuple(wanted)
    return [ev(path, v) for v in (values or []) if v in wanted]


def is_true(path: str, value: bool | None) -> list[str]:
    return [ev(path, True)] if value is True else []


def equals(path: str, value: Any, wanted: Any) -> list[str]:
    if value is not None and (value in wanted if isinstance(wanted, tuple) else value == wanted):
        return [ev(path, value)]
    return []


def either_side(path: str, pair: Any) -> list[str]:
    if pair is None:
        return []
    return [ev(f"{path}.{side}", True) for side, value in pair.sides() if value is True]


def sides_of(radiation_side: str | None) -> tuple[str, ...]:
    """The sides a radiation reaches: both when bilateral or not recorded."""
    return (radiation_side,) if radiation_side in SIDES else SIDES


class Facts:
    """The findings with the derived values every rule family reads."""

    def __init__(self, findings: VisitFindings):
        self.findings = findings
        # The previous signed visit, when the document carries it (Findings.previous).
        self.previous: VisitFindings | None = getattr(findings, "previous", None)
        self.patient = findings.patient or Patient()
        self.visit = findings.visit or Visit()
        self.h = findings.history or History()
        self.history_recorded = findings.history is not None
        self.x = findings.exam or Exam()
        self.exam_recorded = findings.exam is not None
        self.dx = findings.diagnostics or Diagnostics()
        self.labs = self.dx.labs or Labs()

    # --- patient and course -------------------------------------------------------------
    @property
    def age(self) -> int | None:
        age: int | None = self.patient.age_years
        return age

    def age_evidence(self) -> str:
        return ev("patient.age_years", self.age)

    def age_at_least(self, years: int) -> list[str]:
        return [self.age_evidence()] if self.age is not None and self.age >= years else []

    @cached_property
    def age_at_onset(self) -> tuple[int | None, str | None]:
        """(value, evidence): history.age_at_onset only; unrecorded it stays unknown."""
        if self.h.age_at_onset is not None:
            return self.h.age_at_onset, ev("history.age_at_onset", self.h.age_at_onset)
        return None, None

    @cached_property
    def duration_days(self) -> int | None:
        if self.visit.visit_date and self.h.onset_date:
            days: int = (self.visit.visit_date - self.h.onset_date).days
            return days
        return None

    @cached_property
    def duration_category(self) -> str | None:
        days = self.duration_days
        if days is None:
            return None
        return "acute" if days < 42 else "subacute" if days <= 84 else "chronic"

    def duration_evidence(self) -> list[str]:
        if self.duration_days is None:
            return []
        return [ev("history.onset_date", self.h.onset_date),
                ev("visit.visit_date", self.visit.visit_date)]

    def within_days(self, days: int) -> bool:
        """The episode began at most `days` ago, or its start is unknown (leans to safety)."""
        return self.duration_days is None or self.duration_days <= days

    @property
    def recent_episode(self) -> bool:
        return self.within_days(14)

    @property
    def acute_presentation(self) -> bool:
        return self.duration_days is None or self.duration_days < 42

    @property
    def regions(self) -> list[str]:
        regions: list[str] = self.h.regions or []
        return regions

    def in_regions(self, *wanted: str) -> list[str]:
        return contains("history.regions", self.regions, wanted)

    @property
    def pregnant(self) -> bool:
        return self.h.pregnant is True

    # --- a recent spinal procedure -------------------------------------------------------
    @property
    def after_a_procedure(self) -> bool:
        """A spinal procedure answered, or a post-operative visit (the dictionary's
        AFTER_A_PROCEDURE)."""
        return self.h.recent_spinal_procedure is True or self.visit.visit_type == "post_op"

    def procedure_within(self, days: int) -> list[str]:
        """A spinal procedure in the last `days` days; unknown days lean to safety."""
        if self.h.recent_spinal_procedure is not True:
            return []
        since = self.h.days_since_spinal_procedure
        if since is None:
            return [ev("history.recent_spinal_procedure", True)]
        if since <= days:
            return [ev("history.recent_spinal_procedure", True),
                    ev("history.days_since_spinal_procedure", since)]
        return []

    # --- radiation -----------------------------------------------------------------------
    def limb_radiation(self, distal_places: tuple[str, ...], proximal_places: tuple[str, ...],
                       sign: tuple[str, Any], roots: tuple[str, ...]) -> list[str]:
        """Radicular distribution into a limb: its distal places; or its proximal places with,
        on a painful side, the tension sign or a finding in the roots that supply them."""
        distal = contains("history.radiation", self.h.radiation, distal_places)
        proximal = contains("history.radiation", self.h.radiation, proximal_places)
        if distal or not proximal:
            return distal
        sides = sides_of(self.h.radiation_side)
        path, pair = sign
        signs = [*(e for side in sides for e in either_side_of(path, pair, side)),
                 *self.root_findings_in(roots, sides)]
        return [*proximal, *signs] if signs else []

    @cached_property
    def leg_radiation(self) -> list[str]:
        """Below the knee or the foot; or the thigh or groin with a femoral stretch sign or an
        L2-L4 finding on that side."""
        return self.limb_radiation(LEG_RADIATION, PROXIMAL_LEG,
                                   ("exam.femoral_stretch", self.x.femoral_stretch),
                                   UPPER_LUMBAR_ROOTS)

    @cached_property
    def arm_radiation(self) -> list[str]:
        """The forearm or hand; or the shoulder or upper arm with a positive Spurling or a C5
        finding on that side."""
        return self.limb_radiation(ARM_RADIATION, PROXIMAL_ARM,
                                   ("exam.spurling", self.x.spurling), ("C5",))

    @property
    def radiation_known(self) -> bool:
        return bool(self.h.radiation)

    @property
    def no_limb_radiation(self) -> list[str]:
        """Evidence that the pain does not radiate into a limb (radiation was asked)."""
        if not self.radiation_known or self.leg_radiation or self.arm_radiation:
            return []
        return [ev("history.radiation", ",".join(self.h.radiation))]

    @property
    def bilateral_leg_radiation(self) -> list[str]:
        if self.leg_radiation and self.h.radiation_side == "bilateral":
            return [*self.leg_radiation, ev("history.radiation_side", "bilateral")]
        return []

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
    def motor_decline(self) -> list[tuple[str, str, int, int]]:
        """(root, side, previous grade, grade now) for every grade lower than at the previous
        signed visit. A grade missing at either visit is no comparison."""
        before = (self.previous.exam.motor if self.previous and self.previous.exam else None) or {}
        return [(root, side, then, now)
                for root, pair in sorted((self.x.motor or {}).items(), key=_root_key)
                if root in before
                for (side, now), then in zip(pair.sides(), (before[root].left,
                                                            before[root].right), strict=True)
                if now is not None and then is not None and now < then]

    @property
    def previous_date(self) -> date | None:
        visit = self.previous.visit if self.previous else None
        return visit.visit_date if visit else None

    @cached_property
    def progressive_weakness(self) -> list[str]:
        """Weakness getting worse: reported, or a motor grade fallen since the previous signed
        visit (each named with both grades and the previous visit's date)."""
        found = is_true("history.weakness_progressive", self.h.weakness_progressive)
        for root, side, then, now in self.motor_decline:
            found += [ev(f"exam.motor.{root}.{side}", now),
                      ev(f"previous.exam.motor.{root}.{side}", then),
                      ev("previous.visit.visit_date", self.previous_date)]
        return list(dict.fromkeys(found))

    def motor_decline_words(self) -> str:
        """" Motor grade fell since the visit of 2026-05-04: L5 left from 4 to 3." (added to a
        rationale), or "" when no grade fell."""
        if not self.motor_decline:
            return ""
        falls = ", ".join(f"{root} {side} from {then} to {now}"
                          for root, side, then, now in self.motor_decline)
        return f" Motor grade fell since the visit of {self.previous_date}: {falls}."

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
    def any_motor_deficit(self) -> list[str]:
        return [ev(f"exam.motor.{root}.{side}", grade) for root, side, grade in self.motor_deficits]

    @cached_property
    def sensory_losses(self) -> list[tuple[str, str, str]]:
        return [(root, side, value)
                for root, pair in sorted((self.x.sensation or {}).items(), key=_root_key)
                for side, value in pair.sides() if value in ("reduced", "absent")]

    @cached_property
    def reflex_asymmetries(self) -> list[tuple[str, str, int]]:
        """(reflex, side, grade) where a root lesion is suggested: the side graded lower than
        the other and below normal (0 or 1), or absent. A brisk side (3, 4) against a normal
        one is not a root lesion, and ankle reflexes absent on both sides at 60 or over are
        not localising."""
        found = []
        for reflex in REFLEXES:
            pair = (self.x.reflexes or {}).get(reflex)
            if pair is None:
                continue
            if (reflex == "achilles" and pair.left == 0 and pair.right == 0
                    and self.age is not None and self.age >= 60):
                continue
            for side, grade, other in (("left", pair.left, pair.right),
                                       ("right", pair.right, pair.left)):
                absent = grade == 0
                reduced_against_other = grade == 1 and other is not None and other > grade
                if absent or reduced_against_other:
                    found.append((reflex, side, grade))
        return found

    def reflex_evidence(self) -> list[str]:
        found = []
        for reflex, side, grade in self.reflex_asymmetries:
            pair = self.x.reflexes[reflex]
            found.append(ev(f"exam.reflexes.{reflex}.{side}", grade))
            other = "right" if side == "left" else "left"
            if getattr(pair, other) is not None:
                found.append(ev(f"exam.reflexes.{reflex}.{other}", getattr(pair, other)))
        return list(dict.fromkeys(found))

    def root_findings_in(self, roots: tuple[str, ...], sides: tuple[str, ...]) -> list[str]:
        """Motor, sensory or reflex findings in these roots on these sides."""
        return [
            *(ev(f"exam.motor.{root}.{side}", grade) for root, side, grade in self.motor_deficits
              if root in roots and side in sides),
            *(ev(f"exam.sensation.{root}.{side}", value)
              for root, side, value in self.sensory_losses if root in roots and side in sides),
            *(ev(f"exam.reflexes.{reflex}.{side}", grade)
              for reflex, side, grade in self.reflex_asymmetries
              if REFLEX_ROOTS[reflex] in roots and side in sides),
        ]

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

    # --- myelopathy ------------------------------------------------------------------------
    @cached_property
    def gait_domain(self) -> list[str]:
        return [*is_true("history.gait_change", self.h.gait_change),
                *equals("exam.tandem_gait", self.x.tandem_gait, "abnormal"),
                *equals("exam.gait", self.x.gait, ("ataxic", "wide_based"))]

    @cached_property
    def hand_domain(self) -> list[str]:
        return [*is_true("history.hand_clumsiness", self.h.hand_clumsiness),
                *contains("history.numbness_areas", self.h.numbness_areas, ("hand",))]

    @cached_property
    def myelopathy_domains(self) -> list[list[str]]:
        domains = [self.gait_domain, self.hand_domain,
                   is_true("history.lhermitte", self.h.lhermitte)]
        return [domain for domain in domains if domain]

    @cached_property
    def brisk_limbs(self) -> list[str]:
        """Reflexes graded 3 or more, by limb: evidence if two limbs or more are brisk."""
        limbs: dict[tuple[str, str], list[str]] = {}
        for reflex, pair in (self.x.reflexes or {}).items():
            limb = "arm" if reflex in UPPER_LIMB_REFLEXES else "leg"
            for side, grade in pair.sides():
                if grade is not None and grade >= 3:
                    limbs.setdefault((limb, side), []).append(
                        ev(f"exam.reflexes.{reflex}.{side}", grade))
        return [e for found in limbs.values() for e in found] if len(limbs) >= 2 else []

    @cached_property
    def umn_sign(self) -> list[str]:
        found = [*either_side("exam.hoffmann", self.x.hoffmann),
                 *either_side("exam.babinski", self.x.babinski),
                 *either_side("exam.clonus", self.x.clonus),
                 *either_side("exam.inverted_supinator", self.x.inverted_supinator)]
        for reflex, pair in sorted((self.x.reflexes or {}).items()):
            found += [ev(f"exam.reflexes.{reflex}.{side}", 4)
                      for side, grade in pair.sides() if grade == 4]
        if self.brisk_limbs and self.myelopathy_domains:
            found += [*self.brisk_limbs, *self.myelopathy_domains[0]]
        return list(dict.fromkeys(found))

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
            *is_true("history.rectal_sensation_change", h.rectal_sensation_change),
            *equals("exam.saddle_sensation", x.saddle_sensation, ("reduced", "absent")),
            *is_true("history.bowel_incontinence", h.bowel_incontinence),
            *equals("exam.anal_tone", x.anal_tone, "reduced"),
        ]
        if x.post_void_residual_ml is not None and x.post_void_residual_ml >= 200:
            found.append(ev("exam.post_void_residual_ml", x.post_void_residual_ml))
        return found

    @cached_property
    def bilateral_lower_limb_deficit(self) -> list[str]:
        """Grade <= 3 weakness in an L2-S1 root on both sides, or progressive weakness with
        bilateral radiation; and new (not longstanding and stable)."""
        weak = {side: [ev(f"exam.motor.{root}.{side}", grade)
                       for root, side_, grade in self.motor_deficits
                       if side_ == side and root in LOWER_LIMB_ROOTS and grade <= 3]
                for side in SIDES}
        found = [*weak["left"], *weak["right"]] if weak["left"] and weak["right"] else []
        progressive = self.progressive_weakness
        # Radiation into both legs (or not recorded: leans to safety); both arms only is not a
        # lower-limb deficit (a local reading of version 2, which says "radiation_side").
        legs = contains("history.radiation", self.h.radiation,
                        ("buttock", *PROXIMAL_LEG, *LEG_RADIATION))
        if progressive and self.h.radiation_side == "bilateral" and (
                legs or not self.h.radiation):
            found += [*progressive, ev("history.radiation_side", "bilateral"), *legs]
        if not found:
            return []
        new = (self.h.bilateral_leg_onset != "longstanding_stable" or progressive
               or (self.duration_days is not None and self.duration_days <= 90))
        return list(dict.fromkeys(found)) if new else []

    @cached_property
    def neuro_finding(self) -> list[str]:
        """What makes cancer or infection an emergency (docs/clinical-rules.md): reported
        weakness, a motor grade <= 4, an upper motor neuron sign, a gait domain, a sensory loss
        in a root, or any cauda equina finding."""
        sensory = [ev(f"exam.sensation.{root}.{side}", value)
                   for root, side, value in self.sensory_losses]
        return list(dict.fromkeys([
            *is_true("history.weakness", self.h.weakness),
            *self.progressive_weakness,
            *self.any_motor_deficit, *self.umn_sign, *self.gait_domain, *sensory,
            *self.cauda_equina_findings]))

    @cached_property
    def deficit(self) -> list[str]:
        """"A deficit" for the anticoagulation gap: any motor grade <= 4 or reported weakness."""
        return [*self.any_motor_deficit, *is_true("history.weakness", self.h.weakness)]

    @cached_property
    def progression(self) -> list[str]:
        return [*self.progressive_weakness,
                *self.cauda_equina_findings,
                *equals("history.treatment_response", self.h.treatment_response, "worse")]

    # --- laboratory markers ----------------------------------------------------------------
    @cached_property
    def crp_raised(self) -> list[str]:
        """CRP above 10 mg/l; within 28 days of a spinal procedure only above 100 after day 7
        (the operation itself raises it: Thelander & Larsson 1992)."""
        crp = self.labs.crp_mg_l
        if crp is None:
            return []
        since = self.h.days_since_spinal_procedure
        after_procedure = (self.h.recent_spinal_procedure is True and since is not None
                           and since <= 28)
        if after_procedure and (since <= 7 or crp <= 100):
            return []
        return [ev("diagnostics.labs.crp_mg_l", crp)] if crp > 10 else []

    @cached_property
    def esr_raised(self) -> list[str]:
        """ESR above Miller's age limit (men age/2, women (age + 10)/2) and above 20 mm/h; not
        read under 18, in pregnancy, or within 42 days of a spinal procedure."""
        esr = self.labs.esr_mm_h
        if esr is None or self.pregnant or (self.age is not None and self.age < 18):
            return []
        since = self.h.days_since_spinal_procedure
        if self.h.recent_spinal_procedure is True and since is not None and since <= 42:
            return []
        limit = 20.0
        if self.age is not None:
            miller = (self.age + 10) / 2 if self.patient.sex == "female" else self.age / 2
            limit = max(limit, miller)
        return [ev("diagnostics.labs.esr_mm_h", esr)] if esr > limit else []

    @property
    def inflammatory_marker_raised(self) -> list[str]:
        return [*self.crp_raised, *self.esr_raised]

    # --- diagnostics -------------------------------------------------------------------------
    def study_findings(self, finding: str) -> list[str]:
        return [ev(f"diagnostics.studies[{index}].findings", finding)
                for index, study in enumerate(self.dx.studies or [])
                if finding in (study.findings or [])]

    def prior_imaging(self, modality: str, regions: Iterable[str] | None = None
                      ) -> tuple[int, Any] | None:
        """(index, study) of a resulted study of this modality of a painful region (or of
        `regions`), dated on or after the onset of this episode: the scan already done."""
        wanted = set(regions if regions is not None else self.regions)
        onset: date | None = self.h.onset_date
        if onset is None:
            return None
        for index, study in enumerate(self.dx.studies or []):
            if (study.status == "resulted" and study.modality == modality
                    and study.region in wanted and study.date is not None
                    and study.date >= onset):
                return index, study
        return None


def either_side_of(path: str, pair: Any, side: str) -> list[str]:
    if pair is None or getattr(pair, side) is not True:
        return []
    return [ev(f"{path}.{side}", True)]


def _root_key(item: tuple[str, Any]) -> int:
    return ROOT_ORDER.index(item[0])
