"""T-44 PHI and secret leakage: a server error while saving patient text shows a generic
page; the log holds neither the patient text nor passwords; an error report of a signing
request masks the password; failed sign-ins neither store passwords nor let a CR/LF in a
username forge a log line; URLs carry ids, not names; no cookie carries patient text."""

import base64
import logging
import re
import zlib

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.views.debug import ExceptionReporter

from backpain.notes import services as note_services
from backpain.visits.models import StepRevision
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

from .helpers import add_addendum, every_pattern, login, sign, step_url

PHI = "disclosed an HIV diagnosis to the examiner"


def server(user):
    return client_for(user, raise_request_exception=False)


def broken(*args, **kwargs):
    raise RuntimeError("injected failure")


def formatted(records):
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(record) for record in records)


def test_a_server_error_shows_a_generic_page_and_logs_no_patient_text(settings, physician,
                                                                      visit, monkeypatch,
                                                                      caplog):
    settings.DEBUG = False
    monkeypatch.setattr(StepRevision.objects, "create", broken)
    with caplog.at_level(logging.INFO):
        response = server(physician).post(step_url(visit, "plan"), {
            "version": visit.version, "plan_notes": PHI, "follow_up_weeks": "6"})
    assert response.status_code == 500
    page = response.content.decode()
    assert PHI not in page and visit.patient.family_name not in page
    assert "Traceback" not in page and "injected failure" not in page
    log = formatted(caplog.records)
    assert "Internal Server Error" in log
    assert PHI not in log and visit.patient.family_name not in log


@pytest.mark.parametrize("form", ["sign", "addendum"])
def test_an_error_report_of_a_signing_masks_the_password(settings, physician, signed_visit,
                                                         ready_visit, monkeypatch, caplog,
                                                         form):
    settings.DEBUG = False
    if form == "sign":
        monkeypatch.setattr(note_services, "sign_visit", broken)
        with caplog.at_level(logging.ERROR):
            sign(server(physician), ready_visit, password=TEST_PASSWORD)
    else:
        monkeypatch.setattr(note_services, "add_addendum", broken)
        with caplog.at_level(logging.ERROR):
            add_addendum(server(physician), signed_visit, username="physician")
    record = next(r for r in caplog.records if r.name == "django.request")
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    assert TEST_PASSWORD not in report.get_traceback_text()


def test_the_sign_in_form_is_masked_in_error_reports(settings, intake, monkeypatch, caplog):
    settings.DEBUG = False
    monkeypatch.setattr("django.contrib.auth.views.LoginView.form_valid", broken)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        login(client, intake.username)
    record = next(r for r in caplog.records if r.name == "django.request")
    report = ExceptionReporter(record.request, *record.exc_info, is_email=True)
    assert TEST_PASSWORD not in report.get_traceback_text()


def test_failed_attempts_store_no_password(client, physician, ready_visit, physician_client):
    login(client, physician.username, "a-guessed-Passw0rd")
    sign(physician_client, ready_visit, password="another-guessed-Passw0rd")
    stored = " ".join(f"{a.post_data} {a.get_data}" for a in AccessAttempt.objects.all())
    assert stored and "guessed-Passw0rd" not in stored


def test_a_crlf_username_cannot_forge_a_log_line(client, db, caplog):
    with caplog.at_level(logging.DEBUG):
        for _ in range(6):
            login(client, "evil\r\nCRITICAL forged entry", "wrong")
    for record in caplog.records:
        assert "\nCRITICAL forged entry" not in record.getMessage()


def test_urls_carry_ids_not_names():
    for name, route, pattern in every_pattern():
        if route.startswith("admin/"):
            continue
        converters = getattr(pattern.pattern, "converters", {})
        kinds = {type(converter).__name__ for converter in converters.values()}
        assert kinds <= {"IntConverter", "SlugConverter", "UUIDConverter"}, (name, route, kinds)


def test_search_forms_do_not_put_patient_identifiers_in_the_url(intake_client,
                                                                administrator_client):
    for client, url in ((intake_client, reverse("patients:list")),
                        (administrator_client, reverse("audit:events"))):
        page = client.get(url).content.decode()
        assert re.search(r'<form[^>]*method="post"', page, re.IGNORECASE), url
        assert not re.search(r'<form[^>]*method="get"', page, re.IGNORECASE), url


def test_a_search_leaves_no_name_or_mrn_in_any_url(intake_client, patient):
    response = intake_client.post(reverse("patients:list"), {"q": patient.mrn}, follow=True)
    [(url, status)] = response.redirect_chain
    assert status == 302 and patient.mrn not in url
    page = response.content.decode()
    assert patient.family_name.upper() in page  # found
    for link in re.findall(r'(?:href|action)="([^"]*)"', page):
        assert patient.mrn not in link and patient.family_name not in link, link


def cookie_text(value):
    """What a signed cookie says to anyone who holds it: its payload is only base64."""
    payload = value.split(":")[0]
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode(errors="replace")


def test_no_cookie_carries_patient_text(intake_client):
    response = intake_client.post(reverse("patients:register"), {
        "mrn": "C-1", "family_name": "Cookieleak", "given_name": "Ama",
        "date_of_birth": "1980-01-01", "sex": "female"})
    assert response.status_code == 302
    for name, morsel in response.cookies.items():
        if morsel.value:
            assert "COOKIELEAK" not in cookie_text(morsel.value).upper(), name
