"""T-36 Version bypass: a save of a few fields (the per-step save of a partial form) still
bumps the version and records a revision, so a later save from a stale full form is still
a conflict; every path that changes the note moves the version."""

import pytest
from django.forms import modelform_factory

from backpain.visits.forms.base import StepForm
from backpain.visits.models import History, StepRevision, Visit
from backpain.visits.services import StepConflict, save_step
from backpain.visits.step_views import posted_changes
from backpain.visits.steps import step_for

from .helpers import add_addendum, current_version, post_step, sign, step_url


def partial_form(data, instance=None):
    return modelform_factory(History, form=StepForm, fields=["pain_now"])(data,
                                                                         instance=instance)


def test_a_partial_save_bumps_the_version_and_the_stale_full_save_conflicts(intake,
                                                                            physician, visit):
    loaded = visit.version
    form = partial_form({"pain_now": "3"}, History(visit_id=visit.pk))
    assert form.is_valid()
    save_step(user=intake, visit=visit, step=step_for("history"), **posted_changes(form, None),
              loaded_version=loaded)
    assert current_version(visit) == loaded + 1
    assert StepRevision.objects.get(visit=visit).data["pain_now"] == 3

    stale = step_for("history").form_class({"pain_now": "8", "regions": ["lumbar"]},
                                           instance=History(visit_id=visit.pk))
    assert stale.is_valid()
    with pytest.raises(StepConflict):
        save_step(user=physician, visit=Visit.objects.get(pk=visit.pk),
                  step=step_for("history"), **posted_changes(stale, None), loaded_version=loaded)
    assert History.objects.get(visit=visit).pain_now == 3


def test_one_field_posted_then_a_stale_full_form_is_a_409(intake_client, physician_client,
                                                         visit):
    loaded = visit.version
    assert post_step(intake_client, visit, "history", {"pain_now": "3"},
                     version=loaded).status_code == 302
    full = {"pain_now": "8", "pain_worst": "9", "regions": ["lumbar"], "onset": "sudden"}
    assert post_step(physician_client, visit, "history", full, version=loaded
                     ).status_code == 409
    assert History.objects.get(visit=visit).pain_now == 3


@pytest.mark.parametrize("version", ["", "abc", None])
def test_a_form_without_a_usable_version_is_not_saved(intake_client, visit, version):
    data = {"pain_now": "3"}
    if version is not None:
        data["version"] = version
    response = intake_client.post(step_url(visit, "history"), data)
    assert response.status_code == 200
    assert "The page was not loaded properly" in response.content.decode()
    assert not History.objects.filter(visit=visit).exists()


def test_signing_and_addenda_move_the_version_too(physician_client, ready_visit):
    before = current_version(ready_visit)
    assert sign(physician_client, ready_visit).status_code == 302
    signed = current_version(ready_visit)
    assert add_addendum(physician_client, ready_visit).status_code == 302
    assert before < signed < current_version(ready_visit)


def test_the_service_reads_the_version_from_the_database_not_the_caller(intake, visit):
    # A caller holding a stale Visit object cannot sneak past a newer revision.
    stale_visit = Visit.objects.get(pk=visit.pk)
    first = partial_form({"pain_now": "3"}, History(visit_id=visit.pk))
    assert first.is_valid()
    save_step(user=intake, visit=visit, step=step_for("history"), **posted_changes(first, None),
              loaded_version=visit.version)
    second = partial_form({"pain_now": "5"}, History(visit_id=visit.pk))
    assert second.is_valid()
    with pytest.raises(StepConflict):
        save_step(user=intake, visit=stale_visit, step=step_for("history"),
                  **posted_changes(second, None), loaded_version=stale_visit.version)
