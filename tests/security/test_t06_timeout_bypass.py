"""T-06 Timeout bypass: an open page polling the session clock, and requests carrying any
"skip"/"keepalive" flag, never keep an idle session alive; the typed input is kept as a
draft for after the next sign-in."""

import pytest
from django.conf import settings
from django.urls import reverse

from backpain.visits.models import History, StepDraft

from .helpers import step_url

FLAGS = [
    {"skip_timeout_reset": "1"}, {"keepalive": "1"}, {"keep_alive": "true"},
    {"no_activity": "0"}, {"autosave": "1"}, {"background": "0"},
]
HEADERS = {"HTTP_X_SKIP_TIMEOUT": "1", "HTTP_X_REQUESTED_WITH": "XMLHttpRequest",
           "HTTP_X_KEEPALIVE": "1", "HTTP_PURPOSE": "prefetch"}


def test_a_polling_page_does_not_keep_an_idle_session(signed_in, clock, patient):
    status_url = reverse("session_status")
    waited = 0
    while waited <= settings.SESSION_IDLE_TIMEOUT - 30:
        clock.advance(30)
        waited += 30
        answer = signed_in.get(status_url, **HEADERS)
        assert answer.status_code == 200 and answer.json()["signed_in"]
    clock.advance(60)
    assert signed_in.get(status_url).status_code == 401
    page = signed_in.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert page.status_code == 302 and page.url.startswith(reverse("login"))


@pytest.mark.parametrize("flag", FLAGS)
def test_no_client_flag_skips_the_check(signed_in, clock, patient, flag):
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 1)
    response = signed_in.get(reverse("patients:detail", kwargs={"pk": patient.pk}), flag,
                             **HEADERS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("flag", FLAGS[:2])
def test_a_flagged_post_is_not_saved_but_kept_as_a_draft(signed_in, clock, intake, visit,
                                                        flag):
    version = signed_in.get(step_url(visit, "history")).context["form_version"]
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 1)
    response = signed_in.post(step_url(visit, "history"),
                              {"version": version, "pain_now": "6", **flag}, **HEADERS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not History.objects.filter(visit=visit).exists()
    draft = StepDraft.objects.get(visit=visit, user=intake, step="history")
    assert draft.data["pain_now"] == ["6"]


def test_the_status_check_reports_the_real_time_left(signed_in, clock):
    clock.advance(10 * 60)
    left = signed_in.get(reverse("session_status")).json()["seconds_left"]
    assert settings.SESSION_IDLE_TIMEOUT - 10 * 60 - 2 <= left <= \
        settings.SESSION_IDLE_TIMEOUT - 10 * 60
