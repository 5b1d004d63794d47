"""Pain patterns and root levels (docs/clinical-rules.md, "Pain patterns"). Several may
coexist."""

from collections.abc import Iterable

from .derived import Facts, contains, equals, ev, is_true
from .result import Pattern, RedFlag

MOVEMENT_OR_LOADING = ("flexion", "extension", "rotation", "sitting", "standing", "lifting")
RADICULAR_QUALITIES = ("shooting", "electric", "burning")
CLAUDICATION_RADIATION = ("thigh", "below_knee", "foot")

CITATIONS = {
    "axial_mechanical": "NICE NG59; Bardin et al., Med J Aust 2017 (diagnostic triage for LBP)",
    "radicular": "NICE NG59 (sciatica); Bardin et al. 2017; ACR LBP (2021)",
    "neurogenic_claudication": "NASS clinical guideline for lumbar spinal stenosis (2011); "
                               "Katz & Harris, NEJM 2008",
    "inflammatory": "Sieper et al., ASAS inflammatory back pain expert criteria, Ann Rheum Dis "
                    "2009",
    "myelopathic": "Davies et al., BMJ 2018",
}


def pattern(code: str, evidence: list[str], levels: Iterable[str] = ()) -> Pattern:
    return Pattern(code=code, evidence=list(dict.fromkeys(evidence)), levels=list(levels))


def inflammatory(f: Facts) -> Pattern | None:
    """Chronic pain with at least 4 of the 5 ASAS inflammatory back pain parameters."""
    if f.duration_category != "chronic":
        return None
    h = f.h
    onset_age, onset_evidence = f.age_at_onset
    parameters: list[list[str]] = [
        [onset_evidence] if onset_evidence and onset_age is not None and onset_age < 40 else [],
        equals("history.onset", h.onset, "gradual"),
        is_true("history.improves_with_exercise", h.improves_with_exercise),
        [ev("history.improves_with_rest", False)] if h.improves_with_rest is False else [],
        equals("history.night_pain", h.night_pain, "wakes_second_half"),
    ]
    met = [p for p in parameters if p]
    if len(met) < 4:
        return None
    return pattern("inflammatory", [*f.duration_evidence(), *(e for p in met for e in p)])


def axial_mechanical(f: Facts, inflammatory_pattern: Pattern | None) -> Pattern | None:
    loading = contains("history.aggravating", f.h.aggravating, MOVEMENT_OR_LOADING)
    if f.no_limb_radiation and loading and inflammatory_pattern is None:
        return pattern("axial_mechanical", [*f.no_limb_radiation, *loading])
    return None


def radicular(f: Facts) -> Pattern | None:
    radiation = [*f.leg_radiation, *f.arm_radiation]
    if not radiation:
        return None
    support = [*f.tension_signs, *f.root_findings,
               *contains("history.pain_qualities", f.h.pain_qualities, RADICULAR_QUALITIES)]
    if not support:
        return None
    side = [ev("history.radiation_side", f.h.radiation_side)] if f.h.radiation_side else []
    return pattern("radicular", [*radiation, *side, *support], f.root_levels)


def neurogenic_claudication(f: Facts) -> Pattern | None:
    h = f.h
    evidence = is_true("history.leg_symptoms_walking_relieved_by_sitting",
                       h.leg_symptoms_walking_relieved_by_sitting)
    upright = contains("history.aggravating", h.aggravating, ("walking", "standing"))
    eased = contains("history.relieving", h.relieving, ("sitting", "flexion"))
    spread = contains("history.radiation", h.radiation, CLAUDICATION_RADIATION)
    if upright and eased and spread:
        evidence += [*upright, *eased, *spread]
    return pattern("neurogenic_claudication", evidence) if evidence else None


def myelopathic(myelopathy_flag: RedFlag | None) -> Pattern | None:
    return pattern("myelopathic", myelopathy_flag.evidence) if myelopathy_flag else None


def patterns(f: Facts, inflammatory_pattern: Pattern | None,
             myelopathy_flag: RedFlag | None) -> list[Pattern]:
    found = [axial_mechanical(f, inflammatory_pattern), radicular(f),
             neurogenic_claudication(f), inflammatory_pattern, myelopathic(myelopathy_flag)]
    return sorted((p for p in found if p is not None), key=lambda p: p.code)
