"""The follow-ups work list: each open episode's follow-up points whose window is open (due
until the target date, overdue after it) or closed lately with no visit (missed), computed in
the database: one query for the schedule and one per point of it, however many episodes
(on SQLite one per point and state)."""

import datetime
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateField, Exists, Func, IntegerField, OuterRef, Subquery

from backpain.core.prepared_queries import PreparedQuery
from backpain.episodes.models import Episode, EpisodeStatus, FollowUpPoint
from backpain.episodes.selectors import schedule_of

from .models import Visit, VisitStatus

# A missed follow-up stays on the list this long after its window closed, then it is history
# (still visible on the patient page's episode); closing the episode clears it at once.
MISSED_SHOWN_DAYS = 90
DUE, OVERDUE, MISSED = "due", "overdue", "missed"


@dataclass
class FollowUp:
    episode: Episode  # with its patient
    point: FollowUpPoint
    opens: datetime.date
    target: datetime.date
    closes: datetime.date
    state: str
    booked_visit_id: int | None
    booked_date: datetime.date | None


class DaysAfter(Func):
    """`date` + `days` as a date, in the database's own SQL. Django's date arithmetic on SQLite
    calls back into Python for every row; on the test live server, whose request threads share
    one SQLite connection, such a callback can deadlock two concurrent requests."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        self.days = int(days)
        super().__init__(expression)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # The days bound as a whole number, as on PostgreSQL (prepared queries find it there).
        return f"date({sql}, printf('%%+d days', %s))", [*params, self.days]

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date + integer
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + %s::integer)", [*params, self.days]


def days_after(date_field, days: int):
    """`date_field` + `days` as a date, in SQL (SQLite and PostgreSQL alike)."""
    return DaysAfter(date_field, days)


def state_of(today, target, closes) -> str:
    if today > closes:
        return MISSED
    return OVERDUE if today > target else DUE


def state_windows(point, today) -> dict[str, dict]:
    """For each state, the index dates whose follow-up at `point` is in that state today, as
    `episodes_in_window` takes them: the point's window (days after the index date) and the
    first and last index date (closed_since, opened_by). Due: the window has opened and the
    target not passed; overdue: the target passed, the window still open; missed: the window
    closed no longer ago than MISSED_SHOWN_DAYS."""
    start = point.days_after_index - point.window_before_days
    end = point.days_after_index + point.window_after_days

    def days_ago(days):
        return today - datetime.timedelta(days=days)

    ranges = {DUE: (days_ago(point.days_after_index), days_ago(start)),
              OVERDUE: (days_ago(end), days_ago(point.days_after_index + 1)),
              MISSED: (days_ago(end + MISSED_SHOWN_DAYS), days_ago(end + 1))}
    return {state: {"start": start, "end": end, "closed_since": since, "opened_by": until}
            for state, (since, until) in ranges.items()}


def episodes_in_window(clinic_id, start, end, opened_by, closed_since, newest_first=False):
    """The open episodes whose index date lies between closed_since and opened_by (see
    `state_windows`), the oldest index date first or the newest (read through the
    `episode_open_by_index_date` index), less those with a visit done in the window (`start`
    to `end` days after the index date), each with the visit booked in the window if any."""
    in_window = Visit.objects.filter(
        episode=OuterRef("pk"),
        visit_date__gte=days_after(OuterRef("index_date"), start),
        visit_date__lte=days_after(OuterRef("index_date"), end))
    booked = in_window.filter(status=VisitStatus.SCHEDULED).order_by("visit_date", "id")
    return Episode.objects.filter(
        patient__clinic_id=clinic_id, status=EpisodeStatus.OPEN,
        index_date__lte=opened_by, index_date__gte=closed_since,
    ).exclude(
        Exists(in_window.exclude(status=VisitStatus.SCHEDULED))
    ).annotate(
        booked_visit_id=Subquery(booked.values("pk")[:1]),
        booked_date=Subquery(booked.values("visit_date")[:1]),
    ).select_related("patient").order_by(
        *(("-index_date", "-id") if newest_first else ("index_date", "id")))


INDEX_DATE = Episode._meta.get_field("index_date")
DAYS = IntegerField()
CLINIC = Episode._meta.get_field("patient").related_model._meta.get_field("clinic")
STATES = (OVERDUE, DUE, MISSED)
# In each list the nearest target first, but the latest closed first among the missed.
NEWEST_FIRST = {OVERDUE: False, DUE: False, MISSED: True}


def point_episodes(clinic_id, limit, **values):
    """The episodes of one point in each state, at most `limit` of each, as one query (a UNION
    ALL of three, each read from its first index date on and stopping at `limit`): the lists
    of a state are cut at `limit`, and one query cut at `limit` over all three states read the
    missed ones first, which hid every due and overdue follow-up of a clinic with more missed
    ones than that."""
    parts = [episodes_in_window(clinic_id, newest_first=NEWEST_FIRST[state],
                                **{name: values[f"{state}_{name}"] for name in STATE_FIELDS})
             [:limit] for state in STATES]
    return parts[0].union(*parts[1:], all=True)


# Compiled to SQL once per process (core/prepared_queries.py), run for each point; the
# values of each state's window named "<state>_<name>".
STATE_FIELDS = {"start": DAYS, "end": DAYS, "opened_by": INDEX_DATE, "closed_since": INDEX_DATE}
POINT_EPISODES = PreparedQuery(
    point_episodes, clinic_id=CLINIC, limit=None,
    **{f"{state}_{name}": field for state in STATES for name, field in STATE_FIELDS.items()})
# SQLite cannot cut the parts of a UNION: there, one query per state.
STATE_EPISODES = PreparedQuery(
    lambda limit, **window: episodes_in_window(**window)[:limit],
    clinic_id=CLINIC, newest_first=None, limit=None, **STATE_FIELDS)


def follow_ups_of_point(clinic_id, point, today, limit):
    """The follow-ups of `point`, at most `limit` in each state: one query (one per state on
    SQLite)."""
    windows = state_windows(point, today)
    if connections[DEFAULT_DB_ALIAS].features.supports_slicing_ordering_in_compound:
        episodes = POINT_EPISODES.rows(
            clinic_id=clinic_id, limit=limit,
            **{f"{state}_{name}": value for state, window in windows.items()
               for name, value in window.items()})
    else:
        episodes = [episode for state in STATES for episode in STATE_EPISODES.rows(
            clinic_id=clinic_id, limit=limit, newest_first=NEWEST_FIRST[state],
            **windows[state])]
    listed = []
    for episode in episodes:
        opens, target, closes = point.window(episode.index_date)
        listed.append(FollowUp(episode, point, opens, target, closes,
                               state_of(today, target, closes), episode.booked_visit_id,
                               episode.booked_date))
    return listed


def work_list(user, today, *, limit=50) -> dict[str, list[FollowUp]]:
    """The clinic's follow-ups by state: overdue and due the nearest target first, missed the
    latest closed first; at most `limit` in each."""
    found = [follow_up for point in schedule_of(user.clinic_id)
             for follow_up in follow_ups_of_point(user.clinic_id, point, today, limit)]
    by_state: dict[str, list[FollowUp]] = {OVERDUE: [], DUE: [], MISSED: []}
    for follow_up in sorted(found, key=lambda f: (f.target, f.episode.pk)):
        by_state[follow_up.state].append(follow_up)
    by_state[MISSED].reverse()
    return {state: rows[:limit] for state, rows in by_state.items()}
