"""App config for visits and their documentation steps."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "backpain.visits"
    label = "visits"

    def ready(self):
        from backpain.audit.readable import RECORD_NAMERS, VALUE_WORDS
        from backpain.patients.page import register_panel

        from . import (
            audit_names,
            signals,  # noqa: F401  (re-assesses a visit when its findings change)
        )
        from .models import Visit
        from .selectors import visits_of_patient

        register_panel("visits/patient_visits.html",
                       lambda user, patient: {"visits": visits_of_patient(user, patient)})
        # The audit page names visits and says steps and visit types in words.
        RECORD_NAMERS[Visit._meta.label] = audit_names.visit_names
        VALUE_WORDS.update(step=audit_names.step_title, visit_type=audit_names.visit_type_words)
