"""App config for patients."""

from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "backpain.patients"
    label = "patients"
