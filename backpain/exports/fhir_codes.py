"""The code systems of the FHIR export, and the few standard codes of the clinical background.

Findings are coded with the clinic's own code system, whose codes are the export's column
names (`history.regions`, `exam.motor.L5.left`): docs/findings.md has no standard code for
most of them. Where docs/clinical-background.md §7 names a LOINC or SNOMED CT concept that
means exactly the same thing, it is added as a second coding; nothing is coded by
approximation.
"""

from backpain.clinical import dictionary

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


# Standard codings of a finding (by column name): those the dictionary declares
# (docs/clinical-background.md §7.4), and the engine's scores.
FINDING_CODINGS = {
    **{path: [{"system": item.coding.system, "code": item.coding.code,
               "display": item.coding.display}]
       for path, (item, _column) in dictionary.LEAVES.items()
       if getattr(item, "coding", None) is not None},
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
# UCUM units of measured findings (declared in the dictionary) and of the engine's duration.
UNITS = {
    **{path: (item.unit.code, item.unit.shown) for path, (item, _column)
       in dictionary.LEAVES.items() if getattr(item, "unit", None) is not None},
    "engine.duration.days": ("d", "days"),
}
CATEGORIES = {"history": ("survey", "Survey"), "exam": ("exam", "Exam"),
              "diagnostics": ("laboratory", "Laboratory"), "imaging": ("imaging", "Imaging")}
