"""T-38 Timeout in the middle of a form: a physician fills half of the examination step, the
session expires, they press Save. They are sent to sign in, come back to the examination
step with their input restored from the server-side draft; the record is unchanged until
they save, and the draft is gone once they have."""

from django.conf import settings
from django.urls import reverse

from backpain.visits.models import Examination, StepDraft, StepRevision

from .helpers import login, step_url

HALF = {"gait": "antalgic", "motor_l5_left": "4", "slr_left": "true",
        "midline_tenderness": "true"}


def test_half_an_examination_survives_a_timeout(client, physician, visit, clock):
    login(client, physician.username)
    url = step_url(visit, "examination")
    version = client.get(url).context["form_version"]

    clock.advance(settings.SESSION_IDLE_TIMEOUT + 5 * 60)
    response = client.post(url, {"version": version, **HALF, "save": ""})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not Examination.objects.filter(visit=visit).exists()
    draft = StepDraft.objects.get(visit=visit, step="examination", user=physician)
    assert draft.data["gait"] == ["antalgic"] and "csrfmiddlewaretoken" not in draft.data

    back = client.post(response.url, {"username": physician.username,
                                      "password": "correct horse battery staple"})
    assert back.status_code == 302 and back.url == url
    page = client.get(url)
    assert page.context["restored_draft"]
    form = page.context["form"]
    assert form.data.get("gait") == "antalgic" and form.data.get("motor_l5_left") == "4"
    assert "They are not saved yet" in page.content.decode()
    assert not Examination.objects.filter(visit=visit).exists()  # unchanged until saved

    saved = client.post(url, {"version": page.context["form_version"], **HALF})
    assert saved.status_code == 302
    exam = Examination.objects.get(visit=visit)
    assert (exam.gait, exam.motor_l5_left, exam.slr_left) == ("antalgic", 4, True)
    assert not StepDraft.objects.filter(visit=visit).exists()
    assert StepRevision.objects.filter(visit=visit, step="examination").count() == 1


def test_a_kept_draft_can_be_discarded(client, physician, visit, clock):
    login(client, physician.username)
    url = step_url(visit, "examination")
    version = client.get(url).context["form_version"]
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)
    client.post(url, {"version": version, **HALF})
    login(client, physician.username)
    client.post(url, {"discard_draft": ""})
    assert not StepDraft.objects.exists()
    assert not client.get(url).context["restored_draft"]


def test_a_draft_is_not_kept_for_a_step_the_user_may_not_edit(client, intake, visit, clock):
    login(client, intake.username)
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)
    client.post(step_url(visit, "examination"), {"version": visit.version, **HALF})
    assert not StepDraft.objects.exists()
