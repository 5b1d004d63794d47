"""A patient's outcomes over their visits: the series of signed visits (the baseline first) and
the engine's trends of it (backpain/clinical/outcomes.py), one query however many visits."""

from backpain.clinical.outcomes import Occasion, trends

from .models import Visit
from .models.visit import SIGNED_STATUSES


def series_visits(patient, episode_id):
    """The visits outcomes are followed over: the signed visits of one episode of care, oldest
    first (a baseline from another episode, another condition, would mislead). The one place
    the series is chosen."""
    return (Visit.objects.filter(patient=patient, episode_id=episode_id,
                                 status__in=SIGNED_STATUSES)
            .select_related("questionnaires", "history").order_by("visit_date", "pk"))


def occasion(visit) -> Occasion:
    """A visit's answers by column (questionnaires, and the history's work status)."""
    answers = {}
    record = visit.step_record("questionnaires")
    if record is not None:
        answers = {name: getattr(record, name) for name in record.finding_field_names()}
    history = visit.step_record("history")
    answers["work_status"] = history.work_status if history is not None else None
    return Occasion(visit.visit_date.isoformat(), str(visit.get_visit_type_display()), answers)


def followed_episode(patient):
    """The id of the patient's latest episode with a signed visit (the one the page follows)."""
    return (Visit.objects.filter(patient=patient, status__in=SIGNED_STATUSES)
            .order_by("-visit_date", "-pk").values_list("episode_id", flat=True).first())


def patient_trends(patient, latest=None) -> dict:
    """The trends over the signed visits of the patient's latest episode with a signed visit
    (or of the episode `latest`), and the answers reported at each."""
    latest = latest or followed_episode(patient)
    return series_of(list(series_visits(patient, latest)) if latest else [])


def visit_trends(visit) -> dict:
    """The trends as they stand at a visit: the signed visits up to its date, then this one
    (signed or not), so a follow-up shows its change before it is signed."""
    earlier = list(series_visits(visit.patient, visit.episode_id).filter(
        visit_date__lte=visit.visit_date).exclude(pk=visit.pk))
    return series_of([*earlier, visit])


def series_of(visits) -> dict:
    occasions = [occasion(visit) for visit in visits]
    return {"trends": trends(occasions), "reports": reports(occasions)}


REPORTED = ("work_status", "usual_tasks", "global_change", "satisfaction")


def reports(occasions) -> list[dict]:
    """The answers in words (work, usual tasks, global rating of change, satisfaction), one
    row per visit that recorded any."""
    from backpain.clinical import dictionary

    declared = {name: dictionary.declaration(f"questionnaires.{name}")
                for name in REPORTED if name != "work_status"}
    declared["work_status"] = dictionary.declaration("history.work_status")
    rows = []
    for found in occasions:
        values = [found.answers.get(name) for name in REPORTED]
        if all(value in (None, "") for value in values):
            continue
        rows.append({"date": found.date, "kind": found.kind,
                     "values": ["" if value in (None, "") else declared[name].value_label(value)
                                for name, value in zip(REPORTED, values, strict=True)]})
    return rows
