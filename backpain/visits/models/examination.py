"""Step 2, the examination: the physician's findings, with the neurological grids by root
(declared in the data dictionary, backpain/clinical/dictionary/exam.py)."""

from django.db import models

from backpain.clinical.dictionary import Kind
from backpain.clinical.dictionary.exam import EXAM

from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord

# Left/right tri-state signs, stored as <sign>_left and <sign>_right.
PAIRED_SIGNS = {f.name: f.label for f in EXAM if f.sided and f.kind is Kind.TRI}


@with_vocabulary_constraints
class Examination(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="examination"
    )
    # Every finding of the examination, the grids by root and the signs by side included,
    # declared in backpain/clinical/dictionary/exam.py.
    locals().update(finding_columns("exam"))

    findings_section = "exam"

    class Meta:
        verbose_name = "examination"
        constraints = []
