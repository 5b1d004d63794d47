"""App config for visits and their documentation steps."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "backpain.visits"
    label = "visits"
