"""T-11 Cookie flags: over HTTPS with the production settings, the session and CSRF cookies
are Secure, SameSite, host-only on path / with the __Host- prefix, and the session cookie is
HttpOnly. The production values are read from a separate process started with
DJANGO_ENV=production, then applied to this test's requests."""

import pytest
from django.test import Client
from django.urls import reverse

from .helpers import production_settings

COOKIE_SETTINGS = [
    "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_PATH",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_DOMAIN", "CSRF_COOKIE_PATH",
]


@pytest.fixture(scope="module")
def production():
    return production_settings(*COOKIE_SETTINGS)


@pytest.fixture
def cookies(production, settings, intake):
    """The cookies a browser receives over HTTPS when signing in to a production server."""
    for name, value in production.items():
        setattr(settings, name, value)
    client = Client()
    client.get(reverse("login"), secure=True)
    response = client.post(reverse("login"), {"username": intake.username,
                                              "password": "correct horse battery staple"},
                           secure=True)
    assert response.status_code == 302
    jar = {**client.cookies}
    session = jar[production["SESSION_COOKIE_NAME"]]
    csrf = jar[production["CSRF_COOKIE_NAME"]]
    return session, csrf


def test_both_cookies_are_secure_and_same_site(cookies):
    for cookie in cookies:
        assert cookie["secure"] is True, cookie.key
        assert cookie["samesite"] in ("Lax", "Strict"), cookie.key
        assert cookie["path"] == "/", cookie.key
        assert not cookie["domain"], cookie.key


def test_the_session_cookie_is_http_only_and_dies_with_the_browser(cookies):
    session, _csrf = cookies
    assert session["httponly"] is True
    assert not session["max-age"] and not session["expires"]


def test_production_cookie_names_carry_the_host_prefix(production):
    # The prefix makes the browser refuse a cookie set by a sibling subdomain or over HTTP.
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert production["CSRF_COOKIE_NAME"].startswith("__Host-")
