"""What the engine reads of the patient and the visit (docs/findings.md, "patient" and
"visit"): registered with the patient and the visit, not asked at a step."""

from . import vocabularies as v
from .declare import choice, date, integer

PATIENT = (
    integer("patient.age_years", 0, 120, "Age (years)"),
    choice("patient.sex", v.SEX, "Sex"),
)
VISIT = (
    date("visit.visit_date", "Visit date"),
    choice("visit.visit_type", v.VISIT_TYPE, "Visit type"),
)
