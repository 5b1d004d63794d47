"""The patient page's episodes: each with its follow-up points on the calendar (two queries)."""

from dataclasses import dataclass

from .selectors import episodes_of_patient, schedule_of


@dataclass
class PlannedFollowUp:
    label: str
    opens: object
    target: object
    closes: object


def episodes_panel(user, patient) -> dict:
    schedule = schedule_of(user.clinic_id)
    episodes = list(episodes_of_patient(user, patient))
    for episode in episodes:
        episode.planned = [PlannedFollowUp(point.label, *point.window(episode.index_date))
                           for point in schedule] if episode.is_open else []
    return {"episodes": episodes, "may_change": user.has_perm("episodes.change_episode"),
            "may_book": user.has_perm("visits.add_visit"),
            "may_add_treatment": user.has_perm("episodes.add_treatment")}


def course_of(user, episode_id) -> dict:
    """The course of treatment of one episode of the user's clinic, oldest first (one query)."""
    from .models import Treatment

    treatments = list(Treatment.objects.filter(
        episode_id=episode_id, episode__patient__clinic_id=user.clinic_id)) if episode_id else []
    return {"treatments": treatments, "episode_id": episode_id,
            "may_add": user.has_perm("episodes.add_treatment"),
            "may_respond": user.has_perm("episodes.change_treatment")}
