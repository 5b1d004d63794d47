"""T-50 CSRF before session-side effects: a step form posted into a session that has just
expired is kept as a draft for its user, but only when the post carries that session's CSRF
token. Another site's page posting into a clinician's expired session plants nothing: no draft,
no revision, no save, and no "restored draft" at the next sign-in."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.visits.models import Plan, StepDraft, StepRevision
from tests.factories import TEST_PASSWORD

from .helpers import step_url

PLANTED = {"plan_notes": "Start oxycodone 80 mg four times daily.", "follow_up_weeks": "1"}


def token(client):
    return client.cookies["csrftoken"].value


def browser(user):
    """A client that enforces CSRF as a browser session would, signed in through the form."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    response = client.post(reverse("login"), {"username": user.username,
                                              "password": TEST_PASSWORD,
                                              "csrfmiddlewaretoken": token(client)})
    assert response.status_code == 302, response.content.decode()[-500:]
    return client


@pytest.mark.parametrize("forgery", ["no token", "wrong token", "foreign origin"])
def test_a_forged_post_into_an_expired_session_plants_no_draft(physician, visit, clock,
                                                               forgery):
    client = browser(physician)
    url = step_url(visit, "plan")
    version = client.get(url).context["form_version"]
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)

    data = {"version": version, **PLANTED}
    extra = {}
    if forgery == "wrong token":
        data["csrfmiddlewaretoken"] = "x" * 64
    elif forgery == "foreign origin":
        data["csrfmiddlewaretoken"] = token(client)
        extra = {"HTTP_ORIGIN": "https://attacker.example", "secure": True}
    client.post(url, data, **extra)

    assert not StepDraft.objects.exists()
    assert not Plan.objects.filter(visit=visit).exists()
    assert not StepRevision.objects.filter(visit=visit).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).exists()

    client = browser(physician)
    page = client.get(url)
    assert not page.context["restored_draft"]
    assert "oxycodone" not in page.content.decode()


def test_the_same_post_with_the_sessions_token_is_kept_for_its_user(physician, visit, clock):
    client = browser(physician)
    url = step_url(visit, "plan")
    version = client.get(url).context["form_version"]
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)

    response = client.post(url, {"version": version, **PLANTED,
                                 "csrfmiddlewaretoken": token(client)})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    draft = StepDraft.objects.get()
    assert draft.user == physician and draft.step == "plan"
    assert not Plan.objects.filter(visit=visit).exists()

    page = browser(physician).get(url)
    assert page.context["restored_draft"]
    assert "oxycodone" in page.content.decode()


def test_a_forged_post_into_a_live_session_is_refused_and_keeps_nothing(physician, visit):
    client = browser(physician)
    url = step_url(visit, "plan")
    version = client.get(url).context["form_version"]
    response = client.post(url, {"version": version, **PLANTED})
    assert response.status_code == 403
    assert not StepDraft.objects.exists() and not Plan.objects.filter(visit=visit).exists()
