"""The load balancer's probes: /healthz says the process answers, /readyz that the database,
Redis and both file storages do, and names the one that does not."""

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.test import Client

from backpain.audit.models import AuditEvent
from backpain.core import health
from tests.celery_worker import TEST_REDIS_URL, require_redis

BALANCER = {"HTTP_HOST": "10.0.3.17:8001"}  # balancers probe the server by its address


@pytest.fixture(autouse=True)
def production_front(settings):
    """The production profile's host list and HTTPS redirect, which a probe never meets."""
    settings.ALLOWED_HOSTS = ["backpain.clinic.example"]
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = settings.CELERY_BROKER_URL = ""
    health.redis_clients.clear()
    yield
    health.redis_clients.clear()


@pytest.fixture
def balancer():
    return Client(raise_request_exception=False, **BALANCER)


def test_healthz_answers_ok_without_touching_the_database(balancer):
    # No `db` fixture: a query here would fail the request.
    response = balancer.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Location" not in response and "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_carry_the_security_headers_of_the_pages(db, balancer, path):
    response = balancer.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_head_request_and_a_trailing_slash_are_answered(balancer):
    assert balancer.head("/healthz").status_code == 200
    assert balancer.get("/healthz/").status_code == 200


def test_other_pages_still_refuse_an_unknown_host(balancer):
    assert balancer.get("/login/").status_code == 400


def test_other_pages_still_redirect_to_https():
    response = Client(HTTP_HOST="backpain.clinic.example").get("/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_readyz_reports_every_check_ok(db, balancer):
    response = balancer.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {
        "database": "ok", "storage:default": "ok", "storage:exports": "ok"}}
    assert "Set-Cookie" not in response


def test_probes_leave_no_session_no_audit_event_and_no_probe_file(db, balancer, media_root):
    for _ in range(3):
        balancer.get("/readyz")
        balancer.get("/healthz")
    assert Session.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    assert not list((media_root / health.PROBE_FOLDER).iterdir())


def test_a_failing_database_gives_503_naming_it(db, balancer, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection to server at db.internal failed")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = balancer.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "fail: OperationalError"
    assert body["checks"]["storage:default"] == "ok"
    assert "db.internal" not in response.content.decode()


def test_redis_is_checked_when_configured(db, balancer, settings):
    require_redis()
    settings.REDIS_URL = settings.CELERY_BROKER_URL = TEST_REDIS_URL
    response = balancer.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"
    assert "broker" not in response.json()["checks"]  # the same server, checked once


def test_an_unreachable_redis_gives_503_without_its_password(db, balancer, settings):
    settings.REDIS_URL = "redis://:s3cret-redis-password@127.0.0.1:1/0"  # nothing listens there
    response = balancer.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == "fail: ConnectionError"
    assert "s3cret" not in response.content.decode()


def test_tools_are_told_whether_redis_answers():
    from backpain.core.health import redis_answers

    assert not redis_answers("redis://127.0.0.1:1/0")  # nothing listens there
    require_redis()
    assert redis_answers(TEST_REDIS_URL)


def test_an_unreachable_broker_is_named_apart_from_the_cache(db, balancer, settings):
    require_redis()
    settings.REDIS_URL = TEST_REDIS_URL
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    checks = balancer.get("/readyz").json()["checks"]
    assert (checks["redis"], checks["broker"]) == ("ok", "fail: ConnectionError")


def test_an_unwritable_storage_gives_503_naming_it(db, balancer, settings, tmp_path):
    not_a_folder = tmp_path / "exports-file"
    not_a_folder.write_text("a file where the exports folder should be")
    settings.STORAGES = {**settings.STORAGES, "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(not_a_folder)}}}
    response = balancer.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["storage:default"] == "ok"
    assert checks["storage:exports"].startswith("fail: ")
