"""Two clients save the same step at the same moment, on PostgreSQL's real row locks."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from backpain.visits.models import History, StepRevision, Visit
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
    start = threading.Barrier(2)
    statuses = {}

    def save(user, pain):
        client = client_for(user)
        start.wait()
        try:
            response = client.post(url, {"version": visit.version, "pain_now": pain})
            statuses[pain] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(intake, "3")),
               threading.Thread(target=save, args=(physician, "8"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses.values()) == [302, 409]
    winner = next(pain for pain, status in statuses.items() if status == 302)
    assert History.objects.get(visit=visit).pain_now == int(winner)
    assert Visit.objects.get(pk=visit.pk).version == visit.version + 1
    assert StepRevision.objects.filter(visit=visit).count() == 1
