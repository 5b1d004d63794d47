from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy


class NotesConfig(AppConfig):
    name = "backpain.notes"
    verbose_name = gettext_lazy("Signed notes")

    def ready(self):
        checks.register(signing_certificate_check, checks.Tags.security, deploy=True)


def signing_certificate_check(app_configs, **kwargs):
    from . import pades

    if pades.configured():
        return []
    return [checks.Warning(
        "Note PDFs will be stored without a cryptographic (PAdES) signature.",
        hint="Set NOTE_SIGNING_CERT and NOTE_SIGNING_KEY to the clinic's certificate and key.",
        id="notes.W001")]
