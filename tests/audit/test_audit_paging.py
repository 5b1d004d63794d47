"""The audit page pages through the trail without counting it: its cost is one page of events,
not the size of the trail (backpain/audit/views.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event
from tests.kept_filters import audit_page

pytestmark = pytest.mark.django_db


def viewed(count, user):
    for _ in range(count):
        record_event(action=AuditAction.VISIT_VIEWED, user=user)


def test_no_page_counts_the_trail(administrator_client, physician):
    viewed(60, physician)
    with CaptureQueriesContext(connection) as queries:
        response = audit_page(administrator_client)
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_pages_say_which_events_they_show_and_whether_more_follow(administrator_client,
                                                                  physician):
    viewed(55, physician)
    first = audit_page(administrator_client, {"action": AuditAction.VISIT_VIEWED})
    page = first.content.decode()
    assert "Events 1 to 50, the newest first" in page and 'href="?page=2"' in page
    last = administrator_client.get(reverse("audit:events"), {"page": 2}).content.decode()
    assert "Events 51 to 55, the newest first" in last
    assert 'href="?page=3"' not in last and 'href="?page=1"' in last


def test_a_page_past_the_end_says_so_and_leads_back(administrator_client, physician):
    viewed(3, physician)
    response = administrator_client.get(reverse("audit:events"), {"page": 9})
    assert response.status_code == 200
    page = response.content.decode()
    assert "No more events: this page is past the last of them." in page
    assert 'href="?page=1"' in page


@pytest.mark.parametrize("asked", ["x", "0", "-3", "99999999999"])
def test_a_page_number_that_is_not_one_shows_a_page(administrator_client, asked):
    assert administrator_client.get(reverse("audit:events"), {"page": asked}).status_code == 200


def test_the_page_costs_the_same_for_60_and_600_events(administrator_client, physician,
                                                       django_assert_num_queries):
    viewed(60, physician)
    with CaptureQueriesContext(connection) as few:
        audit_page(administrator_client)
    viewed(540, physician)
    with django_assert_num_queries(len(few.captured_queries)):
        audit_page(administrator_client)
