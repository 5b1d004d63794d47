"""The legal record of a visit: signatures, addenda and the stored PDF of each version.

Every row here is written once and never changed: the models refuse it, and on PostgreSQL
a trigger refuses it again at the database (migration 0002). The one exception: a note
version is committed with the signature before its PDF exists, and a worker fills its PDF
in exactly once (NoteVersion.fill_pdf; migration 0004 lets the database allow that and
nothing else).
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
    """The PDF of a signing (version 1) or an addendum (2, 3...), kept for ever.

    The row is written with its signature; the PDF is rendered after that commit by a worker
    (notes/tasks.py) and filled in once: until then `pdf` is empty and the version pending.
    """

    visit = models.ForeignKey("visits.Visit", on_delete=models.PROTECT,
                              related_name="note_versions")
    number = models.PositiveIntegerField()
    signature = models.OneToOneField(Signature, on_delete=models.PROTECT, related_name="pdf")
    pdf = models.FileField(upload_to="notes/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # What a FHIR export says of the file (its size and SHA-1), recorded with it so that an
    # export never reads the PDFs back from storage. Empty for a PDF stored before notes 0005
    # until `manage.py fill_pdf_digests` has read it once.
    pdf_size = models.PositiveBigIntegerField(null=True, blank=True)
    pdf_sha1 = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "number"], name="one_pdf_per_note_version"),
            # A stored PDF always has its hash, and a pending one neither.
            models.CheckConstraint(
                condition=models.Q(pdf="", pdf_sha256="") | (~models.Q(pdf="")
                                                             & ~models.Q(pdf_sha256="")),
                name="note_pdf_with_its_hash"),
        ]
        indexes = [
            # The few pending versions among hundreds of thousands, found at once by the
            # worker's start and by render_pending_notes.
            models.Index(fields=["id"], condition=models.Q(pdf=""),
                         name="note_version_pdf_pending"),
        ]

    def __str__(self):
        return f"Note of visit {self.visit_id}, version {self.number}"

    @property
    def pending(self) -> bool:
        """Signed, its PDF not stored yet."""
        return not self.pdf

    def fill_pdf(self, name: str, sha256: str, *, size: int, sha1: str) -> None:
        """Record the stored PDF of this version: once, and only while none is recorded."""
        if not name or not sha256 or not sha1:
            raise AppendOnlyError("A note version's PDF is filled with a file and its hashes.")
        pending = NoteVersion.objects.filter(pk=self.pk, pdf="")
        if models.QuerySet.update(pending, pdf=name, pdf_sha256=sha256, pdf_size=size,
                                  pdf_sha1=sha1) != 1:
            raise AppendOnlyError(f"The PDF of {self} is already stored.")
        self.pdf, self.pdf_sha256, self.pdf_size, self.pdf_sha1 = name, sha256, size, sha1

    def fill_digests(self, size: int, sha1: str) -> None:
        """Record the size and SHA-1 of a PDF stored before they were (fill_pdf_digests):
        once, and only for a stored PDF."""
        unfilled = NoteVersion.objects.filter(pk=self.pk, pdf_sha1="").exclude(pdf="")
        if not sha1 or models.QuerySet.update(unfilled, pdf_size=size, pdf_sha1=sha1) != 1:
            raise AppendOnlyError(f"The digests of {self} are recorded already.")
        self.pdf_size, self.pdf_sha1 = size, sha1

    @property
    def storage_name(self) -> str:
        """Where its PDF is stored: the same name every time, so a retry after a crash
        overwrites its own half-written file instead of leaving a second one."""
        return f"notes/{self.created_at:%Y/%m}/{self.download_name}"

    @property
    def download_name(self):
        """Made by the server, never from patient text."""
        return f"visit-{self.visit_id}-note-v{self.number}.pdf"
