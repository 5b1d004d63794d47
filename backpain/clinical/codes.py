"""Human labels for every code the engine emits (flags, patterns, generators, advice)."""

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


def label_for(code) -> str:
    """The label of a code, or the code made readable when it has none."""
    return LABELS.get(code) or str(code).replace("_", " ").capitalize()
