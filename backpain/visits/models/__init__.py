"""Visits and their documentation steps (docs/findings.md)."""

from .assessment import Assessment, Plan
from .diagnostics import DiagnosticStudy, Labs
from .draft import StepDraft
from .examination import Examination
from .history import History
from .questionnaires import Questionnaires
from .revision import StepRevision
from .stored_assessment import StoredAssessment
from .visit import Visit, VisitLocked, VisitStatus, VisitType

__all__ = [
    "Assessment",
    "DiagnosticStudy",
    "Examination",
    "History",
    "Labs",
    "Plan",
    "Questionnaires",
    "StepDraft",
    "StepRevision",
    "StoredAssessment",
    "Visit",
    "VisitLocked",
    "VisitStatus",
    "VisitType",
]
