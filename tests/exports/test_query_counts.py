"""No export does a query per visit: 50 visits cost the same queries as 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import TEST_PASSWORD

from .builders import simple_visit

pytestmark = pytest.mark.django_db


def queries_for_download(client, name, **filters):
    with CaptureQueriesContext(connection) as context:
        response = client.post(reverse(name), {"password": TEST_PASSWORD, **filters})
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["exports:csv", "exports:fhir", "exports:pdf_zip"])
@pytest.mark.parametrize("filters", [{}, {"red_flags": "yes", "status": "any"}],
                         ids=["signed", "flags"])
def test_5_and_50_visits_cost_the_same(administrator_client, clinic, physician, name, filters):
    for n in range(5):
        simple_visit(clinic, physician, red_flag=n % 2 == 0, signed=n % 3 != 0)
    few = queries_for_download(administrator_client, name, **filters)
    for n in range(45):
        simple_visit(clinic, physician, red_flag=n % 2 == 0, signed=n % 3 != 0)
    many = queries_for_download(administrator_client, name, **filters)
    assert many == few


def test_page_count_costs_the_same(administrator_client, clinic, physician):
    url = reverse("exports:page")
    for _ in range(5):
        simple_visit(clinic, physician, red_flag=True)
    with CaptureQueriesContext(connection) as few:
        administrator_client.get(url, {"red_flags": "yes"})
    for _ in range(45):
        simple_visit(clinic, physician, red_flag=True)
    with CaptureQueriesContext(connection) as many:
        response = administrator_client.get(url, {"red_flags": "yes"})
    assert response.context["count"] == 50
    assert len(many.captured_queries) == len(few.captured_queries)
