"""Re-entering the password before a consequential act: signing a note, a bulk export.

Every check goes through `authenticate(request=...)`, so a wrong password counts towards
django-axes' lockout like a failed sign-in, and is audited as one.
"""

import time

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backpain.core.input_limits import password_field

SESSION_KEY = "reauthenticated_at"


def password_is_correct(request, password) -> bool:
    user = request.user
    checked = authenticate(request=request, username=user.get_username(), password=password)
    return checked is not None and checked.pk == user.pk


def recently_reauthenticated(request) -> bool:
    """The password was confirmed in this session less than REAUTH_WINDOW seconds ago."""
    confirmed_at = request.session.get(SESSION_KEY)
    return (isinstance(confirmed_at, (int, float))
            and 0 <= time.time() - confirmed_at < settings.REAUTH_WINDOW)


class PasswordConfirmForm(forms.Form):
    """The password again, unless it was confirmed a few minutes ago in this session."""

    password = password_field(
        label=gettext_lazy("Your password"), required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, data=None, *, request, purpose):
        super().__init__(data)
        self.request, self.recent = request, recently_reauthenticated(request)
        minutes = max(1, settings.REAUTH_WINDOW // 60)
        self.fields["password"].help_text = (
            ngettext("You confirmed your password in the last minute: no need again.",
                     "You confirmed your password in the last %(minutes)d minutes: no need "
                     "again.", minutes) % {"minutes": minutes}
            if self.recent else _("Re-enter your password to %(purpose)s.") % {"purpose": purpose})
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if self.recent and not password:
            return password
        if not password:
            raise forms.ValidationError(_("Enter your password."), code="required")
        if not password_is_correct(self.request, password):
            raise forms.ValidationError(_("The password is not correct."), code="invalid")
        self.request.session[SESSION_KEY] = time.time()
        return password
