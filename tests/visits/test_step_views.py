"""The step pages as staff and physicians use them: save, continue, errors, conflicts, panel."""

import datetime

import pytest
from django.urls import reverse

from backpain.visits.models import Examination, History, Visit, VisitStatus
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

# The answers an intake needs before it is handed over (the history's required items).
INTAKE_DONE = {"regions": ["lumbar"], "onset": "sudden", "pain_now": "6"}


def step_url(visit, slug):
    return reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})


def post_step(client, visit, slug, data, version=None, **extra):
    version = Visit.objects.get(pk=visit.pk).version if version is None else version
    return client.post(step_url(visit, slug), {"version": version, **data, **extra})


def test_history_page_has_the_navigator_and_the_decision_support(intake_client, visit):
    page = intake_client.get(step_url(visit, "history")).content.decode()
    for title in ("History", "Questionnaires", "Examination", "Diagnostics", "Assessment",
                  "Plan"):
        assert title in page
    assert "Not started" in page
    assert "Red-flag questions still to ask" in page
    assert 'name="saddle_numbness"' in page and "Not asked" in page


def test_the_navigator_links_every_step_of_this_visit(physician_client, visit):
    page = physician_client.get(step_url(visit, "history")).content.decode()
    for slug in ("history", "questionnaires", "examination", "diagnostics", "assessment",
                 "plan"):
        assert f'href="{step_url(visit, slug)}"' in page


def test_step_links_follow_the_script_prefix_of_a_server_under_a_path(visit):
    from django.urls import get_script_prefix, set_script_prefix

    from backpain.visits.step_views import step_url as linked
    from backpain.visits.steps import STEPS

    kept = get_script_prefix()
    try:
        for prefix in ("/", "/clinic/"):
            set_script_prefix(prefix)
            for step in STEPS:
                assert linked(visit, step) == step_url(visit, step.slug)
                assert linked(visit, step).startswith(f"{prefix}visits/{visit.pk}/")
    finally:
        set_script_prefix(kept)


def test_bladder_retention_raises_the_emergency_flag_after_saving(intake_client, visit):
    response = post_step(intake_client, visit, "history",
                         {"regions": ["lumbar"], "bladder_dysfunction": "retention",
                          "saddle_numbness": "unknown"}, save="")
    assert response.status_code == 302 and response.url == step_url(visit, "history")
    page = intake_client.get(response.url).content.decode()
    assert "Cauda equina syndrome" in page
    assert "Emergency" in page
    assert "Bladder problems: Retention (cannot pass urine)" in page
    assert "history.bladder_dysfunction" not in page
    record = History.objects.get(visit=visit)
    assert (record.bladder_dysfunction, record.saddle_numbness) == ("retention", None)


def test_save_and_continue_goes_to_the_next_step_the_user_may_edit(intake_client,
                                                                    physician_client, visit):
    response = post_step(intake_client, visit, "history", {"pain_now": "4"}, **{"continue": ""})
    assert response.url == step_url(visit, "questionnaires")
    response = post_step(physician_client, visit, "questionnaires", {}, **{"continue": ""})
    assert response.url == step_url(visit, "examination")


def test_the_last_step_saves_and_opens_the_note_for_review(physician_client, visit):
    page = physician_client.get(step_url(visit, "plan")).content.decode()
    assert "Save and review the note" in page and "Save and continue" not in page
    response = post_step(physician_client, visit, "plan",
                         {"disposition": "routine", "follow_up_weeks": "6"}, review="")
    assert response.status_code == 302
    assert response.url == reverse("notes:review", kwargs={"pk": visit.pk})
    assert Visit.objects.get(pk=visit.pk).plan.follow_up_weeks == 6


def test_intake_staff_are_offered_no_review_of_the_note(intake_client, visit):
    page = intake_client.get(step_url(visit, "questionnaires")).content.decode()
    assert "Save and review the note" not in page


def test_invalid_input_is_returned_with_field_messages_and_nothing_saved(intake_client, visit):
    response = post_step(intake_client, visit, "history",
                         {"pain_now": "11", "pain_worst": "8", "regions": ["lumbar"]})
    assert response.status_code == 200
    assert response.context["form"].errors["pain_now"]
    page = response.content.decode()
    assert "is-invalid" in page and 'value="8"' in page  # the other entries are kept
    assert not History.objects.filter(visit=visit).exists()
    assert Visit.objects.get(pk=visit.pk).version == visit.version


