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
            "may_book": user.has_perm("visits.add_visit")}
