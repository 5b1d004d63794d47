"""Audit receivers for Django's sign-in, sign-out and failed sign-in signals, and for the
accesses the plumbing refused (core.signals)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from backpain.core.signals import access_refused

from .models import AuditAction
from .services import record_event


@receiver(access_refused)
def audit_refused_access(sender, request, details, **kwargs):
    record_event(action=AuditAction.PERMISSION_DENIED, request=request, details=details)


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(action=AuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(action=AuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted username is kept; Django has already scrubbed the password.
    username = str(credentials.get("username", ""))[:150]
    record_event(action=AuditAction.LOGIN_FAILED, request=request, username=username,
                 clinic_id=clinic_of(username))


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    username = str(username or "")[:150]
    record_event(action=AuditAction.ACCOUNT_LOCKED, request=request, username=username,
                 clinic_id=clinic_of(username), details={"ip_address": ip_address})


def clinic_of(username):
    """An attempt is filed under the account's clinic so its administrators see it."""
    return (get_user_model().objects.filter(username=username)
            .values_list("clinic_id", flat=True).first())
