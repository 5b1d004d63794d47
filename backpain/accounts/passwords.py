"""Passwords: each user changes their own, or sets one from a link emailed to their address.

Nobody else ever chooses or learns a user's password, or a signature could be made in their
name (21 CFR 11.200(a)(3), security check T-13): administrators create accounts without one
and can only have a link sent to the user's own address.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy, ngettext

from backpain.audit.models import AuditAction
from backpain.audit.services import client_ip, record_event
from backpain.core.access import permission_required
from backpain.core.input_limits import limit_passwords
from backpain.core.reauth import password_is_correct

from .roles import ANY_ROLE
from .tasks import queue_email

logger = logging.getLogger(__name__)
EMAIL_TEMPLATE = "registration/password_reset_email.txt"
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"


def link_lifetime() -> str:
    """How long an emailed link works, in words for the email: "1 day", "36 hours"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds >= 86400 and seconds % 86400 == 0:
        count = seconds // 86400
        return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}
    if seconds >= 3600:
        count = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}
    if seconds >= 60:
        count = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def queue_link_email(subject_template_name, email_template_name, context, from_email,
                     to_email):
    """The email with the link, rendered here (in the asker's language) and sent by the
    worker; OSError if it cannot be handed over."""
    subject = "".join(render_to_string(subject_template_name, context).splitlines())
    body = render_to_string(email_template_name, context)
    queue_email(subject=subject, body=body, from_email=from_email, to=[to_email])


def email_context(*, new_account=False, by_administrator=False) -> dict:
    """What the email says about why it came: a new account, an administrator, a request."""
    return {"lifetime": link_lifetime(), "new_account": new_account,
            "by_administrator": by_administrator}


# Changing one's own password


class OwnPasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the current password checked through authenticate(): a wrong one
    counts towards django-axes' lockout and is audited, like a wrong password at signing."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        # An over-long current password is refused before it is checked (and counted).
        limit_passwords(self)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not password_is_correct(self.request, old_password):
            raise ValidationError(self.error_messages["password_incorrect"],
                                  code="password_incorrect")
        return old_password


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    title = gettext_lazy("Change your password")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        # Django keeps this session (update_session_auth_hash); the user's other sessions end
        # because their stored hash no longer matches.
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(action=AuditAction.PASSWORD_CHANGED, request=self.request)
        return response


# Every role, and only users with a role in a clinic, as the written access matrix says.
password_change = permission_required(*ANY_ROLE, any_of=True)(OwnPasswordChangeView.as_view())
password_change_done = permission_required(*ANY_ROLE, any_of=True)(
    auth_views.PasswordChangeDoneView.as_view(title=gettext_lazy("Password changed")))


# Resetting a forgotten password from an emailed link (public pages)


def over_limit(key, limit, seconds) -> bool:
    """Count one more use of `key` in a window of `seconds`; True once past `limit`."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return False


def reset_throttled(request, email) -> bool:
    """An anonymous page that sends email: at most one link per address in ten minutes and
    ten requests per client address an hour, so nobody floods an inbox or the audit trail."""
    address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    return (over_limit(f"password-reset:client:{client_ip(request)}", 10, 3600)
            or over_limit(f"password-reset:address:{address}", 1, 600))


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """Django's form, its email sent by the worker."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        try:
            queue_link_email(subject_template_name, email_template_name, context, from_email,
                             to_email)
        except OSError:
            # As Django does: the page answers the same, so it never tells whether the
            # address has an account.
            logger.exception("The password reset email could not be sent")


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Django's reset request: the same answer whether or not the address is known, and
    whether or not the request was throttled."""

    form_class = PasswordResetRequestForm
    email_template_name = EMAIL_TEMPLATE
    subject_template_name = SUBJECT_TEMPLATE
    title = gettext_lazy("Reset your password")

    def form_valid(self, form):
        if reset_throttled(self.request, form.cleaned_data["email"]):
            logger.warning("Password reset request throttled")
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = email_context()
        response = super().form_valid(form)
        # Neither the address typed nor whether it matched an account is kept: the trail
        # must not become a list of addresses people tried.
        record_event(action=AuditAction.PASSWORD_RESET_REQUESTED, request=self.request)
        return response


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Django's form to choose a password from an emailed link, with the password limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_passwords(self)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    title = gettext_lazy("Choose a new password")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(action=AuditAction.PASSWORD_RESET, request=self.request,
                         user=form.user)
        return response


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    title = gettext_lazy("Check your email")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "lifetime": link_lifetime()}


password_reset = PasswordResetRequestView.as_view()
password_reset_done = PasswordResetSentView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    title=gettext_lazy("Your password is set"))


# A link sent at an administrator's request


class AccountLinkForm(auth_forms.PasswordResetForm):
    """Django's reset email for one chosen account. Unlike the public form it includes an
    account without a usable password (a new account has none until its owner sets one),
    and it goes to that account alone, never to every account sharing the address."""

    def __init__(self, user):
        super().__init__({"email": user.email})
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.email else []

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        # Django's logs a failure and carries on; here it is raised, so the administrator
        # is told that the email could not be handed to the worker (or, with no worker,
        # that the mail server refused it).
        queue_link_email(subject_template_name, email_template_name, context, from_email,
                         to_email)


def send_password_link(*, user, request, new_account=False) -> bool:
    """Email `user` a one-time link to choose their password, and audit it.

    False if the account cannot receive one (inactive, no valid address). The worker sends it
    (accounts/tasks.py, retried while the mail server is down); OSError is raised to the
    caller when it cannot be queued or, with no worker, sent. The link itself is never
    returned.
    """
    form = AccountLinkForm(user)
    if not (form.is_valid() and form.get_users(user.email)):
        return False
    form.save(request=request, use_https=request.is_secure(),
              email_template_name=EMAIL_TEMPLATE, subject_template_name=SUBJECT_TEMPLATE,
              extra_email_context=email_context(new_account=new_account,
                                                by_administrator=True))
    record_event(action=AuditAction.PASSWORD_RESET_LINK_SENT, request=request, obj=user,
                 details={"to_user": user.get_username(), "new_account": new_account})
    return True
