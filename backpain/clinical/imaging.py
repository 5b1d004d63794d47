"""Imaging advice, rules version 2 (docs/clinical-rules.md, "Imaging advice").

Every advice that applies is found; the first in ORDER is the primary `advice`, every other
goes to `also`, so no advice hides an emergency. Imaging already done since the onset is
reviewed rather than repeated (except in an emergency); pregnancy changes some advice; before
the history is saved there is no advice at all.
"""

from dataclasses import dataclass

from .derived import Facts
from .red_flags import ImagingNeed, spine_region
from .result import TIME_FRAMES, Imaging, ImagingAdvice, Pattern, RedFlag

ORDER = ("emergency_non_spinal_assessment", "ct_emergency", "emergency_mri",
         "urgent_aortic_ultrasound", "urgent_mri", "mri_with_contrast", "non_spinal_assessment",
         "ct", "xray_fracture", "mri_pregnancy", "sacroiliac_imaging", "mri",
         "mri_if_intervention_candidate", "xray", "review_existing_imaging",
         "no_imaging_initially")
# The advice codes of the output: the two kinds of CT and of radiographs read the same.
CODE = {"ct_emergency": "ct", "xray_fracture": "xray"}
EMERGENCY = ("emergency_non_spinal_assessment", "ct_emergency", "emergency_mri")
MODALITY = {"emergency_mri": "mri", "urgent_mri": "mri", "mri_with_contrast": "mri",
            "mri": "mri", "mri_if_intervention_candidate": "mri", "mri_pregnancy": "mri",
            "ct": "ct", "ct_emergency": "ct", "xray": "xray", "xray_fracture": "xray",
            "sacroiliac_imaging": "xray"}
LBP = "ACR Appropriateness Criteria Low Back Pain (2021)"
NECK = "ACR Appropriateness Criteria Cervical Neck Pain or Cervical Radiculopathy (2018)"
TRAUMA = "ACR Appropriateness Criteria Suspected Spine Trauma (2018)"
CITATIONS = {
    "emergency_non_spinal_assessment": "NICE NG156 (2020) 1.1; ESC 2014 aortic disease guideline",
    "urgent_aortic_ultrasound": "NICE NG156 (2020) 1.1",
    "mri_with_contrast": f"{LBP} variant 5 (prior surgery, new or progressing symptoms)",
    "mri_with_contrast_neck": f"{NECK}: neck pain after cervical spine surgery",
    "non_spinal_assessment": "NICE NG59 1.1.1 (exclude non-spinal causes)",
    "mri_pregnancy": "ACOG Committee Opinion 723 (2017): MRI without gadolinium in pregnancy",
    "sacroiliac_imaging": "ASAS (Rudwaleit et al. 2009); NICE NG65 (2017)",
    "mri": f"{NECK}: new or increasing radiculopathy",
    "mri_if_intervention_candidate": f"{LBP} variant 3 (surgery or intervention candidate "
                                     "after 6 weeks of optimal management)",
    "mri_if_intervention_candidate_neck": f"{NECK}: persisting cervical radicular pain",
    "xray": f"{NECK}: new neck pain without red flags, radiographs as the initial study",
}


@dataclass
class Candidate:
    key: str  # its place in ORDER
    rationale: str
    citation: str
    region: str | None = None
    advice: str = ""  # the output's code, when it is not the key's own (CODE)
    frame: str = "routine"  # how soon: the flag level's time frame
    source: str = ""  # the flag that called for it

    @property
    def modality(self) -> str | None:
        return MODALITY.get(self.key)

    @property
    def soon(self) -> int:
        return TIME_FRAMES.index(self.frame)

    @property
    def code(self) -> str:
        return self.advice or CODE.get(self.key, self.key)


def spinal_urgent(flags: list[RedFlag]) -> list[RedFlag]:
    return [flag for flag in flags if flag.urgency in ("emergency", "urgent")
            and flag.code not in ("vascular_or_visceral_cause",)]


