"""Work lists: visits with their most urgent red flag, the most urgent first, read from the
stored assessments (assessments.py): listing them runs no engine code."""

from dataclasses import dataclass

from django.db.models import F

from .decision_support import URGENCY_NAMES


@dataclass
class QueueFlag:
    code: str
    urgency: str

    @property
    def urgency_name(self) -> str:
        """The urgency in words ("Emergency"), in the page's language."""
        return str(URGENCY_NAMES.get(self.urgency, self.urgency.capitalize()))


@dataclass
class QueueEntry:
    visit: object
    flag: QueueFlag | None  # the most urgent red flag, or None
    flag_count: int


def most_urgent_first(visits):
    """The visits ordered by their most urgent stored flag (none last), then date."""
    return visits.select_related("stored_assessment").order_by(
        F("stored_assessment__top_urgency_rank").asc(nulls_last=True), "visit_date", "id")


def entries(visits) -> list[QueueEntry]:
    """Each visit (stored assessment joined in) with its most urgent flag; no query per row."""
    listed = []
    for visit in visits:
        stored = getattr(visit, "stored_assessment", None)
        flag = (QueueFlag(stored.top_flag, stored.top_urgency)
                if stored is not None and stored.top_flag else None)
        listed.append(QueueEntry(visit, flag, stored.flag_count if stored else 0))
    return listed
