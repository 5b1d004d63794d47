"""Step 1, the history: what the patient reports, taken by intake staff (its questions are
declared in the data dictionary, backpain/clinical/dictionary/history.py)."""

from django.db import models
from django.utils.translation import gettext_lazy

from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord


@with_vocabulary_constraints
class History(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="history"
    )

    # Every question of the history step, declared in backpain/clinical/dictionary/history.py.
    locals().update(finding_columns("history"))

    findings_section = "history"

    class Meta:
        verbose_name_plural = gettext_lazy("histories")
        constraints = []
