"""The follow-ups work list: each open episode's follow-up points whose window is open (due
until the target date, overdue after it) or closed lately with no visit (missed), computed in
the database: one query for the schedule and one per state, however many points and
episodes."""

import datetime
from dataclasses import dataclass
from functools import cache, partial

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL

from backpain.core.prepared_queries import PreparedQuery, generic_plans
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


# The open episodes' status written into the SQL, not passed as a parameter, so that a plan
# made once for all values (a generic plan) can read the index of open episodes
# (`episode_open_by_index_date`, whose condition is status = 'open'). work_list runs the
# follow-up queries with generic plans (core/prepared_queries.generic_plans): PostgreSQL
# otherwise planned each of the home page's three again on every page at 100k visits
# (1.2-1.3 ms each). With the status a parameter, the generic plan read every episode (23 ms
# at 100k visits).
OPEN_IN_SQL = RawSQL(f"'{EpisodeStatus.OPEN}'", ())  # noqa: S611 - our constant, no input


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
        patient__clinic_id=clinic_id, status=OPEN_IN_SQL,
        index_date__lte=opened_by, index_date__gte=closed_since,
    ).exclude(
        Exists(in_window.exclude(status=VisitStatus.SCHEDULED))
    ).annotate(
        booked_visit_id=Subquery(booked.values("pk")[:1]),
        booked_date=Subquery(booked.values("visit_date")[:1]),
    ).select_related("patient").only(*LISTED).order_by(
        *(("-index_date", "-id") if newest_first else ("index_date", "id")))


# What the list shows of an episode and its patient (visits/worklist_html.follow_up_rows):
# 150 rows at most, each built without the columns it never shows.
LISTED = ("patient_id", "condition", "index_date", "patient__mrn", "patient__family_name",
          "patient__given_name")


INDEX_DATE = Episode._meta.get_field("index_date")
DAYS = IntegerField()
CLINIC = Episode._meta.get_field("patient").related_model._meta.get_field("clinic")
STATES = (OVERDUE, DUE, MISSED)
# In each list the nearest target first, but the latest closed first among the missed.
NEWEST_FIRST = {OVERDUE: False, DUE: False, MISSED: True}
# What a query reads of each point of the schedule, named "p<number>_<name>".
POINT_FIELDS = {"days": DAYS, "start": DAYS, "end": DAYS, "opened_by": INDEX_DATE,
                "closed_since": INDEX_DATE}


def state_episodes(clinic_id, state, points, limit, offset=0, **values):
    """The episodes whose follow-up at one of `points` points is in `state`, `limit` of the
    list from `offset` on: each point's part read through the index of open episodes by index
    date and stopping at `offset + limit` (where the database cuts a union's parts), then all
    of them in the list's order, by target date. Each episode carries the number of its
    point."""
    parts = []
    for number in range(points):
        window = {name: values[f"p{number}_{name}"] for name in POINT_FIELDS}
        days = window.pop("days")
        parts.append(episodes_in_window(clinic_id, newest_first=NEWEST_FIRST[state], **window)
                     .annotate(target=days_after(F("index_date"), days),
                               point_number=Value(number)))
    order = ("-target", "-id") if NEWEST_FIRST[state] else ("target", "id")
    if len(parts) == 1:
        return parts[0].order_by(*order)[offset:offset + limit]
    if connections[DEFAULT_DB_ALIAS].features.supports_slicing_ordering_in_compound:
        parts = [part[:offset + limit] for part in parts]
    else:  # SQLite orders and cuts only the whole union
        parts = [part.order_by() for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by(*order)[offset:offset + limit]


@cache
def state_query(points: int) -> PreparedQuery:
    """state_episodes for a schedule of `points` points, compiled to SQL once per process
    (core/prepared_queries.py) and run for each state."""
    return PreparedQuery(
        partial(state_episodes, points=points), clinic_id=CLINIC, state=None, limit=None,
        **{f"p{number}_{name}": field for number in range(points)
           for name, field in POINT_FIELDS.items()})


def work_list(user, today, *, limit=50) -> dict[str, list[FollowUp]]:
    """The clinic's follow-ups by state: overdue and due the nearest target first, missed the
    latest closed first; at most `limit` in each, whatever the others hold. One query for the
    schedule and one per state, however many points and episodes.

    Each list is cut at its own limit: one list cut at `limit` over all three states read
    the oldest index dates first, the missed ones, and hid every due and overdue follow-up of
    a clinic with more missed ones than that."""
    points = schedule_of(user.clinic_id)
    # Each state's query reads the index of open episodes in index date order and stops at
    # `limit`, whatever the dates: planned once (generic_plans). PostgreSQL planned each of
    # them again on every home page at 100k visits (1.2-1.3 ms each, more than running it).
    with generic_plans():
        return {state: state_list(user.clinic_id, points, state, today, limit)
                for state in STATES}


def state_list(clinic_id, points, state, today, limit, offset=0) -> list[FollowUp]:
    """One state's list, `limit` follow-ups from `offset` on, in one query. The first ones
    (the home page's) through a query compiled once per process; a later page of the
    follow-ups page through its own."""
    if not points:
        return []
    values = {f"p{number}_{name}": value for number, point in enumerate(points)
              for name, value in {**state_windows(point, today)[state],
                                  "days": point.days_after_index}.items()}
    if offset:
        episodes = state_episodes(clinic_id, state, len(points), limit, offset, **values)
    else:
        episodes = state_query(len(points)).rows(clinic_id=clinic_id, state=state,
                                                 limit=limit, **values)
    listed = []
    for episode in episodes:
        point = points[episode.point_number]
        opens, target, closes = point.window(episode.index_date)
        listed.append(FollowUp(episode, point, opens, target, closes, state,
                               episode.booked_visit_id, episode.booked_date))
    return listed
