"""Sessions end after 15 idle minutes and after 12 hours whatever happens; background
requests never extend them; a step typed into an expired session is kept as a draft."""

import time

import pytest
from django.urls import reverse

from backpain.accounts.sessions import ACTIVE_AT, LOGIN_AT
from backpain.audit.models import AuditAction, AuditEvent
from backpain.exports.models import ExportJob
from backpain.visits.models import History, StepDraft
from tests.factories import TEST_PASSWORD

IDLE = 15 * 60


def set_clock(client, *, idle_for=0, signed_in_for=0):
    session = client.session
    now = time.time()
    session[ACTIVE_AT] = now - idle_for
    session[LOGIN_AT] = now - max(signed_in_for, idle_for)
    session.save()


def test_an_idle_session_ends_and_sends_the_user_to_sign_in(intake_client):
    set_clock(intake_client, idle_for=IDLE + 60)
    response = intake_client.get(reverse("patients:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login")) and "next=/patients/" in response.url
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED,
                                     details__reason="idle").exists()
    assert intake_client.get(reverse("patients:list")).status_code == 302  # still signed out


def test_a_session_still_active_continues(intake_client):
    set_clock(intake_client, idle_for=IDLE - 60)
    assert intake_client.get(reverse("patients:list")).status_code == 200


def test_background_status_checks_never_extend_the_session(intake_client):
    set_clock(intake_client, idle_for=IDLE - 5)
    status = intake_client.get(reverse("session_status")).json()
    assert status["signed_in"] and status["seconds_left"] <= 5
    before = intake_client.session[ACTIVE_AT]
    for _ in range(3):
        intake_client.get(reverse("session_status"))
    assert intake_client.session[ACTIVE_AT] == before
    set_clock(intake_client, idle_for=IDLE + 1)
    assert intake_client.get(reverse("session_status")).status_code == 401


def test_an_export_jobs_progress_poll_never_extends_the_session(administrator_client,
                                                                administrator):
    job = ExportJob.objects.create(clinic_id=administrator.clinic_id, requested_by=administrator,
                                   export_format="csv", download_name="backpain-visits.csv")
    status_url = reverse("exports:job_status", kwargs={"public_id": job.public_id})
    set_clock(administrator_client, idle_for=IDLE - 5)
    before = administrator_client.session[ACTIVE_AT]
    for _ in range(3):
        assert administrator_client.get(status_url).status_code == 200
    assert administrator_client.session[ACTIVE_AT] == before
    set_clock(administrator_client, idle_for=IDLE + 1)
    assert administrator_client.get(status_url).status_code in (302, 401)


@pytest.mark.parametrize("trick", [{"skip_timeout_reset": "1"}, {"keepalive": "1"}])
def test_client_flags_cannot_skip_the_check(intake_client, trick):
    set_clock(intake_client, idle_for=IDLE + 60)
    response = intake_client.get(reverse("patients:list"), trick, HTTP_X_SKIP_TIMEOUT="1")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_stay_signed_in_counts_as_activity(intake_client):
    set_clock(intake_client, idle_for=IDLE - 30)
    state = intake_client.post(reverse("session_keepalive")).json()
    assert state["seconds_left"] > IDLE - 60


def test_stay_signed_in_restarts_the_idle_clock_even_seconds_after_other_activity(
        intake_client):
    # Other requests record activity to the nearest half minute; the button counts at once.
    set_clock(intake_client, idle_for=10)
    state = intake_client.post(reverse("session_keepalive")).json()
    assert state["seconds_left"] >= IDLE - 1


def test_the_absolute_lifetime_ends_even_a_busy_session(intake_client):
    set_clock(intake_client, idle_for=0, signed_in_for=12 * 60 * 60 + 60)
    response = intake_client.get(reverse("patients:list"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED,
                                     details__reason="absolute").exists()


def test_signed_out_status_is_401_without_a_login_page(client, db):
    assert client.get(reverse("session_status")).status_code == 401
    assert client.post(reverse("session_keepalive")).status_code == 401


def test_input_typed_into_an_expired_session_is_restored_after_sign_in(client, intake, visit):
    client.post(reverse("login"), {"username": intake.username, "password": TEST_PASSWORD})
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": "history"})
    version = client.get(url).context["form_version"]
    set_clock(client, idle_for=IDLE + 60)
    response = client.post(url, {"version": version, "pain_now": "7",
                                 "bladder_dysfunction": "retention", "regions": ["lumbar"]})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not History.objects.filter(visit=visit).exists()  # nothing saved half-way
    assert StepDraft.objects.filter(visit=visit, user=intake).exists()

    response = client.post(response.url, {"username": intake.username,
                                          "password": TEST_PASSWORD})
    assert response.url == url  # back on the step
    page = client.get(url)
    text = page.content.decode()
    assert "They are not saved yet" in text
    assert 'value="7"' in text and 'value="retention" selected' in text
    assert not History.objects.filter(visit=visit).exists()

    saved = client.post(url, {"version": page.context["form_version"], "pain_now": "7",
                              "bladder_dysfunction": "retention", "regions": ["lumbar"]})
    assert saved.status_code == 302
    assert History.objects.get(visit=visit).pain_now == 7
    assert not StepDraft.objects.filter(visit=visit).exists()
