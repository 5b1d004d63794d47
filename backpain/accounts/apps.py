"""App config for clinics, users and roles."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backpain.accounts"
    label = "accounts"
    verbose_name = "Clinics and users"
