"""The sign-in forms, and the admin's user forms: an account is created without a password,
which its owner sets."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UsernameField
from django.utils.translation import gettext as _

from backpain.core.input_limits import limit_length, limit_passwords

from .models import User


class SignInLimits:
    """The username's limit checked, not only shown (Django sets it after building the field),
    and the password's limit: an over-long value is a message beside the field and is never
    passed to authenticate(), so django-axes does not try to store a username longer than its
    column (a 500 on PostgreSQL, T-51). The message says nothing about whether the account
    exists."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["username"], self.fields["username"].max_length)
        limit_passwords(self)


class SignInForm(SignInLimits, AuthenticationForm):
    pass


class AdminSignInForm(SignInLimits, AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        # The admin admits by role (ClinicAdminSite.has_permission), not by Django's is_staff:
        # a clinic's administrator signs in here too; clinical staff get the usual refusal.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user.has_perm("accounts.change_user"):
            raise forms.ValidationError(self.error_messages["invalid_login"],
                                        code="invalid_login",
                                        params={"username": self.username_field.verbose_name})


class SuperuserPasswordChangeForm(AdminPasswordChangeForm):
    """The admin's form for a superuser's own password (staff use the app's page), with the
    password limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_passwords(self)


class AccountCreationForm(forms.ModelForm):
    """A new account with an unusable password and a required email address: the user is
    emailed a link to choose the password, so the administrator never knows it (T-13)."""

    class Meta:
        model = User
        fields = ("username", "email")
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["email"].required = True
        self.fields["email"].help_text = _(
            "The user's own address: the link to choose their password is sent there.")

    def clean_username(self):
        # As Django's creation form: usernames that differ only in case are one person.
        username = self.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("A user with that username already exists."),
                                        code="unique")
        return username

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class AccountChangeForm(UserChangeForm):
    """Django's change form, saying how a password is set here: only by its owner."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            password.help_text = _(
                "Nobody but the user chooses or sees their password. To let them set a new "
                "one, select them in the user list and choose “Send a password reset link”.")
