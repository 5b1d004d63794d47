"""T-07 Absolute lifetime: a user active all day is still asked to sign in again once the
session is 12 hours old."""

from django.conf import settings
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent

from .helpers import login


def test_the_lifetime_is_twelve_hours_and_the_cookie_no_longer():
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_ABSOLUTE_LIFETIME
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_continuously_active_session_ends_after_twelve_hours(client, intake, patient, clock):
    login(client, intake.username)
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    elapsed = 0
    while elapsed + 10 * 60 < settings.SESSION_ABSOLUTE_LIFETIME:
        clock.advance(10 * 60)
        elapsed += 10 * 60
        assert client.get(url).status_code == 200, f"signed out after {elapsed} s"
    clock.advance(settings.SESSION_ABSOLUTE_LIFETIME - elapsed + 1)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED,
                                     details__reason="absolute", user=intake).exists()
    # Signing in again starts a new lifetime.
    assert login(client, intake.username).status_code == 302
    assert client.get(url).status_code == 200


def test_stay_signed_in_cannot_pass_the_lifetime(client, intake, clock):
    login(client, intake.username)
    elapsed = 0
    while elapsed + 14 * 60 <= settings.SESSION_ABSOLUTE_LIFETIME:
        clock.advance(14 * 60)
        elapsed += 14 * 60
        answer = client.post(reverse("session_keepalive"))
        assert answer.status_code == 200
        assert answer.json()["seconds_left"] <= settings.SESSION_ABSOLUTE_LIFETIME - elapsed
    clock.advance(14 * 60)
    refused = client.post(reverse("session_keepalive"))
    assert refused.status_code == 302 and refused.url.startswith(reverse("login"))
