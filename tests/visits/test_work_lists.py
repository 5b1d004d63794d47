"""The home page's work lists: a bounded number of rows and how many more, at the same cost
whatever the size of the clinic's day and history, read through indexes
(backpain/visits/worklists.py, selectors.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.visits import home, selectors
from backpain.visits.models import Visit
from tests.conftest import client_for
from tests.factories import PatientFactory, VisitFactory

from .query_plans import only_on_postgresql, reads_by_index


def open_visits(count, clinic, physician, day=None):
    """Open visits the physician opened (so in their queue), intake not handed over."""
    for _ in range(count):
        VisitFactory(patient=PatientFactory(clinic=clinic), created_by=physician,
                     assigned_physician=physician, visit_date=day or datetime.date.today())


def signed_history(count, clinic, physician):
    for n in range(count):
        visit = VisitFactory(patient=PatientFactory(clinic=clinic), created_by=physician,
                             assigned_physician=physician,
                             visit_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
        Visit.objects.filter(pk=visit.pk).update(status="signed")


def test_each_list_shows_the_first_rows_and_how_many_more_at_one_cost(
        physician, clinic, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(home, "WORKLIST_LIMIT", 2)
    client = client_for(physician)
    open_visits(3, clinic, physician)
    with CaptureQueriesContext(connection) as few:
        page = client.get(reverse("home")).content.decode()
    assert "And 1 more visit today" in page
    assert "And 1 more intake not yet complete" in page
    assert "1 more visit awaits your review" in page
    open_visits(27, clinic, physician)
    signed_history(30, clinic, physician)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert len(response.context["todays_visits"]) == 2
    assert len(response.context["incomplete_intakes"]) == 2
    assert len(response.context["my_queue"]) == 2
    assert "And 28 more visits today, of patients later in the alphabet." in page
    assert "And 28 more intakes not yet complete" in page
    assert "28 more visits await your review" in page


def test_a_list_within_its_limit_says_nothing_more(physician_client, clinic, physician):
    open_visits(3, clinic, physician)
    page = physician_client.get(reverse("home")).content.decode()
    assert "more visit" not in page and "more intake" not in page


@only_on_postgresql
@pytest.mark.parametrize(("work_list", "index"), [
    (lambda user: selectors.intakes_not_complete(user.clinic_id), "visit_intake_open"),
    (lambda user: selectors.queue_of(user.clinic_id, user.pk), "visit_open_by_physician")])
def test_work_lists_read_only_the_open_visits(db, physician, work_list, index):
    """Through a partial index of the open visits: the signed history is never read."""
    assert reads_by_index(work_list(physician), index)


@only_on_postgresql
def test_todays_list_reads_only_the_day(physician):
    assert reads_by_index(selectors.visits_on_day(physician.clinic_id, datetime.date.today()),
                          "visits_visi_visit_d_4df2d0_idx")


@only_on_postgresql
def test_the_plan_check_sees_a_list_no_index_serves(physician):
    assert not reads_by_index(selectors.visits_for(physician).filter(chief_complaint="x"),
                              "visit_intake_open")


@only_on_postgresql
def test_follow_ups_probe_each_episodes_visits_by_index(physician):
    """Whether a follow-up's window holds a visit is read through an index of the visits (by
    episode and date, or by date within the episode's window), never by reading every visit
    of the clinic. Which of the two the planner takes on a test's few rows follows the
    statistics other tests left behind; at a clinic's scale it is the episode's
    (bench/README.md)."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from backpain.episodes.models import FollowUpPoint
    from backpain.visits import followups

    assert FollowUpPoint.objects.filter(clinic=physician.clinic).exists()  # the default schedule
    with CaptureQueriesContext(db) as queries:
        followups.work_list(physician, datetime.date.today())
    listed = [q["sql"] for q in queries.captured_queries if "episodes_episode" in q["sql"]
              and "visits_visit" in q["sql"]]
    assert listed
    with db.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in listed:
            cursor.execute(f"EXPLAIN {sql}")
            plan = [row[0] for row in cursor.fetchall()]
            reads = visit_reads(plan)
            assert reads
            for scan, condition in reads:
                assert "Seq Scan" not in scan, scan
                # Bounded by the episode, or by the dates of its window: never the clinic's
                # whole history through some other index.
                assert "episode_id" in condition or "visit_date" in condition, (scan, condition)


def visit_reads(plan: list[str]) -> list[tuple[str, str]]:
    """Each read of visits_visit in an EXPLAIN plan: its line and its index condition (the
    Index Cond under it, or under the bitmap index scan that feeds it)."""
    reads = []
    for at, line in enumerate(plan):
        if " on visits_visit" not in line or "Bitmap Index Scan" in line:
            continue
        condition = ""
        for below in plan[at + 1:]:
            text = below.strip()
            if text.startswith(("Index Cond:", "Recheck Cond:")):
                condition = text
                break
            if text.startswith("->") and "Bitmap Index Scan" not in text:
                break
        reads.append((line.strip(), condition))
    return reads


@only_on_postgresql
def test_follow_ups_read_only_the_open_episodes_in_their_window(physician):
    """The open episodes whose index date falls in a point's window, through the index of
    open episodes by index date: never every episode the clinic ever had."""
    from backpain.episodes.models import FollowUpPoint
    from backpain.visits import followups

    for point in FollowUpPoint.objects.filter(clinic=physician.clinic):
        for state, window in followups.state_windows(point, datetime.date.today()).items():
            episodes = followups.episodes_in_window(
                physician.clinic_id, newest_first=followups.NEWEST_FIRST[state], **window)
            assert reads_by_index(episodes[:50], "episode_open_by_index_date")


@only_on_postgresql
def test_follow_ups_are_read_by_the_open_episodes_index_whatever_the_dates(physician):
    """Planned once for all dates (the generic plan of a prepared statement, as the home page
    runs it: core/prepared_queries.generic_plans), the follow-up query still reads the index
    of open episodes: their status is written into the SQL, not a parameter that a plan made
    before the values are known cannot match with the index's condition."""
    from backpain.episodes.models import FollowUpPoint
    from backpain.visits import followups

    point = FollowUpPoint.objects.filter(clinic=physician.clinic).first()
    window = followups.state_windows(point, datetime.date.today())[followups.DUE]
    sql, params = followups.episodes_in_window(physician.clinic_id, **window)[:11] \
        .query.sql_with_params()
    first, *rest = sql.split("%s")
    numbered = first + "".join(f"${number}{text}" for number, text in enumerate(rest, start=1))
    values = ", ".join(connection.ops.compose_sql("%s", [value]) for value in params)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE follow_ups AS {numbered}")
        cursor.execute(f"EXPLAIN EXECUTE follow_ups({values})")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE follow_ups")
    assert "$1" in plan or "$2" in plan  # a plan for any dates, not for these
    assert " using episode_open_by_index_date on " in plan or \
        "Bitmap Index Scan on episode_open_by_index_date" in plan
