"""Patient search at the size of a real clinic: a bounded list, read through indexes
(backpain/patients/selectors.py, migration 0002)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.patients import selectors
from tests.factories import PatientFactory
from tests.kept_filters import search_patients
from tests.visits.query_plans import only_on_postgresql, plan_of


def test_a_search_matching_many_lists_the_first_ones_and_asks_for_more(
        intake_client, clinic, monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_RESULTS", 3)
    for given in ("Ann", "Bea", "Cem", "Dan"):
        PatientFactory(clinic=clinic, family_name="Nowak", given_name=given)
    response = search_patients(intake_client, "nowak")
    page = response.content.decode()
    assert [p.given_name for p in response.context["page"].object_list] == ["Ann", "Bea", "Cem"]
    assert "Only the first 3 matches are listed" in page
    assert "Page 1 of 1 (3 patients)" in page


def test_a_search_within_the_limit_lists_every_match(intake_client, clinic):
    for given in ("Ann", "Bea"):
        PatientFactory(clinic=clinic, family_name="Nowak", given_name=given)
    response = search_patients(intake_client, "owa")
    assert len(response.context["page"].object_list) == 2
    assert "Only the first" not in response.content.decode()


@pytest.fixture
def large_clinic(clinic):
    """A clinic of 40,000 patients (as many as 100,000 visits bring), analysed, so that the
    planner chooses as it would in production (PostgreSQL only: written in its SQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO patients_patient (clinic_id, mrn, family_name, given_name, "
            "date_of_birth, sex, created_at, updated_at) "
            "SELECT %s, 'RSC-' || n, initcap(substr(md5(n::text), 1, 3 + n %% 6)), "
            "initcap(substr(md5((n * 7)::text), 2, 4 + n %% 4)), "
            "date '1950-01-01' + n %% 20000, 'female', now(), now() "
            "FROM generate_series(1, 40000) AS n", [clinic.pk])
        for column in ("family_name", "given_name", "mrn"):
            # As the autovacuum of a live database would: the rows move out of the pending
            # list into the index proper, which the planner's costs read.
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)",
                           [f"patient_search_{column}"])
        cursor.execute("ANALYZE patients_patient")
    return clinic


@only_on_postgresql
@pytest.mark.parametrize("term", ["abcd", "RSC-4321", "abc def"])
def test_search_reads_the_trigram_indexes_not_every_patient(large_clinic, physician, term):
    plan = plan_of(selectors.search_results(physician, term), priced_out=False)
    assert "Seq Scan on patients_patient" not in plan
    assert "Bitmap Index Scan on patient_search_family_name" in plan


@only_on_postgresql
def test_a_common_name_late_in_the_alphabet_is_read_through_the_trigram_index(
        large_clinic, physician):
    """Given the name index's order, PostgreSQL would walk the clinic's patients by name until
    100 matched: for a name shared by many and sorting last, that is nearly every patient."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO patients_patient (clinic_id, mrn, family_name, given_name, "
            "date_of_birth, sex, created_at, updated_at) "
            "SELECT %s, 'ZYS-' || n, 'Zyskowski', 'Anna', date '1960-01-01', 'female', "
            "now(), now() FROM generate_series(1, 600) AS n", [large_clinic.pk])
        cursor.execute("SELECT gin_clean_pending_list('patient_search_family_name'::regclass)")
        cursor.execute("ANALYZE patients_patient")
    results = list(selectors.search_results(physician, "zyskowski"))
    assert len(results) == selectors.SEARCH_RESULTS
    assert [p.mrn for p in results[:3]] == ["ZYS-1", "ZYS-2", "ZYS-3"]  # same name: by id
    plan = plan_of(selectors.search_results(physician, "zyskowski"), priced_out=False)
    assert "Bitmap Index Scan on patient_search_family_name" in plan
    assert "patients_pa_clinic" not in plan  # not the walk through the name index


def test_a_search_page_reads_its_matches_once(intake_client, clinic):
    """The matches (at most SEARCH_RESULTS) are read once and counted in Python: no second
    query over the indexes to count them, whichever page of them is shown."""
    for given in ("Ann", "Bea", "Cem"):
        PatientFactory(clinic=clinic, family_name="Nowak", given_name=given)
    search_patients(intake_client, "nowak")
    with CaptureQueriesContext(connection) as queries:
        response = intake_client.get(reverse("patients:list"), {"page": 2})
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "patients_patient"' in q["sql"]]
    assert len(reads) == 1, reads
    assert "Page 1 of 1 (3 patients)" in response.content.decode()  # page 2 of 1: the last
