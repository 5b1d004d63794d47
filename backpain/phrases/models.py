"""A phrase template: a clinic's short abbreviation for a text its clinicians often write."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy

# Typed after ";;" in a text field: letters, digits, "-" and "_", so the end of an
# abbreviation is plain (a space, a full stop or the end of the line).
ABBREVIATION = RegexValidator(
    r"^[A-Za-z0-9_-]+\Z",
    gettext_lazy("Use letters, digits, “-” and “_” only (no spaces)."),
    code="invalid_abbreviation",
)


class PhraseTemplate(models.Model):
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE,
                               related_name="phrase_templates",
                               verbose_name=gettext_lazy("clinic"))
    abbreviation = models.CharField(
        gettext_lazy("abbreviation"), max_length=20, validators=[ABBREVIATION],
        help_text=gettext_lazy("Typed after “;;” in a text field to insert the text, e.g. "
                               "“neuro” for “;;neuro”. Capitals do not matter."))
    text = models.TextField(gettext_lazy("text"), max_length=4000)

    class Meta:
        ordering = ["abbreviation"]
        verbose_name = gettext_lazy("phrase template")
        verbose_name_plural = gettext_lazy("phrase templates")
        constraints = [models.UniqueConstraint(fields=["clinic", "abbreviation"],
                                               name="phrase_abbreviation_unique_per_clinic")]

    def __str__(self):
        return f";;{self.abbreviation}"

    def save(self, *args, **kwargs):
        # One spelling per abbreviation: ";;Neuro" and ";;neuro" are the same phrase.
        self.abbreviation = self.abbreviation.lower()
        super().save(*args, **kwargs)
