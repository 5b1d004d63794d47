"""T-46 Headers and the deploy check: `check --deploy --fail-level WARNING` passes with the
production settings, and with those settings every response (pages, errors, the PDF, the
CSV, FHIR and ZIP downloads, JSON) carries HSTS for a year with subdomains, a Content
Security Policy without unsafe-inline that forbids plugins, <base> and framing, nosniff, a
Referrer-Policy and COOP; everything with patient data is no-store."""

import pytest
from django.urls import reverse

from tests.exports.builders import sign as sign_cheaply
from tests.factories import TEST_PASSWORD
from tests.manage_process import PRODUCTION_ENV, manage

from .helpers import production_settings

HEADER_SETTINGS = [
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY",
]


@pytest.fixture(scope="module")
def production():
    return production_settings(*HEADER_SETTINGS)


@pytest.fixture
def headers_as_in_production(settings, production):
    # The policy holds django-csp's NONCE marker, which JSON cannot carry: the in-process
    # policy is used, after checking it is the production one (test_the_policy_itself).
    for name, value in production.items():
        if name != "CONTENT_SECURITY_POLICY":
            setattr(settings, name, value)
    return production


def test_the_deploy_check_passes_in_production(tmp_path):
    from backpain.notes.pades import create_certificate

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    create_certificate(clinic_name="Riverside Spine Clinic", key_path=key, cert_path=cert)
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV,
                    NOTE_SIGNING_KEY=str(key), NOTE_SIGNING_CERT=str(cert))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_policy_itself(production, settings):
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    here = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives == {name: [str(v) for v in values] for name, values in here.items()}
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert any("NONCE" in value for value in directives["script-src"])  # django-csp's marker
    for name, values in directives.items():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, name
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def responses(physician_client, administrator_client, client, visit):
    """(what, response, holds patient data) for each kind of answer the app gives."""
    https = {"secure": True}
    pk = {"pk": visit.pk}
    yield "login page", client.get(reverse("login"), **https), False
    yield "home", physician_client.get(reverse("home"), **https), True
    yield "patient list", physician_client.get(reverse("patients:list"), **https), True
    yield "patient", physician_client.get(reverse("patients:detail",
                                                  kwargs={"pk": visit.patient_id}), **https), True
    yield "visit", physician_client.get(reverse("visits:detail", kwargs=pk), **https), True
    yield "step", physician_client.get(reverse("visits:step", kwargs={**pk, "slug": "plan"}),
                                       **https), True
    yield "review", physician_client.get(reverse("notes:review", kwargs=pk), **https), True
    yield "pdf", physician_client.get(reverse("notes:download", kwargs={**pk, "number": 1}),
                                      **https), True
    yield "403", physician_client.get(reverse("exports:page"), **https), True
    yield "404", physician_client.get("/visits/999999/", **https), True
    yield "405", physician_client.get(reverse("notes:sign", kwargs=pk), **https), True
    yield "json", physician_client.get(reverse("session_status"), **https), True
    confirmed = {"password": TEST_PASSWORD}
    yield "csv", administrator_client.post(reverse("exports:csv"),
                                           {"status": "any", **confirmed}, **https), True
    yield "fhir", administrator_client.post(reverse("exports:fhir"),
                                            {"status": "any", **confirmed}, **https), True
    yield "zip", administrator_client.post(reverse("exports:pdf_zip"),
                                           {"status": "signed", **confirmed}, **https), True
    yield "audit", administrator_client.get(reverse("audit:events"), **https), True
    yield "audit csv", administrator_client.post(reverse("audit:events_csv"), confirmed,
                                                 **https), True
    yield "admin", administrator_client.get(reverse("admin:index"), **https), True


def test_every_kind_of_response_carries_the_headers(headers_as_in_production,
                                                    physician_client, administrator_client,
                                                    client, ready_visit, physician):
    sign_cheaply(ready_visit, physician)
    problems = []
    for what, response, patient_data in responses(physician_client, administrator_client,
                                                  client, ready_visit):
        hsts = response.get("Strict-Transport-Security", "")
        csp = response.get("Content-Security-Policy", "")
        checks = {
            "hsts": "max-age=31536000" in hsts and "includeSubDomains" in hsts,
            "csp": all(d in csp for d in ("default-src 'self'", "object-src 'none'",
                                          "base-uri 'none'", "frame-ancestors 'none'",
                                          "script-src")),
            "no unsafe-inline": "unsafe-inline" not in csp and "unsafe-eval" not in csp,
            "nosniff": response.get("X-Content-Type-Options") == "nosniff",
            "referrer": response.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                            "strict-origin-when-cross-origin"),
            "coop": response.get("Cross-Origin-Opener-Policy") == "same-origin",
            "frames": response.get("X-Frame-Options") == "DENY",
        }
        if patient_data:
            checks["no-store"] = "no-store" in response.get("Cache-Control", "")
        problems += [(what, response.status_code, name) for name, ok in checks.items()
                     if not ok]
    assert not problems
