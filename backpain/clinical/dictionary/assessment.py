"""Step 4, the assessment: the physician's own words beside the engine's suggestions
(docs/findings.md, "assessment"). The confirmed patterns, diagnoses and reviewed red flags are
the engine's vocabulary and stay with the assessment's model; the engine never reads these."""

from .declare import text
from .history import PROSE

IMPRESSION = "Impression"

ASSESSMENT = (
    text("assessment.impression", PROSE, "Impression", group=IMPRESSION),
)
