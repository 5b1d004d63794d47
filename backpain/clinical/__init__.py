"""Clinical decision-support engine (pure Python, no Django).

It supports the clinician and never diagnoses: every flag, pattern and suggestion comes with
the findings that raised it, a rationale and a citation. See README.md for clinicians.
"""

from .engine import assess, assess_document, input_schema
from .findings import Findings
from .result import Assessment
from .validation import FindingsError, parse_findings

__all__ = ["Assessment", "Findings", "FindingsError", "assess", "assess_document",
           "input_schema", "parse_findings"]
