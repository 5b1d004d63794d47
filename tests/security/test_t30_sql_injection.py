"""T-30 SQL injection: injection strings in every query and form parameter (patient search
and its page, audit filters, export filters, sort-like parameters nobody reads) give a
normal answer or a 400; never a database error, never another clinic's rows, never a
changed table."""

import pytest
from django.urls import reverse

from backpain.audit.models import AuditEvent
from backpain.audit.services import record_event
from backpain.patients.models import Patient
from backpain.visits.models import Visit
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD
from tests.kept_filters import audit_page, search_patients

from .helpers import body, export_download

PAYLOADS = [
    "'", '"', "' OR '1'='1", "' OR 1=1--", "1 OR 1=1", "name;--", "(select 1)", "password",
    "1,2) OR 1=1--", "1' UNION SELECT username, password FROM accounts_user--",
    "'; DROP TABLE patients_patient;--", "%", "_", "\\", "%' OR '%'='", "-1", "0", "1e309",
    "99999999999999999999", "[]", '{"_connector": "OR"}', "Okafor' --", "RSC-1' OR 'a'='a",
]
DB_ERROR_TEXT = ["syntax error", "OperationalError", "ProgrammingError", "DatabaseError",
                 "sqlite", "psycopg", "Traceback", "unrecognized token", "near \""]
SORT_NAMES = ["sort", "order", "o", "ordering", "order_by", "_sort", "patient_id"]
FILTER_NAMES = ["username", "patient", "action", "date_from", "date_to"]


@pytest.fixture
def other_clinic_data(other_visit, other_patient):
    return other_patient


def assert_clean(response, where):
    assert response.status_code in (200, 400), (where, response.status_code)
    text = body(response).decode(errors="replace")
    for marker in DB_ERROR_TEXT:
        assert marker not in text, (where, marker)
    return text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_patient_search_and_page(intake_client, patient, other_clinic_data, payload):
    for params in ({"q": payload}, {"page": payload}, {"q": "Okafor", "page": payload},
                   *({name: payload} for name in SORT_NAMES)):
        params = dict(params)
        response = search_patients(intake_client, params.pop("q", ""), **params)
        assert_clean(response, params)
        listed = list(response.context["page"].object_list)
        assert all(p.clinic_id == patient.clinic_id for p in listed)
        if response.context["search"] not in ("", "Okafor"):
            assert listed == []  # nothing widened the search


@pytest.mark.parametrize("payload", PAYLOADS)
def test_audit_filters(administrator_client, administrator, patient, other_clinic_data,
                       outsiders, payload):
    from backpain.accounts.roles import Role

    record_event(action="patient_viewed", user=outsiders[Role.PHYSICIAN],
                 patient_id=other_clinic_data.pk)
    record_event(action="patient_viewed", user=administrator, patient_id=patient.pk)
    for name in (*FILTER_NAMES, "page", *SORT_NAMES):
        response = (audit_page(administrator_client, {name: payload})
                    if name in FILTER_NAMES else
                    audit_page(administrator_client, {}, **{name: payload}))
        assert_clean(response, name)
        if response.status_code == 200:
            events = response.context["page"].object_list
            assert all(event.clinic_id == administrator.clinic_id for event in events)
        download = administrator_client.post(reverse("audit:events_csv"),
                                             {name: payload, "password": TEST_PASSWORD})
        text = assert_clean(download, name)
        assert "outside-physician" not in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_export_filters(administrator_client, visit, other_clinic_data, payload):
    own = Visit.objects.filter(patient__clinic=visit.patient.clinic).count()
    for name in ("date_from", "date_to", "physician", "status", "red_flags", "_connector",
                 "_negated", *SORT_NAMES):
        page = administrator_client.get(reverse("exports:page"), {name: payload})
        assert_clean(page, name)
        if page.context["count"] is not None:
            assert page.context["count"] <= own
        export = export_download(administrator_client, "exports:csv",
                                           {"status": "any", "password": TEST_PASSWORD,
                                            name: payload})
        text = assert_clean(export, name)
        assert other_clinic_data.family_name not in text
        if export.status_code == 200:
            assert int(export["X-Export-Row-Count"]) <= own


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_sort_like_parameters_on_other_pages_are_ignored(physician_client, visit, payload):
    for url in (reverse("home"), reverse("visits:detail", kwargs={"pk": visit.pk}),
                reverse("patients:detail", kwargs={"pk": visit.patient_id})):
        for name in SORT_NAMES:
            assert_clean(physician_client.get(url, {name: payload}), (url, name))


def test_the_tables_are_intact_afterwards(intake_client, administrator_client, patient,
                                          other_clinic_data):
    for payload in PAYLOADS:
        search_patients(intake_client, payload)
        audit_page(administrator_client, {"username": payload})
    assert Patient.objects.filter(pk__in=[patient.pk, other_clinic_data.pk]).count() == 2
    assert AuditEvent.objects.exists()


def test_a_nul_byte_in_the_search_is_refused_not_a_server_error(patient, intake):
    client = client_for(intake, raise_request_exception=False)
    for q in ("Oka\x00for", "\x00"):
        assert client.post(reverse("patients:list"), {"q": q}).status_code == 302
        assert client.get(reverse("patients:list")).status_code == 200
    assert client.get(reverse("patients:list"), {"page": "\x00"}).status_code == 200


@pytest.mark.parametrize("name", ["username", "patient", "date_from"])
def test_a_nul_byte_in_the_audit_filters_is_a_400(administrator_client, name):
    assert audit_page(administrator_client, {name: "a\x00"}).status_code == 400
