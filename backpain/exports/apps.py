"""App config for the administrators' exports: CSV, FHIR NDJSON and the ZIP of signed notes."""

from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "backpain.exports"
    label = "exports"
    verbose_name = "Exports"
