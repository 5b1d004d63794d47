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


def episode_system(clinic_id) -> str:
    return f"{BASE}/NamingSystem/clinic-{clinic_id}/episode"


PAIN_SEVERITY = {"system": LOINC, "code": "72514-3",
                 "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
# Standard codings of a finding (by column name): those the dictionary declares
# (docs/clinical-background.md §7.4), and the engine's scores.
FINDING_CODINGS = {
    **{path: [{"system": item.coding.system, "code": item.coding.code,
               "display": item.coding.display}]
       for path, (item, _column) in dictionary.LEAVES.items()
       if getattr(item, "coding", None) is not None},
    "engine.scores.odi": [{"system": LOINC, "code": "97909-6",
                           "display": "Oswestry disability index score ODI"}],
    # The outcomes' 0-10 ratings of back (neck) and leg (arm) pain are the numeric rating
    # scale of pain severity; where the pain is, is the Observation's bodySite (BODY_SITES).
    "questionnaires.axial_pain": [PAIN_SEVERITY],
    "questionnaires.limb_pain": [PAIN_SEVERITY],
    # loinc.org/91351-7, a member of the STarT Back Screening Tool panel 91349-1. The NDI,
    # walking minutes, usual tasks, global change and satisfaction have no LOINC code found
    # here: they keep the clinic's own code only.
    "engine.scores.startback": [{"system": LOINC, "code": "91351-7",
                                 "display": "Total score [STarT Back]"}],
}
BODY_SITES = {"questionnaires.axial_pain": "Back or neck",
              "questionnaires.limb_pain": "Leg or arm"}
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
