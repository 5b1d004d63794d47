"""The admin's user forms: an account is created without a password, which its owner sets."""

from django import forms
from django.contrib.auth.forms import UserChangeForm, UsernameField

from .models import User


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
        self.fields["email"].help_text = (
            "The user's own address: the link to choose their password is sent there.")

    def clean_username(self):
        # As Django's creation form: usernames that differ only in case are one person.
        username = self.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("A user with that username already exists.",
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
            password.help_text = (
                "Nobody but the user chooses or sees their password. To let them set a new "
                "one, select them in the user list and choose “Send a password reset link”.")