def from_needs(f: Facts, needs: list[ImagingNeed]) -> list[Candidate]:
    """The imaging every level met of every flag calls for (red_flags.py), so a lesser
    level's study is listed beside the primary, never lost."""
    found = []
    for need in needs:
        emergency_fracture = need.code == "spinal_fracture" and need.urgency == "emergency"
        key = need.advice
        if emergency_fracture:
            # CT first; radiographs for a child's neck, ordered with the emergencies all the same.
            key = "ct_emergency"
        elif need.code == "spinal_fracture" and need.advice == "xray":
            key = "xray_fracture"
        found.append(Candidate(key, need.rationale, need.citation, need.region,
                               advice=need.advice, frame=need.time_frame, source=need.code))
        if emergency_fracture and (f.neuro_finding or f.cauda_equina_findings):
            found.append(Candidate(
                "emergency_mri", "A neurological finding after the injury: consider MRI of the "
                f"{need.region} after the CT for cord or root injury.",
                f"{TRAUMA} (MRI for suspected cord or root injury)", need.region,
                frame=need.time_frame, source=need.code))
    return found


def post_operative(f: Facts) -> Candidate | None:
    """A post-operative visit with progression, new numbness or weakness, or fever."""
    if f.visit.visit_type != "post_op":
        return None
    if not (f.progression or f.h.numbness is True or f.h.weakness is True or f.fever):
        return None
    region = spine_region(f)
    return Candidate("mri_with_contrast",
                     "After spinal surgery, with progression, new numbness or weakness, or "
                     f"fever: consider urgent MRI of the {region} without and with contrast "
                     "within a week.",
                     by_region(f, CITATIONS["mri_with_contrast"],
                               CITATIONS["mri_with_contrast_neck"]), region,
                     frame="within_1_week")


def by_region(f: Facts, back: str, neck: str) -> str:
    """The guidance of the painful regions: the neck's for the neck, the low back's for the
    rest (and when no region is recorded); both when both hurt."""
    cited = [neck] if f.in_regions("cervical") else []
    if f.in_regions("thoracic", "lumbar", "sacral") or not f.regions:
        cited.append(back)
    return "; ".join(cited)


def named(flags: list[RedFlag]) -> str:
    return ", ".join(sorted({flag.code.replace("_", " ") for flag in flags}))


def besides(flags: list[RedFlag]) -> str:
    """How a rationale names the flags beside it: never "without red flags" beside one."""
    if not flags:
        return "without red flags"
    return f"without an urgent spinal red flag (raised: {named(flags)})"


def without_flags(f: Facts, flags: list[RedFlag], patterns: list[Pattern]) -> list[Candidate]:
    """Advice when no flag calls for imaging: the inflammatory, radicular and neck rules."""
    found = []
    codes = {flag.code: flag for flag in flags}
    pattern_codes = {p.code for p in patterns}
    serious = bool(spinal_urgent(flags))
    if "inflammatory_spondyloarthritis" in codes:
        found.append(Candidate("sacroiliac_imaging",
                               "Features of axial spondyloarthritis: consider radiographs of the "
                               "sacroiliac joints, or MRI if radiographs are normal.",
                               CITATIONS["sacroiliac_imaging"], "sacroiliac joints"))
    neck_only = f.regions == ["cervical"] or (f.regions and set(f.regions) <= {"cervical"})
    if neck_only and "radicular" in pattern_codes and not serious and (
            f.within_days(42) or f.progression):
        found.append(Candidate("mri", f"New or increasing cervical radiculopathy {besides(flags)}: "
                                      "consider MRI of the cervical spine.",
                               CITATIONS["mri"], "cervical spine"))
    weeks = f.h.failed_conservative_care_weeks
    persisting = (weeks >= 6 if weeks is not None
                  else f.duration_category in ("subacute", "chronic"))
    if pattern_codes & {"radicular", "neurogenic_claudication"} and persisting:
        which = "radicular pain" if "radicular" in pattern_codes else "neurogenic claudication"
        lasting = (f"{weeks} weeks of conservative care" if weeks is not None
                   else f"{f.duration_days} days of symptoms")
        found.append(Candidate(
            "mri_if_intervention_candidate",
            f"Persisting {which} ({lasting}): consider MRI of the {spine_region(f)} only if the "
            "patient is a candidate for surgery or injection.",
            CITATIONS["mri_if_intervention_candidate_neck" if neck_only
                      else "mri_if_intervention_candidate"], spine_region(f)))
    if neck_only and not serious and not flags and f.within_days(42):
        found.append(Candidate("xray", "New neck pain without red flags: radiographs only if "
                                       "imaging is needed at all, as the initial study.",
                               CITATIONS["xray"], "cervical spine"))
    return found


