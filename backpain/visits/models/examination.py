"""Step 2, the examination: the physician's findings, with the neurological grids by root
(declared in the data dictionary, backpain/clinical/dictionary/exam.py)."""

from django.db import models
from django.utils.translation import gettext_lazy

from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord


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
        verbose_name = gettext_lazy("examination")
        constraints = []
