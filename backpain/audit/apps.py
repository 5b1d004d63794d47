"""App config for the append-only audit trail."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AuditConfig(AppConfig):
    name = "backpain.audit"
    label = "audit"
    verbose_name = gettext_lazy("Audit trail")

    def ready(self):
        from . import signals  # noqa: F401  (connects the login/logout receivers)