def no_imaging(f: Facts, flags: list[RedFlag], deferred: list[str]) -> Candidate:
    """The rationale says what decided it, never "no red flags" beside a flag, and never a
    duration the visit contradicts; in pregnancy, what was deferred and why."""
    if flags:
        reason = f"The flags raised ({named(flags)}) call for review rather than imaging now"
    else:
        reason = "No red flag is raised"
    if deferred:
        return Candidate("no_imaging_initially", f"{reason}. In pregnancy, " + "; ".join(deferred)
                         + ", unless symptoms progress or a red flag appears.",
                         "ACOG Committee Opinion 723 (2017)")
    if f.duration_days is None:
        course = "the duration of this episode is not recorded"
    elif f.duration_days < 42:
        course = f"the episode began {f.duration_days} days ago"
    else:
        course = f"after {f.duration_days} days, with no pattern that imaging would change"
    citation = by_region(f, f"{LBP} variants 1 and 2; ACP (Qaseem et al., Ann Intern Med "
                            "2017); NICE NG59 1.1.4", NECK)
    return Candidate("no_imaging_initially", f"{reason} and {course}: imaging is not advised "
                                            "initially.", citation)


# How an advice is named in another's rationale ("do not delay the urgent MRI ...").
STUDY_WORDS = {"ct": "CT", "xray": "radiographs", "emergency_mri": "emergency MRI",
               "urgent_mri": "urgent MRI", "mri_with_contrast": "MRI with contrast",
               "mri_pregnancy": "MRI without gadolinium"}
DEFERRED = {"sacroiliac_imaging": "sacroiliac imaging for features of axial spondyloarthritis "
                                  "is deferred until after delivery",
            "mri": "MRI for cervical radiculopathy without red flags waits",
            "mri_if_intervention_candidate": "MRI before surgery or injection waits",
            "xray": "neck radiographs without red flags are not taken"}


def in_pregnancy(f: Facts, candidates: list[Candidate]) -> tuple[list[Candidate], list[str]]:
    """ACOG Committee Opinion 723: necessary radiographs or CT are not withheld; MRI without
    gadolinium replaces radiographs for a lumbar fragility fracture (red_flags.py); sacroiliac
    imaging waits until after delivery; pain without red flags is not imaged. Returns the
    advice kept and the words for what was deferred."""
    if not f.pregnant:
        return candidates, []
    kept, deferred = [], []
    for candidate in candidates:
        if candidate.key in DEFERRED:
            deferred.append(DEFERRED[candidate.key])
            continue
        if candidate.key in ("ct_emergency", "ct", "xray_fracture") and f.h.trauma in (
                "minor", "major"):
            candidate.rationale += (" In pregnancy the fetal dose is far below harm thresholds: "
                                    "do not delay it.")
        if candidate.key in ("urgent_mri", "emergency_mri", "mri_with_contrast"):
            candidate.rationale += " In pregnancy avoid gadolinium unless it is essential."
        kept.append(candidate)
    return kept, list(dict.fromkeys(deferred))


# The study regions that answer an advice's region ("lumbar spine" -> lumbar or sacral).
STUDY_REGIONS = {"cervical spine": ("cervical",), "thoracic spine": ("thoracic",),
                 "lumbar spine": ("lumbar", "sacral"), "sacroiliac joints": ("sacral", "pelvis")}


