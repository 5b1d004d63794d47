"""App config for visits and their documentation steps."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "backpain.visits"
    label = "visits"

    def ready(self):
        from . import signals  # noqa: F401  (re-assesses a visit when its findings change)
