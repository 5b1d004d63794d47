"""Step 3, diagnostics: imaging and other studies (many per visit) and the laboratory results."""

from django.db import models

from .. import vocabulary as v
from .fields import bounded, bounded_decimal, choice, choice_list, with_vocabulary_constraints
from .step import StepRecord


@with_vocabulary_constraints
class DiagnosticStudy(StepRecord):
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="studies")
    modality = models.CharField("Study", max_length=20, choices=v.Modality.choices)
    region = models.CharField("Region", max_length=20, choices=v.StudyRegion.choices)
    status = models.CharField("Status", max_length=20, choices=v.StudyStatus.choices)
    date = models.DateField("Date", null=True, blank=True)
    findings = choice_list(v.StudyFinding, "Findings")
    impression = models.TextField("Report impression", max_length=4000, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "diagnostic studies"
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
    crp_mg_l = bounded_decimal(0, 500, "CRP (mg/L)")
    esr_mm_h = bounded(0, 150, "ESR (mm/h)")
    wbc_10e9_l = bounded_decimal(0, 100, "White cell count (10⁹/L)")
    hla_b27 = choice(v.HlaB27, "HLA-B27")

    class Meta:
        verbose_name = verbose_name_plural = "labs"
        constraints = []
