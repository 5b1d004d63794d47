"""T-47 CSRF and transport: signing, addenda, step saves, registrations, exports and sign-out
posted without a CSRF token, with a wrong one, or from a foreign Origin get 403 and change
nothing; GET never signs or exports (405); plain HTTP is redirected to HTTPS in production."""

import pytest
from django.test import Client
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Signature
from backpain.patients.models import Patient
from backpain.visits.models import History, Plan
from tests.factories import TEST_PASSWORD

from .helpers import production_settings, step_url


def browser(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_of(client, url):
    client.get(url, secure=True)
    return client.cookies["csrftoken"].value


def sign_data(**extra):
    return {"username": "physician", "password": TEST_PASSWORD, "meaning": "authored", **extra}


@pytest.mark.parametrize("forgery", ["no token", "wrong token", "foreign origin"])
def test_forged_posts_are_refused(physician, intake, administrator, ready_visit, forgery):
    targets = [
        (physician, reverse("notes:sign", kwargs={"pk": ready_visit.pk}), sign_data()),
        (physician, step_url(ready_visit, "plan"), {"version": "1", "follow_up_weeks": "1"}),
        (intake, step_url(ready_visit, "history"), {"version": "1", "pain_now": "9"}),
        (intake, reverse("patients:register"), {"mrn": "F-1", "family_name": "Forged",
                                                "given_name": "X", "sex": "other",
                                                "date_of_birth": "1980-01-01"}),
        (administrator, reverse("exports:csv"), {"status": "any", "password": TEST_PASSWORD}),
        (administrator, reverse("exports:pdf_zip"), {"status": "any",
                                                    "password": TEST_PASSWORD}),
        (administrator, reverse("audit:events_csv"), {}),
        (physician, reverse("logout"), {}),
    ]
    for user, url, data in targets:
        client = browser(user)
        token = token_of(client, reverse("home"))
        headers = {"secure": True}
        if forgery == "wrong token":
            data = {**data, "csrfmiddlewaretoken": "x" * 64}
        elif forgery == "foreign origin":
            data = {**data, "csrfmiddlewaretoken": token}
            headers.update(HTTP_ORIGIN="https://evil.example", HTTP_REFERER="https://evil.example/")
        response = client.post(url, data, **headers)
        assert response.status_code == 403, (forgery, url, response.status_code)
        assert client.get(reverse("home"), secure=True).status_code == 200  # still signed in
    assert not Signature.objects.exists()
    assert History.objects.get(visit=ready_visit).pain_now == 5  # as make_ready_to_sign left it
    assert Plan.objects.get(visit=ready_visit).follow_up_weeks == 6
    assert not Patient.objects.filter(mrn="F-1").exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_a_genuine_post_with_its_token_works(physician, ready_visit):
    client = browser(physician)
    review = reverse("notes:review", kwargs={"pk": ready_visit.pk})
    token = token_of(client, review)
    response = client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                           sign_data(csrfmiddlewaretoken=token), secure=True,
                           HTTP_REFERER=f"https://testserver{review}")
    assert response.status_code == 302 and Signature.objects.count() == 1


@pytest.mark.parametrize("name", ["notes:sign", "exports:csv", "exports:fhir", "exports:pdf_zip",
                                  "audit:events_csv", "logout"])
def test_get_never_changes_state(physician_client, administrator_client, ready_visit, name):
    client = physician_client if name in ("notes:sign", "logout") else administrator_client
    kwargs = {"pk": ready_visit.pk} if name == "notes:sign" else {}
    response = client.get(reverse(name, kwargs=kwargs), sign_data())
    assert response.status_code == 405
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_plain_http_is_redirected_to_https_in_production(settings, client, db):
    production = production_settings("SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER")
    assert production["SECURE_SSL_REDIRECT"] is True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = tuple(production["SECURE_PROXY_SSL_HEADER"])
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response.url.startswith("https://")
    # Behind the TLS proxy, which says so in X-Forwarded-Proto, no loop.
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
