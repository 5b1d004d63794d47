"""App config for the administrators' exports: CSV, FHIR NDJSON and the ZIP of signed notes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ExportsConfig(AppConfig):
    name = "backpain.exports"
    label = "exports"
    verbose_name = gettext_lazy("Exports")
