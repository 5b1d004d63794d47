"""The code systems of the FHIR export, and the few standard codes of the clinical background.

Findings are coded with the clinic's own code system, whose codes are the export's column
names (`history.regions`, `exam.motor.L5.left`): docs/findings.md has no standard code for
most of them. Where docs/clinical-background.md §7 names a LOINC or SNOMED CT concept that
means exactly the same thing, it is added as a second coding; nothing is coded by
approximation.
"""

BASE = "https://backpain.example/fhir"
FINDINGS = f"{BASE}/CodeSystem/findings"
VALUES = f"{BASE}/CodeSystem/finding-values"
DECISION_SUPPORT = f"{BASE}/CodeSystem/decision-support"
URGENCY = f"{BASE}/CodeSystem/red-flag-urgency"
PLAN = f"{BASE}/CodeSystem/plan"
VISIT_TYPE = f"{BASE}/CodeSystem/visit-type"
DOCUMENT_TYPE = f"{BASE}/CodeSystem/document-type"
PDF_SHA256 = f"{BASE}/NamingSystem/note-pdf-sha256"
QUESTIONNAIRE = f"{BASE}/Questionnaire"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"


def mrn_system(clinic_id) -> str:
    return f"{BASE}/NamingSystem/clinic-{clinic_id}/mrn"


def visit_system(clinic_id) -> str:
    return f"{BASE}/NamingSystem/clinic-{clinic_id}/visit"


# Standard codings of a finding (by column name), from docs/clinical-background.md §7.4.
FINDING_CODINGS = {
    "history.pain_now": [{"system": LOINC, "code": "72514-3",
                          "display": "Pain severity - 0-10 verbal numeric rating [Score] - "
                                     "Reported"}],
    "engine.scores.odi": [{"system": LOINC, "code": "97909-6",
                           "display": "Oswestry disability index score ODI"}],
}
# Standard codings of the engine's codes, from docs/clinical-background.md §7.3.
DECISION_SUPPORT_CODINGS = {
    "cauda_equina_syndrome": [{"system": SNOMED, "code": "192970008",
                               "display": "Cauda equina syndrome (disorder)"}],
    "neurogenic_claudication": [{"system": SNOMED, "code": "303081002",
                                 "display": "Neurogenic claudication (finding)"}],
}
# UCUM units of measured findings.
UNITS = {
    "history.morning_stiffness_minutes": ("min", "min"),
    "history.walking_tolerance_minutes": ("min", "min"),
    "history.sitting_tolerance_minutes": ("min", "min"),
    "exam.temperature_c": ("Cel", "°C"),
    "exam.post_void_residual_ml": ("mL", "mL"),
    "exam.slr_angle.left": ("deg", "degrees"),
    "exam.slr_angle.right": ("deg", "degrees"),
    "diagnostics.labs.crp_mg_l": ("mg/L", "mg/L"),
    "diagnostics.labs.esr_mm_h": ("mm/h", "mm/h"),
    "diagnostics.labs.wbc_10e9_l": ("10*9/L", "10^9/L"),
    "engine.duration.days": ("d", "days"),
}
CATEGORIES = {"history": ("survey", "Survey"), "exam": ("exam", "Exam"),
              "diagnostics": ("laboratory", "Laboratory"), "imaging": ("imaging", "Imaging")}
