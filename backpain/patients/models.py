"""Patients, each registered at one clinic under a medical record number."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Sex(models.TextChoices):
    FEMALE = "female", gettext_lazy("Female")
    MALE = "male", gettext_lazy("Male")
    OTHER = "other", gettext_lazy("Other")
    UNKNOWN = "unknown", gettext_lazy("Unknown")


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Patient(models.Model):
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.PROTECT, related_name="patients")
    mrn = models.CharField(gettext_lazy("medical record number"), max_length=32)
    family_name = models.CharField(max_length=100)
    given_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "mrn"], name="patient_mrn_unique_per_clinic"),
            models.CheckConstraint(
                condition=models.Q(sex__in=Sex.values), name="patient_sex_in_vocabulary"
            ),
            models.CheckConstraint(
                condition=~models.Q(family_name="") & ~models.Q(given_name=""),
                name="patient_names_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["clinic", "family_name", "given_name"])]

    def __str__(self):
        return f"{self.full_name} ({self.mrn})"

    @property
    def full_name(self):
        return f"{self.family_name.upper()}, {self.given_name}"

    @property
    def age_years(self):
        return age_in_years(self.date_of_birth, timezone.localdate())

    def clean(self):
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("Date of birth cannot be in the future.")})
