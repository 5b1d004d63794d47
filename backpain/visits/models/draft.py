"""What a user typed into a step but could not save because their session had expired."""

from django.conf import settings
from django.db import models


class StepDraft(models.Model):
    visit = models.ForeignKey("visits.Visit", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    # The submitted form as field name -> list of values, exactly as posted.
    data = models.JSONField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "step", "user"], name="one_draft_per_step"),
        ]

    def __str__(self):
        return f"Draft of {self.step} of visit {self.visit_id} by user {self.user_id}"
