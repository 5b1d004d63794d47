"""The outcome questionnaires: item responses only (the copyrighted item wording is not shipped)."""

from django.db import models
from django.utils.translation import gettext_lazy

from backpain.clinical.dictionary.questionnaires import (  # noqa: F401 - re-exported
    NDI,
    NDI_SECTIONS,
    ODI,
    ODI_SECTIONS,
    OUTCOMES,
    STARTBACK,
)

from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord

ODI_ITEMS, NDI_ITEMS, STARTBACK_ITEMS = (len(q.items) for q in (ODI, NDI, STARTBACK))


@with_vocabulary_constraints
class Questionnaires(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="questionnaires"
    )
    # Item responses of each instrument, declared in backpain/clinical/dictionary/.
    locals().update(finding_columns("questionnaires"))

    findings_section = "questionnaires"

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("questionnaires")
        constraints = []
