"""The legal record of a visit: signatures, addenda and the stored PDF of each version.

Every row here is written once and never changed: the models refuse it, and on PostgreSQL
a trigger refuses it again at the database (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class AppendOnlyError(Exception):
    """A signature, addendum or stored note cannot be changed or removed."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"A {self._meta.verbose_name} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"A {self._meta.verbose_name} cannot be deleted.")


class SignatureMeaning(models.TextChoices):
    AUTHORED = "authored", gettext_lazy("Authored and signed")
    REVIEWED = "reviewed", gettext_lazy("Reviewed and signed")
    ADDENDUM = "addendum", gettext_lazy("Addendum authored and signed")


class Addendum(AppendOnly):
    """A correction or addition to a signed note; the original is never edited."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(gettext_lazy("Addendum"), max_length=4000)
    reason = models.CharField(gettext_lazy("Reason for the addendum"), max_length=500)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = gettext_lazy("addenda")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Addendum {self.pk} to visit {self.visit_id}"


class Signature(AppendOnly):
    """Binds a named physician, a meaning and a server time to the hash of exact content."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT, related_name="signatures")
    addendum = models.OneToOneField(Addendum, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="signature")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    printed_name = models.CharField(max_length=150)
    credentials = models.CharField(max_length=100, blank=True)
    meaning = models.CharField(max_length=20, choices=SignatureMeaning.choices)
    signed_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    # The canonical document that was signed, so a later change can be shown, not only found.
    content = models.JSONField()

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["visit"], condition=models.Q(addendum__isnull=True),
                                    name="one_note_signature_per_visit"),
        ]

    def __str__(self):
        return f"{self.printed_name} ({self.get_meaning_display()}) {self.signed_at:%Y-%m-%d %H:%M}"

    @property
    def kind(self):
        return "addendum" if self.addendum_id else "note"


class NoteVersion(AppendOnly):
    """The PDF rendered at a signing (version 1) or an addendum (2, 3...), kept for ever."""

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT,
                              related_name="note_versions")
    number = models.PositiveIntegerField()
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="pdf")
    pdf = models.FileField(upload_to="notes/%Y/%m/")
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "number"], name="one_pdf_per_note_version"),
        ]

    def __str__(self):
        return f"Note of visit {self.visit_id}, version {self.number}"

    @property
    def download_name(self):
        """Made by the server, never from patient text."""
        return f"visit-{self.visit_id}-note-v{self.number}.pdf"
