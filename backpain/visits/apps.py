"""App config for visits and their documentation steps."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "backpain.visits"
    label = "visits"

    def ready(self):
        from backpain.patients.page import register_panel

        from . import signals  # noqa: F401  (re-assesses a visit when its findings change)
        from .selectors import visits_of_patient

        register_panel("visits/patient_visits.html",
                       lambda user, patient: {"visits": visits_of_patient(user, patient)})