def test_onset_after_the_visit_is_a_field_message(intake_client, visit):
    later = visit.visit_date.replace(year=visit.visit_date.year + 1)
    response = post_step(intake_client, visit, "history", {"onset_date": later.isoformat()})
    assert response.status_code == 200
    assert "onset_date" in response.context["form"].errors
    assert not History.objects.filter(visit=visit).exists()


def test_intake_staff_cannot_post_a_physician_step(intake_client, visit):
    response = post_step(intake_client, visit, "examination", {"gait": "normal"})
    assert response.status_code == 403
    assert not Examination.objects.filter(visit=visit).exists()


def test_second_writer_gets_a_conflict_page_and_keeps_their_input(intake_client,
                                                                   physician_client, visit):
    loaded = visit.version
    first = post_step(intake_client, visit, "history", {"pain_now": "3"}, version=loaded)
    assert first.status_code == 302
    second = post_step(physician_client, visit, "history", {"pain_now": "7"}, version=loaded)
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else saved this step" in page
    assert 'value="7"' in page  # the second writer's input, ready to re-apply
    assert History.objects.get(visit=visit).pain_now == 3  # nothing overwritten
    # Saving again from the conflict page (it carries the current version) applies.
    again = post_step(physician_client, visit, "history", {"pain_now": "7"},
                      version=second.context["visit"].version)
    assert again.status_code == 302
    assert History.objects.get(visit=visit).pain_now == 7


def test_signed_visit_step_cannot_be_saved(physician_client, visit):
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.SIGNED)
    response = post_step(physician_client, visit, "history", {"pain_now": "5"})
    assert response.status_code == 302
    assert not History.objects.filter(visit=visit).exists()


def test_after_a_timeout_the_user_signs_in_and_lands_on_the_step(client, intake, visit):
    url = step_url(visit, "history")
    response = client.get(url)
    assert response.status_code == 302
    response = client.post(response.url, {"username": intake.username,
                                          "password": TEST_PASSWORD}, follow=False)
    assert response.url == url


def test_intake_complete_moves_the_visit_to_the_physicians_queue(intake_client, physician,
                                                                  visit):
    post_step(intake_client, visit, "history", {"bladder_dysfunction": "retention", **INTAKE_DONE})
    response = intake_client.post(reverse("visits:intake_complete", kwargs={"pk": visit.pk}))
    assert response.status_code == 302
    queue = client_for(physician).get(reverse("home")).context["my_queue"]
    assert [entry.visit.pk for entry in queue] == [visit.pk]
    assert queue[0].flag.urgency == "emergency"


@pytest.mark.parametrize("slug", ["history", "questionnaires", "examination", "diagnostics",
                                  "assessment", "plan"])
def test_every_step_saves_an_empty_draft(physician_client, visit, slug):
    response = post_step(physician_client, visit, slug,
                         {"studies-TOTAL_FORMS": "1", "studies-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.context["form"].errors
    page = physician_client.get(response.url).content.decode()
    assert "saved" in page


def test_a_flagged_visit_leads_the_queue_however_many_older_ones_wait(physician_client,
                                                                       physician, intake,
                                                                       patient):
    from backpain.visits.home import WORKLIST_LIMIT
    from backpain.visits.services import complete_intake
    from tests.factories import VisitFactory

    older = VisitFactory.create_batch(WORKLIST_LIMIT + 5, patient=patient, created_by=intake,
                                      assigned_physician=physician,
                                      visit_date=datetime.date(2026, 1, 5))
    for visit in older:
        History.objects.create(visit=visit, regions=["lumbar"], onset="gradual", pain_now=3)
        complete_intake(user=intake, visit=visit)
    newest = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                          visit_date=datetime.date(2026, 3, 1))
    post_step(client_for(intake), newest, "history",
              {"bladder_dysfunction": "retention", **INTAKE_DONE})
    complete_intake(user=intake, visit=newest)
    response = physician_client.get(reverse("home"))
    queue = response.context["my_queue"]
    assert len(queue) == WORKLIST_LIMIT
    assert queue[0].visit.pk == newest.pk and queue[0].flag.urgency == "emergency"
    assert "6 more visits await your review" in response.content.decode()
