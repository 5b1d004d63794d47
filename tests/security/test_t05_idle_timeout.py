"""T-05 Idle timeout: after the idle limit a patient page sends the user to sign in, the
server-side session is gone, the auto-logoff is audited and the answer holds no PHI."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent


def test_the_default_idle_limit_is_fifteen_minutes():
    assert settings.SESSION_IDLE_TIMEOUT == 15 * 60


def test_a_patient_page_after_the_idle_limit_asks_to_sign_in(signed_in, clock, intake, patient):
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    assert signed_in.get(url).status_code == 200
    key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value

    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)
    response = signed_in.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    content = response.content.decode()
    for phi in (patient.family_name, patient.given_name, patient.mrn):
        assert phi not in content and phi not in response.url
    # The server forgot the session: the old cookie is worthless to whoever holds it.
    assert not SessionStore().exists(key)
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get(url).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED)
    assert event.user == intake and event.details["reason"] == "idle"


def test_activity_just_inside_the_limit_keeps_the_session(signed_in, clock, patient):
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    for _ in range(4):  # an hour of work, a page every 14 minutes
        clock.advance(settings.SESSION_IDLE_TIMEOUT - 60)
        assert signed_in.get(url).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).exists()


def test_the_limit_is_configurable(settings, signed_in, clock, patient):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    clock.advance(6 * 60)
    response = signed_in.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
