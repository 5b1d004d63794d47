"""The engine's assessment of a visit as it was last saved: written whenever what the engine
reads changes, read by every page, list, export and note, so that nothing but a save runs the
engine (the physician's queue sorts on it in the database)."""

from django.db import models
from django.utils.translation import gettext_lazy


class StoredAssessment(models.Model):
    visit = models.OneToOneField("visits.Visit", on_delete=models.CASCADE, primary_key=True,
                                 related_name="stored_assessment")
    # The engine's rules version and the visit version it assessed: a later rules version is
    # applied to unsigned visits by `manage.py reassess_visits`.
    rules_version = models.CharField(max_length=20)
    visit_version = models.PositiveIntegerField()
    assessed_at = models.DateTimeField(auto_now=True)
    # The engine's JSON output, or why it could not read the saved values.
    data = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    # The most urgent red flag, for lists that sort by it (0 emergency, 1 urgent, 2 review).
    top_flag = models.CharField(max_length=60, blank=True)
    top_urgency = models.CharField(max_length=20, blank=True)
    top_urgency_rank = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    flag_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("stored engine assessment")

    def __str__(self):
        return f"Assessment of visit {self.visit_id} (rules {self.rules_version})"
