"""App config for visits and their documentation steps."""

from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "backpain.visits"
    label = "visits"

    def ready(self):
        from backpain.audit.readable import RECORD_NAMERS, VALUE_WORDS
        from backpain.patients.page import register_panel

        from . import signals  # noqa: F401  (re-assesses a visit when its findings change)
        from .audit_names import step_title, visit_names, visit_type_words
        from .models import Visit
        from .selectors import visits_of_patient

        register_panel("visits/patient_visits.html",
                       lambda user, patient: {"visits": visits_of_patient(user, patient)})
        register_panel("visits/patient_trends.html", trends_panel)
        # The audit page names visits and says steps and visit types in words.
        RECORD_NAMERS[Visit._meta.label] = visit_names
        VALUE_WORDS.update(step=step_title, visit_type=visit_type_words)


def trends_panel(user, patient) -> dict:
    """The outcome trends of the followed episode, and beside them its course of treatment."""
    from backpain.episodes.page import course_of
    from backpain.episodes.selectors import open_episodes_of

    from .trend_charts import trend_context
    from .trends import followed_episode, patient_trends

    episode_id = followed_episode(patient)
    # Before any visit is signed, the course shown is the latest open episode's.
    course_episode = episode_id or open_episodes_of(patient).values_list("pk", flat=True).first()
    return {"trends": trend_context(patient_trends(patient, episode_id)),
            "course": course_of(user, course_episode)}