def already_done(f: Facts, candidate: Candidate) -> Candidate:
    """A follow-up is not told again to get the scan it had: the same modality of every region
    the advice names ("cervical spine and lumbar spine" needs both), since the onset and
    without progression, is reviewed instead (never in an emergency)."""
    modality = candidate.modality
    parts = [regions for name, regions in STUDY_REGIONS.items()
             if candidate.region and name in candidate.region]
    if modality is None or not parts or candidate.key in EMERGENCY or f.progression:
        return candidate
    priors = [f.prior_imaging(modality, regions) for regions in parts]
    if any(prior is None for prior in priors):
        return candidate
    study_name = "radiographs" if modality == "xray" else modality.upper()
    studies = " and ".join(dict.fromkeys(
        f"{study.date.day} {study.date:%b %Y} (study {index + 1})"
        for index, study in (prior for prior in priors if prior is not None)))
    return Candidate("review_existing_imaging",
                     f"Review the existing {study_name} of {studies} before ordering another. "
                     + candidate.rationale, candidate.citation, candidate.region,
                     frame=candidate.frame, source=candidate.source)


# Advice given without an urgent flag: an urgent MRI of the same region answers it.
ROUTINE = ("mri", "mri_if_intervention_candidate", "xray")
URGENT_SPINAL = ("ct_emergency", "emergency_mri", "urgent_mri", "mri_with_contrast", "ct",
                 "xray_fracture", "mri_pregnancy")


def covers(earlier: Candidate, later: Candidate) -> bool:
    """An earlier advice makes a later one redundant: the same advice of the same region; an
    MRI or CT of the whole spine, at least as soon, before one of part of it; a lesser level
    of the same flag's study of the same region; or an urgent MRI of the region before a
    routine MRI or neck radiographs."""
    if earlier.code == later.code and earlier.region == later.region:
        return True
    same_modality = earlier.modality is not None and earlier.modality == later.modality
    same_region = earlier.region in (later.region, "whole spine")
    if same_modality and earlier.region == "whole spine" and earlier.soon <= later.soon:
        return True
    if same_modality and same_region and earlier.source and earlier.source == later.source:
        return True
    return (later.key in ROUTINE and earlier.key in URGENT_SPINAL and earlier.modality == "mri"
            and same_region)


NON_SPINAL = ("emergency_non_spinal_assessment", "urgent_aortic_ultrasound",
              "non_spinal_assessment")


def not_delayed(unique: list[Candidate], flags: list[RedFlag]) -> None:
    """Every non-spinal advice beside an urgent spinal flag says not to delay the spinal
    study for it (naming the most urgent one)."""
    spinal = [c for c in unique if c.key in URGENT_SPINAL]
    if not spinal_urgent(flags) or not spinal:
        return
    study = spinal[0]
    where = "advised below" if unique.index(study) else "advised first"
    for candidate in unique:
        if candidate.key in NON_SPINAL:
            candidate.rationale += (f" Do not delay the {STUDY_WORDS[study.code]} of the "
                                    f"{study.region} {where} for it.")


def ranking(candidate: Candidate) -> tuple[int, int, bool]:
    return (ORDER.index(candidate.key), candidate.soon, candidate.region != "whole spine")


def imaging_advice(f: Facts, flags: list[RedFlag], patterns: list[Pattern],
                   needs: list[ImagingNeed]) -> Imaging | None:
    if not f.history_recorded:
        return None  # not enough information yet
    candidates = from_needs(f, needs)
    if (post_op := post_operative(f)) is not None:
        candidates.append(post_op)
    candidates += without_flags(f, flags, patterns)
    candidates, deferred = in_pregnancy(f, candidates)
    if not candidates:
        candidates = [no_imaging(f, flags, deferred)]
        deferred = []
    # In the order of the rules; within one kind of advice the soonest first, then a
    # whole-spine study (it covers the others). A study answered by another is left out
    # before any is found already done.
    unique: list[Candidate] = []
    for candidate in sorted(candidates, key=ranking):
        if not any(covers(other, candidate) for other in unique):
            unique.append(candidate)
    unique = sorted((already_done(f, c) for c in unique), key=ranking)
    not_delayed(unique, flags)
    primary, *others = unique
    if deferred:
        primary.rationale += " In pregnancy, " + "; ".join(deferred) + "."
    return Imaging(advice=primary.code, rationale=primary.rationale,
                   citation=primary.citation, region=primary.region,
                   also=[ImagingAdvice(advice=c.code, rationale=c.rationale,
                                       citation=c.citation, region=c.region) for c in others])
