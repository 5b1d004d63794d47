"""T-35 Lost update: users A and B open the same step at version n; A saves, then B saves.
B gets the conflict page showing A's change beside B's own input, nothing of A's is
overwritten, and both events are in the audit trail. On PostgreSQL the two saves also race
for real."""


import pytest
from django.db import connection
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.visits.models import History, Plan, StepRevision, Visit
from tests.concurrency import post_at_once
from tests.conftest import client_for

from .helpers import post_step, step_url


def test_the_second_writer_sees_a_conflict_and_keeps_their_input(intake_client,
                                                                 physician_client, intake,
                                                                 physician, visit):
    a_page = intake_client.get(step_url(visit, "history"))
    b_page = physician_client.get(step_url(visit, "history"))
    loaded = a_page.context["form_version"]
    assert b_page.context["form_version"] == loaded

    saved = post_step(intake_client, visit, "history", {"pain_now": "3",
                                                        "regions": ["lumbar"]}, version=loaded)
    assert saved.status_code == 302
    late = post_step(physician_client, visit, "history", {"pain_now": "8",
                                                          "regions": ["cervical"]},
                     version=loaded)
    assert late.status_code == 409
    page = late.content.decode()
    assert "Someone else saved this step" in page
    rows = {row.label: row for row in late.context["conflict"]["rows"]}
    assert rows["Pain now (0-10)"].saved_now == "3" and rows["Pain now (0-10)"].yours == "8"
    assert 'value="8"' in page  # B's input, ready to save again
    assert late.context["form_version"] == Visit.objects.get(pk=visit.pk).version

    history = History.objects.get(visit=visit)
    assert (history.pain_now, history.regions) == (3, ["lumbar"])
    assert StepRevision.objects.filter(visit=visit).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.STEP_SAVED, user=intake).count() == 1
    conflict = AuditEvent.objects.get(action=AuditAction.STEP_CONFLICT, user=physician)
    assert conflict.details == {"step": "history", "loaded_version": loaded}


def test_different_steps_saved_from_the_same_version_do_not_conflict(intake_client,
                                                                     physician_client, visit):
    loaded = visit.version
    assert post_step(intake_client, visit, "history", {"pain_now": "3"},
                     version=loaded).status_code == 302
    assert post_step(physician_client, visit, "plan", {"follow_up_weeks": "4"},
                     version=loaded).status_code == 302
    assert History.objects.get(visit=visit).pain_now == 3
    assert Plan.objects.get(visit=visit).follow_up_weeks == 4


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="simultaneous transactions need PostgreSQL; run with DATABASE_URL")
@pytest.mark.usefixtures("roles")
def test_simultaneous_saves_give_one_save_one_conflict_and_two_events():
    from backpain.accounts.roles import Role
    from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory

    clinic = ClinicFactory()
    users = [UserFactory(clinic=clinic, role=Role.PHYSICIAN) for _ in range(2)]
    visit = VisitFactory(patient=PatientFactory(clinic=clinic), created_by=users[0],
                         assigned_physician=users[0])
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": "plan"})
    weeks = ("2", "12")
    responses = post_at_once(url, [
        (client_for(user), {"version": visit.version, "follow_up_weeks": value})
        for user, value in zip(users, weeks, strict=True)])
    outcome = {value: response.status_code for value, response in zip(weeks, responses,
                                                                       strict=True)}

    assert sorted(outcome.values()) == [302, 409]
    winner = next(weeks for weeks, status in outcome.items() if status == 302)
    assert Plan.objects.get(visit=visit).follow_up_weeks == int(winner)
    assert AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.STEP_CONFLICT).count() == 1
