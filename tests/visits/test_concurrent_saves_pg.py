"""Two clients save the same step at the same moment, on PostgreSQL's real row locks."""


import pytest
from django.db import connection
from django.urls import reverse

from backpain.visits.models import History, StepRevision, Visit
from tests.concurrency import post_at_once
from tests.conftest import client_for
from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks are PostgreSQL's; run with DATABASE_URL")


@pytest.mark.usefixtures("roles")
def test_two_clients_saving_one_step_give_one_save_and_one_conflict():
    from backpain.accounts.roles import Role

    clinic = ClinicFactory()
    intake = UserFactory(clinic=clinic, role=Role.INTAKE)
    physician = UserFactory(clinic=clinic, role=Role.PHYSICIAN)
    visit = VisitFactory(patient=PatientFactory(clinic=clinic), created_by=intake,
                         assigned_physician=physician)
    url = reverse("visits:step", kwargs={"pk": visit.pk, "slug": "history"})
    pains = ("3", "8")
    responses = post_at_once(url, [
        (client_for(user), {"version": visit.version, "pain_now": pain})
        for user, pain in zip((intake, physician), pains, strict=True)])
    statuses = {pain: response.status_code for pain, response in zip(pains, responses,
                                                                     strict=True)}

    assert sorted(statuses.values()) == [302, 409]
    winner = next(pain for pain, status in statuses.items() if status == 302)
    assert History.objects.get(visit=visit).pain_now == int(winner)
    assert Visit.objects.get(pk=visit.pk).version == visit.version + 1
    assert StepRevision.objects.filter(visit=visit).count() == 1
