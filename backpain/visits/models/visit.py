"""A visit of a patient to the clinic; the documentation steps hang off it."""

from django.conf import settings
from django.db import models


class VisitType(models.TextChoices):
    NEW = "new", "New patient"
    FOLLOW_UP = "follow_up", "Follow-up"
    POST_OP = "post_op", "Post-operative"


class VisitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_SIGNATURE = "awaiting_signature", "Awaiting signature"
    SIGNED = "signed", "Signed"
    AMENDED = "amended", "Amended"


class Visit(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="visits")
    visit_date = models.DateField()
    visit_type = models.CharField(max_length=20, choices=VisitType.choices)
    chief_complaint = models.CharField(max_length=500, blank=True)
    assigned_physician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_visits",
    )
    status = models.CharField(max_length=20, choices=VisitStatus.choices, default=VisitStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opened_visits"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: every save of any step bumps it; a save loaded at an older
    # version is a conflict, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-visit_date", "-id"]
        permissions = [
            ("sign_visit", "Can sign a visit note"),
            ("export_visits", "Can export visit records"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit_type__in=VisitType.values), name="visit_type_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VisitStatus.values), name="visit_status_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="visit_version_positive"
            ),
        ]
        indexes = [models.Index(fields=["visit_date", "status"])]

    def __str__(self):
        return f"{self.get_visit_type_display()} visit on {self.visit_date:%Y-%m-%d}"

    @property
    def is_signed(self):
        return self.status in (VisitStatus.SIGNED, VisitStatus.AMENDED)
