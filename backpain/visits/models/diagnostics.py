"""Step 3, diagnostics: imaging and other studies (many per visit) and the laboratory results."""

from django.db import models
from django.utils.translation import gettext_lazy

from .. import vocabulary as v
from .fields import finding_columns, with_vocabulary_constraints
from .step import StepRecord


@with_vocabulary_constraints
class DiagnosticStudy(StepRecord):
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="studies")
    locals().update(finding_columns("diagnostics.studies"))
    findings_section = "diagnostics.studies"
    # Says in SQL what the three fields' choices say (fields.without_field_rules).
    field_rule_constraints = frozenset({"diagnosticstudy_vocabulary"})

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = gettext_lazy("diagnostic studies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(modality__in=v.Modality.values)
                & models.Q(region__in=v.StudyRegion.values)
                & models.Q(status__in=v.StudyStatus.values),
                name="diagnosticstudy_vocabulary",
            )
        ]


@with_vocabulary_constraints
class Labs(StepRecord):
    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, primary_key=True, related_name="labs"
    )
    locals().update(finding_columns("diagnostics.labs"))
    findings_section = "diagnostics.labs"

    class Meta:
        verbose_name = verbose_name_plural = gettext_lazy("labs")
        constraints = []
