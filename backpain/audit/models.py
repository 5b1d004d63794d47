"""The audit trail: one append-only row per access to or change of patient data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    ACCOUNT_LOCKED = "account_locked", _("Account locked after repeated wrong passwords")
    ACCOUNT_UNLOCKED = "account_unlocked", _("Account unlocked by an administrator")
    LOGOUT = "logout", _("Signed out")
    SESSION_EXPIRED = "session_expired", _("Signed out automatically (session expired)")
    PASSWORD_CHANGED = "password_changed", _("Own password changed")
    PASSWORD_RESET_REQUESTED = "password_reset_requested", _("Password reset link requested")
    PASSWORD_RESET_LINK_SENT = (
        "password_reset_link_sent", _("Link to set a password sent by an administrator"))
    PASSWORD_RESET = "password_reset", _("Password set from an emailed link")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    PATIENT_CREATED = "patient_created", _("Patient registered")
    PATIENT_EDITED = "patient_edited", _("Patient edited")
    PATIENT_VIEWED = "patient_viewed", _("Patient viewed")
    VISIT_OPENED = "visit_opened", _("Visit opened")
    VISIT_VIEWED = "visit_viewed", _("Visit viewed")
    STEP_SAVED = "step_saved", _("Visit step saved")
    STEP_CONFLICT = "step_conflict", _("Visit step save refused: edited by someone else")
    INTAKE_COMPLETED = "intake_completed", _("Intake completed")
    VISIT_BOOKED = "visit_booked", _("Visit booked")
    VISIT_STARTED = "visit_started", _("Booked visit started")
    EPISODE_STARTED = "episode_started", _("Episode of care started")
    EPISODE_EDITED = "episode_edited", _("Episode of care edited")
    EPISODE_CLOSED = "episode_closed", _("Episode of care closed")
    EPISODE_REOPENED = "episode_reopened", _("Episode of care reopened")
    TREATMENT_ADDED = "treatment_added", _("Treatment added to an episode")
    TREATMENT_RESPONSE = "treatment_response", _("Response to a treatment recorded")
    NOTE_REVIEWED = "note_reviewed", _("Note reviewed")
    NOTE_SIGNED = "note_signed", _("Note signed")
    NOTE_PDF_STORED = "note_pdf_stored", _("Signed note's PDF stored")
    NOTE_VERIFICATION_FAILED = (
        "note_verification_failed", _("Signed note no longer matches its signature"))
    NOTE_SIGN_REFUSED = "note_sign_refused", _("Signing refused")
    ADDENDUM_SIGNED = "addendum_signed", _("Addendum signed")
    NOTE_DOWNLOADED = "note_downloaded", _("Signed note downloaded")
    EXPORT_STARTED = "export_started", _("Export of visit records started")
    EXPORTED = "exported", _("Visit records exported (complete)")
    EXPORT_INTERRUPTED = "export_interrupted", _("Export cut off before it was complete")
    EXPORT_FAILED = "export_failed", _("Export interrupted by an error")
    EXPORT_DOWNLOADED = "export_downloaded", _("Export file downloaded")
    AUDIT_VIEWED = "audit_viewed", _("Audit trail viewed")
    AUDIT_EXPORTED = "audit_exported", _("Audit trail downloaded")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    # Plain ids and a copied username, not foreign keys to patients: the trail must
    # outlive and never block anything it describes.
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # AuditAction names the actions and their labels in code; the column takes no `choices`, so
    # that a new action needs no migration (older rows keep their codes).
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    patient_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    def get_action_display(self):
        try:
            return AuditAction(self.action).label
        except ValueError:
            return self.action

