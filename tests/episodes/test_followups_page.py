"""The follow-ups page: every follow-up of a state, a page at a time, in the home page's order,
reached from the home page when its list holds more than it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.episodes.models import Episode
from backpain.visits.followups import DUE, OVERDUE, work_list
from backpain.visits.home import FOLLOW_UPS_PAGE, HOME_FOLLOW_UPS
from tests.factories import PatientFactory, VisitFactory

TODAY = datetime.date.today()


def add_episodes(count, clinic, days_ago):
    """`count` open episodes whose index date was `days_ago` days ago, one patient each."""
    for _ in range(count):
        visit = VisitFactory(patient=PatientFactory(clinic=clinic),
                             visit_date=TODAY - datetime.timedelta(days=days_ago))
        Episode.objects.filter(pk=visit.episode_id).update(
            index_date=TODAY - datetime.timedelta(days=days_ago))


def listed_mrns(response, state):
    """The MRNs of the rows of the page's table of follow-ups in `state`, in order."""
    html = response.content.decode()
    if f"follow-ups-{state}\"" not in html:
        return []
    table = html.split(f'follow-ups-{state}"', 1)[1].split("</table>", 1)[0]
    return [cell.split("</td>")[0]
            for cell in table.split('<td class="mrn d-none d-md-table-cell">')[1:]]


def page_of(client, state, page=None):
    url = reverse("visits:follow_ups", args=[state])
    response = client.get(url, {"page": page} if page is not None else {})
    assert response.status_code == 200
    return response


def test_the_pages_hold_every_follow_up_once_in_the_home_pages_order(physician_client, clinic):
    # 6 weeks after index dates spread over 42..55 days ago: overdue, the nearest target first.
    for days_ago in range(43, 56):
        add_episodes(5, clinic, days_ago)  # 65 overdue
    first, second = page_of(physician_client, OVERDUE), page_of(physician_client, OVERDUE, 2)
    first_rows, second_rows = listed_mrns(first, OVERDUE), listed_mrns(second, OVERDUE)
    assert (len(first_rows), len(second_rows)) == (FOLLOW_UPS_PAGE, 65 - FOLLOW_UPS_PAGE)
    assert len(set(first_rows + second_rows)) == 65
    assert "Follow-ups 1 to 50" in first.content.decode()
    assert "Follow-ups 51 to 65" in second.content.decode()
    assert '?page=2">Next' in first.content.decode()
    assert "Next" not in second.content.decode().split("Follow-ups 51 to 65")[1]
    expected = [episode.patient.mrn for episode in Episode.objects.select_related("patient")
                .order_by("index_date", "id")]  # the oldest index date, the nearest target
    assert first_rows + second_rows == expected
    # The home page shows the first ten of them, and links here.
    home = physician_client.get(reverse("home"))
    assert listed_mrns(home, OVERDUE) == expected[:HOME_FOLLOW_UPS]
    assert f'href="{reverse("visits:follow_ups", args=[OVERDUE])}"' in home.content.decode()


def test_follow_ups_of_several_points_interleave_across_the_pages(physician_client, physician,
                                                                   clinic):
    """Each point's part of the list is cut at the page's end before the parts are merged:
    rows of the 6-week and the 3-month points, their targets interleaved, page as the whole
    list does."""
    for days_ahead in range(1, 11):
        add_episodes(3, clinic, 42 - days_ahead)  # 6 weeks due, the target days_ahead away
        add_episodes(3, clinic, 91 - days_ahead)  # 3 months due, the same target
    whole = work_list(physician, TODAY, limit=1000)[DUE]
    assert len(whole) == 60
    assert {row.point.label for row in whole[:FOLLOW_UPS_PAGE]} == {"6 weeks", "3 months"}
    assert {row.point.label for row in whole[FOLLOW_UPS_PAGE:]} == {"6 weeks", "3 months"}
    pages = (listed_mrns(page_of(physician_client, DUE), DUE)
             + listed_mrns(page_of(physician_client, DUE, 2), DUE))
    assert pages == [row.episode.patient.mrn for row in whole]


def test_a_page_reads_the_same_number_of_queries_however_long_the_list(physician_client,
                                                                        clinic):
    def queries(page):
        with CaptureQueriesContext(connection) as context:
            page_of(physician_client, DUE, page)
        return len(context.captured_queries)

    add_episodes(3, clinic, 35)  # 6 weeks: due, the target a week ahead
    few = queries(1)
    add_episodes(60, clinic, 36)
    assert queries(1) == few
    assert queries(2) == few


@pytest.mark.parametrize("page", ["0", "-3", "x", "99999999999999999999"])
def test_a_page_number_out_of_range_never_fails(physician_client, clinic, page):
    add_episodes(2, clinic, 35)
    response = page_of(physician_client, DUE, page)
    rows = listed_mrns(response, DUE)
    assert len(rows) == 2 or (rows == [] and b"No more follow-ups" in response.content)


def test_an_unknown_state_is_not_found(physician_client):
    response = physician_client.get(reverse("visits:follow_ups", args=["someday"]))
    assert response.status_code == 404


def test_another_clinics_follow_ups_are_not_on_the_page(physician_client, other_clinic):
    add_episodes(3, other_clinic, 35)
    response = page_of(physician_client, DUE)
    assert listed_mrns(response, DUE) == []
    assert b"None today." in response.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans: PostgreSQL only")
def test_the_page_reads_its_list_with_generic_plans(physician_client, clinic):
    """As the home page's lists (core/prepared_queries.generic_plans): the list's query is
    planned once per connection, not again on every page."""
    add_episodes(2, clinic, 50)
    with CaptureQueriesContext(connection) as queries:
        page_of(physician_client, OVERDUE)
    sqls = [query["sql"] for query in queries.captured_queries]
    generic = [at for at, sql in enumerate(sqls) if "force_generic_plan" in sql]
    listed = [at for at, sql in enumerate(sqls) if 'FROM "episodes_episode"' in sql]
    assert generic and listed and generic[0] < listed[0], sqls
