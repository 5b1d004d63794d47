"""Imaging advice: one, the first that applies, in the order of docs/clinical-rules.md,
"Imaging advice"."""

from .derived import Facts
from .result import Imaging

ADVICE = {
    "emergency_non_spinal_assessment": (
        "The cause to exclude is not spinal: consider emergency department assessment rather "
        "than spine imaging.",
        "ACR LBP (2021); ESC 2014 aortic disease guideline"),
    "emergency_mri": (
        "Suspected cauda equina syndrome: consider emergency MRI the same day.",
        "NICE NG59; GIRFT CES pathway (2023)"),
    "urgent_mri": (
        "Suspected serious pathology or a significant neurological deficit: consider urgent "
        "MRI.",
        "ACR LBP (2021) variant 3; ACR cervical (2018)"),
    "urgent_mri_post_op": (
        "New or worsening neurological findings after spinal surgery: consider urgent MRI "
        "without and with contrast.",
        "ACR LBP (2021) variant 6"),
    "ct": (
        "Possible fracture after high-energy trauma: consider CT.",
        "ACR LBP (2021) variant 5; Canadian C-Spine Rule"),
    "xray": (
        "Possible fragility fracture (low-energy mechanism, osteoporosis, steroids, age): "
        "consider radiographs.",
        "ACR LBP (2021) variant 5"),
    "sacroiliac_imaging": (
        "Features of axial spondyloarthritis: consider radiographs of the sacroiliac joints, "
        "or MRI if radiographs are normal.",
        "ASAS; NICE NG65"),
    "mri_if_intervention_candidate": (
        "Radicular pain or claudication persisting 6 weeks or more: consider MRI only if the "
        "patient is a candidate for surgery or injection.",
        "ACR LBP (2021) variants 2 and 4"),
    "no_imaging_initially": (
        "No red flags and under 6 weeks of radicular symptoms or non-specific pain: imaging is "
        "not advised initially.",
        "ACP guideline (Qaseem et al., Ann Intern Med 2017); Choosing Wisely (ACP, AAFP); "
        "NICE NG59 1.1.4"),
}

URGENT_MRI_FLAGS = ("myelopathy", "severe_neurological_deficit", "spinal_infection",
                    "malignancy")


def post_op_neurology(f: Facts) -> bool:
    """A post-operative visit with new or worsening neurological findings."""
    if f.visit.visit_type != "post_op":
        return False
    reported = any(value is True for value in (f.h.weakness, f.h.weakness_progressive,
                                               f.h.numbness))
    return reported or bool(f.neurological_findings) or bool(f.cauda_equina_findings)


def choose(f: Facts, flags, patterns) -> str:
    urgency = {flag.code: flag.urgency for flag in flags}
    pattern_codes = {p.code for p in patterns}
    if urgency.get("vascular_or_visceral_cause") == "emergency":
        return "emergency_non_spinal_assessment"
    if "cauda_equina_syndrome" in urgency:
        return "emergency_mri"
    infection = urgency.get("spinal_infection") in ("urgent", "emergency")
    if infection or any(code in urgency for code in URGENT_MRI_FLAGS if code != "spinal_infection"):
        return "urgent_mri"
    if post_op_neurology(f):
        return "urgent_mri_post_op"
    if "spinal_fracture" in urgency:
        return "ct" if f.h.trauma == "major" else "xray"
    if "inflammatory_spondyloarthritis" in urgency:
        return "sacroiliac_imaging"
    if pattern_codes & {"radicular", "neurogenic_claudication"} and \
            f.duration_category in ("subacute", "chronic"):
        return "mri_if_intervention_candidate"
    return "no_imaging_initially"


def imaging_advice(f: Facts, flags, patterns) -> Imaging:
    key = choose(f, flags, patterns)
    rationale, citation = ADVICE[key]
    advice = "urgent_mri" if key == "urgent_mri_post_op" else key
    return Imaging(advice=advice, rationale=rationale, citation=citation)
