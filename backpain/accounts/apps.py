"""App config for clinics, users and roles."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backpain.accounts"
    label = "accounts"
    verbose_name = "Clinics and users"

    def ready(self):
        from . import sessions  # noqa: F401  (connects the session clock to sign-in)
