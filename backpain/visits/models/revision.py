"""Every saved version of a step: what the conflict page compares, and the trail of old values."""

from django.conf import settings
from django.db import models


class StepRevision(models.Model):
    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="revisions")
    step = models.CharField(max_length=30)
    # The visit version this save produced.
    version = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "version"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "version"], name="one_revision_per_version"),
        ]
        indexes = [models.Index(fields=["visit", "step", "version"])]

    def __str__(self):
        return f"{self.step} v{self.version} of visit {self.visit_id}"
