"""No export does a query per visit: 50 visits cost the same queries as 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.exports.selectors import ExportFilters, export_records
from backpain.visits.models import Questionnaires, Visit
from tests.factories import TEST_PASSWORD, VisitFactory

from .builders import add_version_2, sign, simple_visit
from .helpers import export_through_job

pytestmark = pytest.mark.django_db


def queries_for_download(client, name, **filters):
    """The queries of the whole export: the request that starts the job (which runs it, with
    no broker), the job's page and the download."""
    with CaptureQueriesContext(connection) as context:
        export_through_job(client, name, {"password": TEST_PASSWORD, **filters})
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["exports:csv", "exports:fhir", "exports:pdf_zip",
                                  "exports:outcomes_csv"])
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


@pytest.mark.parametrize("name", ["exports:csv", "exports:fhir", "exports:outcomes_csv"])
def test_visits_of_one_episode_cost_the_same(administrator_client, clinic, physician, name):
    """A patient followed over 50 visits of one episode costs what 5 visits cost."""
    first = simple_visit(clinic, physician, visit_type="new")
    patient = first.patient

    def follow_ups(count):
        for _ in range(count):
            visit = VisitFactory(patient=patient, assigned_physician=physician,
                                 visit_type="follow_up", visit_date=first.visit_date)
            Questionnaires.objects.create(visit=visit, axial_pain=5)
            sign(visit, physician)

    follow_ups(4)
    few = queries_for_download(administrator_client, name)
    follow_ups(45)
    assert Visit.objects.filter(episode=first.episode_id).count() == 50
    assert queries_for_download(administrator_client, name) == few


@pytest.mark.parametrize("status", ["signed", "any"])
def test_a_chunk_of_visits_costs_a_fixed_few_queries(clinic, physician, status):
    """The visits and the clinic's staff in two queries, then per chunk one query each for
    the steps' values, the studies, the note signatures, the note versions and (for unsigned
    visits) the stored assessments (and for amended notes their addenda's signatures, below):
    never a query per visit, whichever the chunk size."""
    for n in range(12):
        simple_visit(clinic, physician, red_flag=n % 2 == 0, signed=n % 3 != 0)
    filters = ExportFilters(status=status)

    def queries(chunk_size):
        with CaptureQueriesContext(connection) as context:
            records = list(export_records(clinic.pk, filters, chunk_size=chunk_size))
        assert len(records) == (12 if status == "any" else 8)
        return len(context.captured_queries)

    one_chunk = queries(12)
    assert one_chunk <= 2 + 5  # the visits and the clinic's staff, then a chunk's five
    assert queries(4) - one_chunk <= 5 * 2  # two chunks more: five queries each at most


def test_amended_notes_cost_one_query_for_all_their_addenda(clinic, physician):
    """A version's signature is the note's own (read already) or an addendum's: 10 amended
    notes cost the queries of 2."""
    def amended(count):
        for _ in range(count):
            add_version_2(simple_visit(clinic, physician), physician)

    def queries():
        with CaptureQueriesContext(connection) as context:
            records = list(export_records(clinic.pk, ExportFilters()))
            assert all(record.latest_version.signature.meaning == "addendum"
                       for record in records)
        return len(context.captured_queries), len(records)

    amended(2)
    few, count = queries()
    assert count == 2
    amended(8)
    assert queries() == (few, 10)
