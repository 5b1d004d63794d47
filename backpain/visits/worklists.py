"""Work lists: the first rows of a list of visits and how many more there are, in one query;
and the physician's queue with each visit's most urgent red flag, the most urgent first, read
from the stored assessments (assessments.py): listing them runs no engine code."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Window

from backpain.core.prepared_queries import PreparedQuery

from . import selectors
from .decision_support import URGENCY_NAMES
from .models import Visit


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


def first_rows(visits, limit):
    """The first `limit` visits, each with the list's total: one query whatever the size of
    the list (the total is counted by the database beside the rows, before the limit)."""
    return visits.annotate(list_total=Window(Count("pk")))[:limit]


def work_list(rows) -> WorkList:
    """Rows read by first_rows, and how many more the list holds."""
    return WorkList(rows, rows[0].list_total - len(rows) if rows else 0)


@dataclass
class QueueEntry:
    visit: object
    flag: QueueFlag | None  # the most urgent red flag, or None
    flag_count: int


def most_urgent_first(visits):
    """The visits ordered by their most urgent stored flag (none last), then date. Of the
    stored assessment only its summary columns are read (entries): the engine's whole reading
    and its problems are JSON, which was parsed for every row and never shown."""
    return visits.select_related("stored_assessment").defer(
        "stored_assessment__data", "stored_assessment__problems").order_by(
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


# The home page's lists, compiled to SQL once per process (core/prepared_queries.py).
TODAYS_VISITS = PreparedQuery(
    lambda clinic_id, day, limit: first_rows(selectors.visits_on_day(clinic_id, day), limit),
    clinic_id=selectors.CLINIC, day=Visit._meta.get_field("visit_date"), limit=None)
INCOMPLETE_INTAKES = PreparedQuery(
    lambda clinic_id, limit: first_rows(selectors.intakes_not_complete(clinic_id), limit),
    clinic_id=selectors.CLINIC, limit=None)
PHYSICIAN_QUEUE = PreparedQuery(
    lambda clinic_id, physician_id, limit: first_rows(most_urgent_first(
        selectors.queue_of(clinic_id, physician_id)), limit),
    clinic_id=selectors.CLINIC, physician_id=Visit._meta.get_field("assigned_physician"),
    limit=None)
