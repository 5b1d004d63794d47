"""Step 4, the physician's assessment and plan."""

from django.db import models
from django.utils.translation import gettext_lazy

from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord


class Assessment(StepRecord):
    """The physician's conclusion beside the engine's: confirmed patterns, diagnoses, flags seen."""

    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="assessment"
    )
    confirmed_patterns = models.JSONField(gettext_lazy("Pain patterns confirmed"), default=list,
                                          blank=True)
    override_reason = models.TextField(
        gettext_lazy("Reason for differing from the suggested patterns"), max_length=2000,
        blank=True
    )
    diagnoses = models.JSONField(gettext_lazy("Diagnoses (ICD-10-CM)"), default=list, blank=True)
    # The red-flag codes the physician has reviewed; every current flag must be among them
    # to sign, so a flag raised by a later change is never covered by an old acknowledgement.
    acknowledged_red_flags = models.JSONField(gettext_lazy("Red flags reviewed"), default=list,
                                              blank=True)
    # The physician's impression in words, declared in backpain/clinical/dictionary/assessment.py.
    locals().update(finding_columns("assessment"))

    class Meta:
        constraints = []



def unreviewed_flags(flag_codes, reviewed) -> list[str]:
    """The current red flags not among those the physician reviewed: signing waits until
    there are none (notes/services.py), and the export says whether there were."""
    reviewed = set(reviewed or ())
    return [code for code in flag_codes if code not in reviewed]


@with_vocabulary_constraints
class Plan(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="plan"
    )
    # The plan's fields, declared in backpain/clinical/dictionary/plan.py.
    locals().update(finding_columns("plan"))
    findings_section = "plan"

    class Meta:
        constraints = []
