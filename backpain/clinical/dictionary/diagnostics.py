"""Step 3, diagnostics: studies (any number per visit) and one set of laboratory results
(docs/findings.md, "diagnostics")."""

from . import vocabularies as v
from .declare import choice, choices, date, decimal, text
from .kinds import Unit

STUDY = (
    choice("diagnostics.studies.modality", v.MODALITY, "Study", required=True),
    choice("diagnostics.studies.region", v.STUDY_REGION, "Region", required=True),
    choice("diagnostics.studies.status", v.STUDY_STATUS, "Status", required=True),
    date("diagnostics.studies.date", "Date"),
    choices("diagnostics.studies.findings", v.STUDY_FINDING, "Findings"),
    text("diagnostics.studies.impression", 4000, "Report impression"),
)

RESULTS = "Laboratory results"

LABS = (
    decimal("diagnostics.labs.crp_mg_l", 0, 500, "CRP (mg/L)", unit=Unit("mg/L", "mg/L"),
            group=RESULTS),
    # ESR is a whole number on every analyser: stored so; the engine reads any number.
    decimal("diagnostics.labs.esr_mm_h", 0, 150, "ESR (mm/h)", unit=Unit("mm/h", "mm/h"),
            places=0, group=RESULTS),
    decimal("diagnostics.labs.wbc_10e9_l", 0, 100, "White cell count (10⁹/L)",
            unit=Unit("10*9/L", "10^9/L"), group=RESULTS),
    choice("diagnostics.labs.hla_b27", v.HLA_B27, "HLA-B27", group=RESULTS),
)
