"""Work lists: the first rows of a list of visits and how many more there are, in one query;
and the physician's queue with each visit's most urgent red flag, the most urgent first, read
from the stored assessments (assessments.py): listing them runs no engine code."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Window

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
class WorkList:
    rows: list = field(default_factory=list)
    not_shown: int = 0  # how many more the list holds beyond `rows`

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


def first_rows(visits, limit) -> WorkList:
    """The first `limit` visits, and how many more there are: one query whatever the size of
    the list (the total is counted by the database beside the rows, before the limit)."""
    rows = list(visits.annotate(list_total=Window(Count("pk")))[:limit])
    return WorkList(rows, rows[0].list_total - len(rows) if rows else 0)


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
