"""App config for the append-only audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "backpain.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from . import signals  # noqa: F401  (connects the login/logout receivers)
