"""The follow-ups work list: due, overdue and missed at each side of every window edge, computed
in the database at a flat number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.episodes.models import Episode, FollowUpPoint
from backpain.visits.followups import DUE, MISSED, MISSED_SHOWN_DAYS, OVERDUE, work_list
from backpain.visits.home import HOME_FOLLOW_UPS
from tests.factories import PatientFactory, VisitFactory

INDEX = datetime.date(2026, 1, 5)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def episode(visit):
    """The first visit's episode, that visit on the index date."""
    type(visit).objects.filter(pk=visit.pk).update(visit_date=INDEX)
    Episode.objects.filter(pk=visit.episode_id).update(index_date=INDEX, start_date=INDEX)
    visit.episode.refresh_from_db()
    return visit.episode


def states(user, today):
    """{(follow-up, patient MRN): state} on `today`."""
    return {(row.point.label, row.episode.patient.mrn): state
            for state, rows in work_list(user, today).items() for row in rows}


def test_a_new_clinic_follows_the_default_schedule(clinic):
    points = FollowUpPoint.objects.filter(clinic=clinic)
    assert [(p.label, p.days_after_index, p.window_before_days, p.window_after_days)
            for p in points] == [("6 weeks", 42, 14, 14), ("3 months", 91, 28, 28),
                                 ("12 months", 365, 61, 61)]


@pytest.mark.parametrize("label", ["6 weeks", "3 months", "12 months"])
def test_each_side_of_every_window_edge(physician, episode, label):
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label=label)
    opens, target, closes = point.window(INDEX)
    expected = [
        (opens - DAY, None),  # the window has not opened
        (opens, DUE),
        (target, DUE),
        (target + DAY, OVERDUE),
        (closes, OVERDUE),
        (closes + DAY, MISSED),
        (closes + MISSED_SHOWN_DAYS * DAY, MISSED),
        (closes + (MISSED_SHOWN_DAYS + 1) * DAY, None),  # history, no longer a task
    ]
    for today, state in expected:
        assert states(physician, today).get((label, "RSC-1")) == state, today


@pytest.mark.parametrize("offset, counts", [(-1, False), (0, True), ("closes", True),
                                            ("after", False)])
def test_a_visit_inside_the_window_fulfils_it(physician, patient, episode, offset, counts):
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label="3 months")
    opens, target, closes = point.window(INDEX)
    visit_date = {-1: opens - DAY, 0: opens, "closes": closes, "after": closes + DAY}[offset]
    VisitFactory(patient=patient, episode=episode, visit_type="follow_up",
                 visit_date=visit_date)
    listed = states(physician, closes + 5 * DAY).get(("3 months", "RSC-1"))
    assert listed == (None if counts else MISSED)


def test_a_booked_visit_shows_in_the_due_list_and_does_not_fulfil_it(physician, patient,
                                                                     episode):
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label="6 weeks")
    opens, target, closes = point.window(INDEX)
    booked = VisitFactory(patient=patient, episode=episode, visit_type="follow_up",
                          visit_date=target, status="scheduled")
    due = work_list(physician, opens)[DUE]
    assert [(row.point.label, row.booked_visit_id, row.booked_date) for row in due] == [
        ("6 weeks", booked.pk, target)]
    # Booked but never started: when the window closes it is missed.
    assert states(physician, closes + DAY)[("6 weeks", "RSC-1")] == MISSED


def test_a_visit_of_another_episode_does_not_fulfil_it(physician, patient, episode):
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label="6 weeks")
    _, target, _ = point.window(INDEX)
    VisitFactory(patient=patient, visit_type="new", visit_date=target)  # starts a new episode
    assert states(physician, target)[("6 weeks", "RSC-1")] == DUE


def test_a_closed_episode_leaves_the_list(physician, episode):
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label="6 weeks")
    _, target, _ = point.window(INDEX)
    Episode.objects.filter(pk=episode.pk).update(status="closed", closed_on=target)
    assert ("6 weeks", "RSC-1") not in states(physician, target)


def test_another_clinics_follow_ups_are_not_listed(physician, other_visit):
    Episode.objects.filter(pk=other_visit.episode_id).update(index_date=INDEX)
    assert states(physician, INDEX + 42 * DAY) == {}


def test_the_clinics_own_schedule_counts_from_a_procedure_date(physician, episode):
    FollowUpPoint.objects.filter(clinic=physician.clinic).delete()
    FollowUpPoint.objects.create(clinic=physician.clinic, label="90 days",
                                 days_after_index=90, window_before_days=0,
                                 window_after_days=30)
    surgery = INDEX + 20 * DAY
    Episode.objects.filter(pk=episode.pk).update(index_event="procedure", index_date=surgery)
    assert states(physician, surgery + 89 * DAY) == {}
    assert states(physician, surgery + 90 * DAY) == {("90 days", "RSC-1"): DUE}


def add_episodes(count, clinic, index_date):
    for _ in range(count):
        visit = VisitFactory(patient=PatientFactory(clinic=clinic), visit_date=index_date)
        Episode.objects.filter(pk=visit.episode_id).update(index_date=index_date)


def test_the_home_page_lists_follow_ups_at_a_flat_query_count(physician_client, physician,
                                                              clinic):
    today = datetime.date.today()
    # Three points in three states: 6 weeks overdue, 3 months due... for 5 and then 50.
    index = today - datetime.timedelta(days=50)

    def count():
        with CaptureQueriesContext(connection) as context:
            response = physician_client.get(reverse("home"))
        assert response.status_code == 200
        return len(context.captured_queries), response

    add_episodes(5, clinic, index)
    few, response = count()
    assert response.content.count(b"6 weeks") == 5
    assert b"See them all" not in response.content
    add_episodes(45, clinic, index)
    many, response = count()
    # The first ten, and a link to the follow-ups page for the others.
    assert response.content.count(b"6 weeks") == HOME_FOLLOW_UPS
    assert reverse("visits:follow_ups", args=[OVERDUE]).encode() in response.content
    assert many == few


def test_an_unbooked_follow_up_links_to_a_booking_for_its_target(physician_client, clinic):
    today = datetime.date.today()
    add_episodes(1, clinic, today - datetime.timedelta(days=30))  # 6 weeks: target in 12 days
    episode = Episode.objects.get(patient__clinic=clinic)
    target = today + datetime.timedelta(days=12)
    page = physician_client.get(reverse("home")).content.decode()
    link = (reverse("visits:book", kwargs={"patient_pk": episode.patient_id})
            + f"?episode={episode.pk}&amp;date={target.isoformat()}")
    assert link in page
    form = physician_client.get(link.replace("&amp;", "&")).context["form"]
    assert (form.initial["episode"], form.initial["visit_date"]) == (str(episode.pk),
                                                                     target.isoformat())


def test_many_missed_follow_ups_never_hide_a_due_one(physician, clinic, episode):
    """Each state's list is cut at its own limit: more missed follow-ups at a point than a
    list shows leave its due and overdue ones listed."""
    point = FollowUpPoint.objects.get(clinic=physician.clinic, label="6 weeks")
    _, target, _ = point.window(INDEX)
    add_episodes(3, clinic, INDEX - 30 * DAY)  # their 6 weeks closed 16 days before
    listed = work_list(physician, target, limit=2)
    assert [row.episode.pk for row in listed[DUE] if row.point == point] == [episode.pk]
    assert [row.point.label for row in listed[MISSED]] == ["6 weeks", "6 weeks"]
