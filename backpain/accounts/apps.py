"""App config for clinics, users and roles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "backpain.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Clinics and users")

    def ready(self):
        from . import sessions  # noqa: F401  (connects the session clock to sign-in)
