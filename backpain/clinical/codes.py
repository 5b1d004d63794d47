"""Human labels for every code the engine emits (flags, patterns, generators, advice)."""

from typing import Any

from .diagnoses import ICD10_TEXT

LABELS = {
    # Red flags
    "cauda_equina_syndrome": "Cauda equina syndrome",
    "cauda_equina_risk": "Risk of cauda equina syndrome",
    "severe_neurological_deficit": "Severe or progressive neurological deficit",
    "myelopathy": "Myelopathy (possible cord compression)",
    "spinal_fracture": "Spinal fracture",
    "malignancy": "Malignancy",
    "spinal_infection": "Spinal infection",
    "inflammatory_spondyloarthritis": "Inflammatory spondyloarthritis",
    "vascular_or_visceral_cause": "Vascular or visceral cause",
    "vascular_claudication": "Vascular claudication",
    "pregnancy": "Imaging in pregnancy",
    # Pain patterns
    "axial_mechanical": "Axial mechanical pain",
    "radicular": "Radicular pain",
    "neurogenic_claudication": "Neurogenic claudication",
    "inflammatory": "Inflammatory back pain",
    "myelopathic": "Myelopathic",
    # Suspected pain generators
    "disc": "Intervertebral disc",
    "facet": "Facet joint",
    "myofascial": "Myofascial",
    "vertebral_fracture": "Vertebral fracture",
    "spondylolysis_spondylolisthesis": "Spondylolysis or spondylolisthesis",
    "spinal_stenosis": "Spinal stenosis",
    "sacroiliac_joint": "Sacroiliac joint",
    "hip": "Hip joint",
    "visceral_or_vascular": "Visceral or vascular",
    # Imaging advice
    "emergency_non_spinal_assessment": "Emergency assessment for a non-spinal cause",
    "emergency_mri": "Emergency MRI",
    "urgent_mri": "Urgent MRI",
    "ct": "CT",
    "xray": "Radiographs",
    "sacroiliac_imaging": "Sacroiliac joint imaging",
    "mri_if_intervention_candidate": "MRI only if a candidate for surgery or injection",
    "no_imaging_initially": "No imaging initially",
    "urgent_aortic_ultrasound": "Aortic ultrasound within 2 weeks",
    "mri_with_contrast": "MRI without and with contrast",
    "non_spinal_assessment": "Assessment for a non-spinal cause",
    "mri_pregnancy": "MRI without gadolinium (pregnancy)",
    "mri": "MRI",
    "review_existing_imaging": "Review the existing imaging",
    # Time frames
    "immediately": "Immediately",
    "within_24h": "Within 24 hours",
    "same_day": "The same day",
    "within_1_week": "Within a week",
    "within_2_weeks": "Within 2 weeks",
    "routine": "Routine",
    # Urgency and categories
    "emergency": "Emergency",
    "urgent": "Urgent",
    "review": "Review",
    "acute": "Acute (under 6 weeks)",
    "subacute": "Subacute (6 to 12 weeks)",
    "chronic": "Chronic (over 12 weeks)",
    **{code: f"{code} {text}" for code, text in ICD10_TEXT.items()},
}

PATTERN_CODES = ("axial_mechanical", "radicular", "neurogenic_claudication", "inflammatory",
                 "myelopathic")


def label_for(code: object) -> str:
    """The label of a code, or the code made readable when it has none."""
    return LABELS.get(str(code)) or str(code).replace("_", " ").capitalize()


def flag_action(flag: dict[str, Any]) -> str:
    """What a red flag asks for and how soon, in words: "Emergency MRI of the whole spine,
    within 24 hours"; the time frame alone when the flag calls for no study."""
    frame = label_for(flag["time_frame"]) if flag.get("time_frame") else ""
    if not flag.get("imaging"):
        return frame
    study = label_for(flag["imaging"])
    if flag.get("imaging_region"):
        study += f" of the {flag['imaging_region']}"
    return f"{study}, {frame[:1].lower()}{frame[1:]}" if frame else study
