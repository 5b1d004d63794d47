"""A prepared query (backpain/core/prepared_queries.py) answers what its queryset answers, for
any values, with the joined relations in hand, compiled to SQL once."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.http import Http404

from backpain.core.prepared_queries import PreparedQuery, generic_plans
from backpain.visits import selectors
from backpain.visits.models import History, Visit
from tests.factories import PatientFactory, VisitFactory
from tests.visits.query_plans import only_on_postgresql

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(clinic, other_clinic):
    here = PatientFactory(clinic=clinic)
    there = PatientFactory(clinic=other_clinic, mrn="THERE-1")
    made = [VisitFactory(patient=here), VisitFactory(patient=here, visit_type="follow_up"),
            VisitFactory(patient=there)]
    History.objects.create(visit=made[0], regions=["lumbar"], saddle_numbness=True)
    return made


def test_each_visit_comes_with_its_steps_as_the_queryset_reads_it(visits, physician,
                                                                  django_assert_num_queries):
    for visit in visits[:2]:
        with django_assert_num_queries(2):  # the visit with its steps, and its studies
            found = selectors.visit_with_steps_for(physician, visit.pk)
        plain = selectors.with_steps(selectors.visits_for(physician)).get(pk=visit.pk)
        with django_assert_num_queries(0):
            assert (found.pk, found.visit_type, found.patient.mrn, found.patient.clinic.name,
                    found.assigned_physician.username) == (
                plain.pk, plain.visit_type, plain.patient.mrn, plain.patient.clinic.name,
                plain.assigned_physician.username)
            assert (found.step_record("history") is None) == (visit != visits[0])
            assert list(found.studies.all()) == []
    assert selectors.visit_with_steps_for(physician, visits[0].pk).history.saddle_numbness


def test_another_clinics_visit_is_not_found(visits, physician):
    with pytest.raises(Http404):
        selectors.visit_with_steps_for(physician, visits[2].pk)


def test_a_user_of_no_clinic_finds_no_visit(visits, physician):
    physician.clinic_id = None  # compiles to IS NULL: the queryset runs as built
    with pytest.raises(Http404):
        selectors.visit_with_steps_for(physician, visits[0].pk)


def test_the_previous_signed_visit_is_the_latest_signed_one_before(visits):
    first, second = visits[:2]
    Visit.objects.filter(pk=first.pk).update(status="signed",
                                             visit_date=second.visit_date
                                             - datetime.timedelta(days=30))
    assert selectors.previous_signed_with(second).pk == first.pk
    assert selectors.previous_signed_with(second, "history").history.regions == ["lumbar"]
    assert selectors.previous_signed_with(Visit.objects.get(pk=first.pk)) is None


def test_the_query_is_compiled_once_whatever_the_values(visits, monkeypatch):
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(compiler, *args, **kwargs):
        if compiler.query.model is Visit:
            compiled.append(compiler)
        return as_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    query = PreparedQuery(lambda pk: Visit.objects.filter(pk=pk).select_related("patient"),
                          pk=Visit._meta.pk)
    assert [query.get(pk=visit.pk).patient.mrn for visit in visits] == [
        visit.patient.mrn for visit in visits]
    assert len(compiled) == 1
    with pytest.raises(Visit.DoesNotExist):
        query.get(pk=0)


@only_on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lock_outside_a_transaction_is_refused_as_django_refuses_it(roles, visits):
    with transaction.atomic():
        assert selectors.LOCKED_WITH_STEPS.get(pk=visits[0].pk).pk == visits[0].pk
    with pytest.raises(TransactionManagementError):
        selectors.LOCKED_WITH_STEPS.get(pk=visits[0].pk)


def test_a_value_that_shapes_the_query_is_compiled_for_each_of_its_values(visits):
    query = PreparedQuery(lambda clinic_id, limit: Visit.objects.filter(
        patient__clinic_id=clinic_id).order_by("pk")[:limit],
        clinic_id=selectors.CLINIC, limit=None)
    clinic_id = visits[0].patient.clinic_id
    assert [v.pk for v in query.rows(clinic_id=clinic_id, limit=1)] == [visits[0].pk]
    assert [v.pk for v in query.rows(clinic_id=clinic_id, limit=5)] == [v.pk for v in visits[:2]]
    assert [v.pk for v in query.rows(clinic_id=clinic_id, limit=1)] == [visits[0].pk]


def test_a_visits_studies_come_with_it_in_order_each_pointing_back_at_it(
        visits, physician, monkeypatch, django_assert_num_queries):
    """The studies (prefetch_related) of one visit are a prepared query of their own, compiled
    once: the same rows, in the model's order, as Django's prefetch finds them."""
    from backpain.visits.models import DiagnosticStudy

    visit = visits[0]
    for day, modality in ((3, "ct"), (1, "mri"), (2, "xray")):
        DiagnosticStudy.objects.create(visit=visit, modality=modality, region="lumbar",
                                       status="resulted", date=datetime.date(2024, 1, day))
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(compiler, *args, **kwargs):
        compiled.append(compiler.query.model)
        return as_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    for _ in range(2):
        with django_assert_num_queries(2):
            found = selectors.visit_with_steps_for(physician, visit.pk)
        with django_assert_num_queries(0):
            studies = list(found.studies.all())
            assert [study.modality for study in studies] == ["mri", "xray", "ct"]
            assert all(study.visit is found for study in studies)
    assert DiagnosticStudy not in compiled[1:]  # compiled at most once, on the first read
    plain = selectors.with_steps(Visit.objects.filter(pk=visit.pk)).get()
    assert [s.pk for s in plain.studies.all()] == [s.pk for s in studies]
    assert [s.pk for s in selectors.visit_with_steps_for(physician, visits[1].pk)
            .studies.all()] == []


def test_several_visits_are_prefetched_as_django_does(visits):
    """A prepared query that answers several rows leaves their prefetching to Django."""
    query = PreparedQuery(lambda clinic_id: selectors.with_steps(
        Visit.objects.filter(patient__clinic_id=clinic_id)).order_by("pk"),
        clinic_id=selectors.CLINIC)
    found = query.rows(clinic_id=visits[0].patient.clinic_id)
    assert [v.pk for v in found] == [v.pk for v in visits[:2]]
    assert all(list(v.studies.all()) == [] for v in found)


def plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@only_on_postgresql
def test_generic_plans_hold_inside_the_block_and_end_with_it(visits):
    before = plan_cache_mode()
    with generic_plans():
        assert plan_cache_mode() == "force_generic_plan"
        assert [v.pk for v in Visit.objects.filter(pk=visits[0].pk)] == [visits[0].pk]
    assert plan_cache_mode() == before  # the test's own transaction goes on as it was


@only_on_postgresql
def test_generic_plans_end_with_a_failed_block(visits):
    before = plan_cache_mode()
    with pytest.raises(ValueError), generic_plans():
        raise ValueError("a query failed")
    assert plan_cache_mode() == before


def test_generic_plans_change_nothing_on_sqlite(visits, django_assert_num_queries):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's part")
    with django_assert_num_queries(1), generic_plans():
        assert Visit.objects.filter(pk=visits[0].pk).exists()
