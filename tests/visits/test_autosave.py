"""Nothing typed is lost: the step's autosaved draft (its endpoint, who may keep one, its limit),
its return on the step page, its removal on save, "Mark intake complete" with unsaved answers,
and a signed visit's read-only steps."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from backpain.visits.drafts import MAX_DRAFT_BYTES
from backpain.visits.models import (
    History,
    Plan,
    Questionnaires,
    StepDraft,
    Visit,
    VisitStatus,
)
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

INTAKE_DONE = {"regions": ["lumbar"], "onset": "sudden", "pain_now": "6"}


def step_url(visit, slug):
    return reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})


def draft_url(visit, slug):
    return reverse("visits:step_draft", kwargs={"pk": visit.pk, "slug": slug})


def autosave(client, visit, slug, data, **extra):
    version = Visit.objects.get(pk=visit.pk).version
    return client.post(draft_url(visit, slug), {"version": version, **data}, **extra)


def post_step(client, visit, slug, data, **buttons):
    version = Visit.objects.get(pk=visit.pk).version
    return client.post(step_url(visit, slug), {"version": version, **data, **buttons})


def sign(visit):
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.SIGNED)


def test_typing_keeps_a_draft_and_says_when(intake_client, intake, visit):
    response = autosave(intake_client, visit, "history",
                        {"pain_now": "7", "regions": ["lumbar", "thoracic"], "save": ""})
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True and re.fullmatch(r"Draft saved \d\d:\d\d", answer["status"])
    draft = StepDraft.objects.get(visit=visit, step="history", user=intake)
    assert draft.data["pain_now"] == ["7"] and draft.data["regions"] == ["lumbar", "thoracic"]
    assert "save" not in draft.data and "csrfmiddlewaretoken" not in draft.data
    assert not History.objects.filter(visit=visit).exists()  # a draft is not a save


def test_the_draft_comes_back_unsaved_on_any_device(intake, visit):
    autosave(client_for(intake), visit, "history", {"pain_now": "7", "pain_worst": "9"})
    page = client_for(intake).get(step_url(visit, "history"))  # another browser, same user
    assert page.context["restored_draft"]
    html = page.content.decode()
    assert "They are not saved yet" in html and "Discard them" in html
    assert re.search(r'name="pain_worst" value="9"', html)
    assert not History.objects.filter(visit=visit).exists()


def test_a_draft_is_its_users_own(intake_client, physician_client, visit):
    autosave(intake_client, visit, "history", {"pain_now": "7"})
    page = physician_client.get(step_url(visit, "history"))
    assert not page.context["restored_draft"]
    assert 'value="7"' not in page.content.decode()


def test_saving_the_step_removes_the_draft(intake_client, visit):
    autosave(intake_client, visit, "history", {"pain_now": "7"})
    assert post_step(intake_client, visit, "history", {"pain_now": "7"}, save="").status_code \
        == 302
    assert History.objects.get(visit=visit).pain_now == 7
    assert not StepDraft.objects.exists()
    assert not intake_client.get(step_url(visit, "history")).context["restored_draft"]


def test_a_draft_equal_to_what_is_saved_is_not_offered(intake_client, visit):
    post_step(intake_client, visit, "history", {"pain_now": "4"})
    # Typed 5, then back to 4: nothing unsaved is left.
    autosave(intake_client, visit, "history", {"pain_now": "4"})
    page = intake_client.get(step_url(visit, "history"))
    assert not page.context["restored_draft"]
    assert not StepDraft.objects.exists()


def test_discarding_the_draft_shows_the_saved_step(intake_client, visit):
    autosave(intake_client, visit, "history", {"pain_now": "7"})
    intake_client.post(step_url(visit, "history"), {"discard_draft": ""})
    assert not StepDraft.objects.exists()


def test_a_draft_needs_the_csrf_token(intake, visit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake)
    client.get(step_url(visit, "history"))  # sets the CSRF cookie
    refused = autosave(client, visit, "history", {"pain_now": "7"})
    assert refused.status_code == 403 and not StepDraft.objects.exists()
    kept = autosave(client, visit, "history", {"pain_now": "7"},
                    HTTP_X_CSRFTOKEN=client.cookies[settings.CSRF_COOKIE_NAME].value)
    assert kept.status_code == 200 and StepDraft.objects.count() == 1


def test_no_draft_of_a_step_the_user_may_not_edit(intake_client, visit):
    response = autosave(intake_client, visit, "examination", {"gait": "antalgic"})
    assert response.status_code == 403
    assert response.json() == {"saved": False, "message": "You may not edit this step."}
    assert not StepDraft.objects.exists()


def test_no_draft_of_another_clinics_visit(intake_client, other_visit):
    assert autosave(intake_client, other_visit, "history", {"pain_now": "7"}).status_code \
        == 404
    assert not StepDraft.objects.exists()


def test_no_draft_for_a_signed_visit(physician_client, visit):
    sign(visit)
    response = autosave(physician_client, visit, "plan", {"plan_notes": "Changed my mind."})
    assert response.status_code == 409
    assert "This visit is signed" in response.json()["message"]
    assert not StepDraft.objects.exists()


def test_an_oversized_draft_is_refused_and_the_last_one_kept(physician_client, visit):
    autosave(physician_client, visit, "plan", {"plan_notes": "Walk daily."})
    response = autosave(physician_client, visit, "plan", {"plan_notes": "x" * MAX_DRAFT_BYTES})
    assert response.status_code == 413
    assert "save the step to keep it" in response.json()["message"]
    assert StepDraft.objects.get().data["plan_notes"] == ["Walk daily."]


def test_the_draft_url_only_takes_posts(intake_client, visit):
    assert intake_client.get(draft_url(visit, "history")).status_code == 405


def test_anonymous_autosave_is_sent_to_sign_in(client, visit):
    response = autosave(client, visit, "history", {"pain_now": "7"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not StepDraft.objects.exists()


def test_marking_intake_complete_saves_the_typed_answers_first(intake_client, physician,
                                                               visit):
    autosave(intake_client, visit, "history", INTAKE_DONE)
    response = post_step(intake_client, visit, "history", {**INTAKE_DONE, "pain_worst": "8"},
                         complete_intake="")
    assert response.status_code == 302 and response.url == reverse("home")
    history = History.objects.get(visit=visit)
    assert (history.pain_now, history.pain_worst, history.onset) == (6, 8, "sudden")
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is not None
    assert not StepDraft.objects.exists()
    queue = client_for(physician).get(reverse("home")).context["my_queue"]
    assert [entry.visit.pk for entry in queue] == [visit.pk]


def test_marking_intake_complete_with_missing_items_names_them_and_keeps_the_input(
        intake_client, visit):
    response = post_step(intake_client, visit, "history", {"pain_now": "6", "pain_worst": "8"},
                         complete_intake="")
    assert response.status_code == 302 and response.url == step_url(visit, "history")
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None
    assert History.objects.get(visit=visit).pain_worst == 8  # what was typed is saved
    page = intake_client.get(response.url).content.decode()
    assert "The intake is not handed over yet" in page
    assert "History: Where is the pain?; History: How did it start?" in page


def test_marking_intake_complete_from_the_questionnaires_names_the_history_items(
        intake_client, visit):
    response = post_step(intake_client, visit, "questionnaires", {"odi_1": "2"},
                         complete_intake="")
    assert response.url == step_url(visit, "history")  # where the missing items are
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None
    assert Questionnaires.objects.get(visit=visit).odi_1 == 2  # the open step was saved


def test_marking_intake_complete_with_invalid_input_shows_it_with_its_message(intake_client,
                                                                              visit):
    response = post_step(intake_client, visit, "history", {**INTAKE_DONE, "pain_now": "11"},
                         complete_intake="")
    assert response.status_code == 200
    assert response.context["form"].errors["pain_now"]
    assert 'value="11"' in response.content.decode()
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None


def test_intake_is_not_handed_over_while_another_intake_step_has_a_draft(intake_client, visit):
    post_step(intake_client, visit, "history", INTAKE_DONE)
    autosave(intake_client, visit, "history", {**INTAKE_DONE, "pain_worst": "9"})
    response = post_step(intake_client, visit, "questionnaires", {"odi_1": "2"},
                         complete_intake="")
    assert response.url == step_url(visit, "history")
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None
    page = intake_client.get(response.url)
    assert page.context["restored_draft"]
    assert "you typed entries in History that are not saved" in page.content.decode()


def test_a_signed_visits_step_is_read_only_with_a_way_to_an_addendum(physician_client, visit):
    post_step(physician_client, visit, "plan", {"plan_notes": "Walk daily."})
    sign(visit)
    html = physician_client.get(step_url(visit, "plan")).content.decode()
    assert re.search(r'<fieldset class="step-fields" disabled>', html)
    assert 'name="save"' not in html and 'name="continue"' not in html
    assert "data-autosave-url" not in html and "autosave.js" not in html
    assert f'href="{reverse("notes:addendum", kwargs={"pk": visit.pk})}"' in html
    assert "Walk daily." in html


def test_intake_staff_see_a_signed_visit_read_only_and_whom_to_ask(intake_client, visit):
    sign(visit)
    html = intake_client.get(step_url(visit, "history")).content.decode()
    assert 'name="save"' not in html and 'name="complete_intake"' not in html
    assert "Ask the physician to add an addendum." in html


def test_a_post_to_a_signed_visit_is_refused_even_when_invalid(physician_client, visit):
    sign(visit)
    response = post_step(physician_client, visit, "plan", {"follow_up_weeks": "many"})
    assert response.status_code == 302
    assert response.url == reverse("visits:detail", kwargs={"pk": visit.pk})
    assert not Plan.objects.filter(visit=visit).exists()


def test_a_draft_left_when_the_visit_was_signed_is_shown_for_an_addendum(physician_client,
                                                                         visit):
    autosave(physician_client, visit, "plan", {"plan_notes": "Refer to physiotherapy."})
    sign(visit)
    page = physician_client.get(step_url(visit, "plan"))
    assert not page.context["restored_draft"]
    assert page.context["never_saved"] == [("Plan notes", "Refer to physiotherapy.")]
    assert "they are not in the note" in page.content.decode()


@pytest.mark.parametrize("path", ["step", "step_draft"])
def test_a_post_that_finds_the_session_expired_is_kept(client, intake, visit, monkeypatch,
                                                      path):
    from backpain.accounts import sessions
    from tests.security.helpers import Clock

    clock = Clock()
    monkeypatch.setattr(sessions, "time", clock)
    client.post(reverse("login"), {"username": intake.username, "password": TEST_PASSWORD})
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)
    url = reverse(f"visits:{path}", kwargs={"pk": visit.pk, "slug": "history"})
    response = client.post(url, {"version": visit.version, "pain_now": "7"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert StepDraft.objects.get(user=intake).data["pain_now"] == ["7"]


def test_the_step_list_marks_the_users_unsaved_drafts(physician_client, intake_client, visit):
    autosave(physician_client, visit, "plan", {"plan_notes": "Refer to physiotherapy."})
    detail = reverse("visits:detail", kwargs={"pk": visit.pk})
    assert "Unsaved draft" in physician_client.get(detail).content.decode()
    review = reverse("notes:review", kwargs={"pk": visit.pk})
    assert "Unsaved draft" in physician_client.get(review).content.decode()
    assert "Unsaved draft" not in intake_client.get(detail).content.decode()


def test_an_autosave_from_before_the_users_own_save_is_not_kept(intake_client, visit):
    loaded = Visit.objects.get(pk=visit.pk).version
    post_step(intake_client, visit, "history", {"pain_now": "7", "pain_worst": "9"})
    # Sent before the save, arriving after it: the older input must not come back as a draft.
    late = intake_client.post(draft_url(visit, "history"), {"version": loaded, "pain_now": "7"})
    assert late.status_code == 409
    assert "You saved this step since this page was loaded" in late.json()["message"]
    assert not StepDraft.objects.exists()
    assert not intake_client.get(step_url(visit, "history")).context["restored_draft"]


def test_someone_elses_save_does_not_stop_the_draft(intake_client, physician_client, visit):
    loaded = Visit.objects.get(pk=visit.pk).version
    post_step(physician_client, visit, "history", {"pain_now": "3"})
    kept = intake_client.post(draft_url(visit, "history"), {"version": loaded, "pain_now": "7"})
    assert kept.status_code == 200 and StepDraft.objects.get().data["pain_now"] == ["7"]
