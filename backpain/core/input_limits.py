"""How much text a form takes: every typed field has a limit that its form enforces, so an
over-long value gets a message beside the field and never reaches the database, the password
hasher or django-axes' records (security check T-51)."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

# Far beyond any passphrase a password manager makes; a megabyte "password" is refused before
# it is hashed or counted as an attempt.
PASSWORD_MAX_LENGTH = 4096
OVER_LONG_CREDENTIAL = gettext_lazy(
    "A password can have at most %(limit_value)d characters (it has %(show_value)d).")


def limit_length(field, max_length, message=None):
    """Give `field` a limit that is checked, not only shown. A CharField checks max_length
    only when it is passed to its constructor: one set afterwards (as Django's
    AuthenticationForm does for the username) reaches the page but is never enforced."""
    field.max_length = max_length
    field.validators.append(MaxLengthValidator(max_length, message))
    field.widget.attrs["maxlength"] = str(max_length)
    return field


def limit_passwords(form):
    """Every password field of `form` takes at most PASSWORD_MAX_LENGTH characters."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.PasswordInput):
            limit_length(field, PASSWORD_MAX_LENGTH, OVER_LONG_CREDENTIAL)
    return form


def password_field(**kwargs):
    """A password input (never shown again, never stripped) with the password limit."""
    field = forms.CharField(strip=False, **kwargs)
    return limit_length(field, PASSWORD_MAX_LENGTH, OVER_LONG_CREDENTIAL)
