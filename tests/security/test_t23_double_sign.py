"""T-23 Double signing: a double click, or simultaneous requests from two tabs, give exactly
one signature and one PDF; every other request is told the note is already signed."""


import pytest
from django.db import connection
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import NoteVersion, Signature
from tests.concurrency import post_at_once
from tests.conftest import client_for, make_ready_to_sign
from tests.factories import TEST_PASSWORD

from .helpers import sign


def test_a_double_click_gives_one_signature(physician_client, ready_visit):
    first = sign(physician_client, ready_visit)
    second = sign(physician_client, ready_visit)
    assert first.status_code == 302
    assert second.status_code == 400
    assert "This note has already been signed." in second.content.decode()
    assert Signature.objects.filter(visit=ready_visit).count() == 1
    assert NoteVersion.objects.filter(visit=ready_visit).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="simultaneous transactions need PostgreSQL; run with DATABASE_URL")
@pytest.mark.usefixtures("roles")
def test_three_simultaneous_signings_give_one_signature(media_root):
    from backpain.accounts.roles import Role
    from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory

    clinic = ClinicFactory()
    physician = UserFactory(clinic=clinic, username="signer", role=Role.PHYSICIAN)
    visit = make_ready_to_sign(VisitFactory(patient=PatientFactory(clinic=clinic),
                                            created_by=physician, assigned_physician=physician),
                               physician)
    url = reverse("notes:sign", kwargs={"pk": visit.pk})
    data = {"username": "signer", "password": TEST_PASSWORD, "meaning": "authored"}
    responses = post_at_once(url, [(client_for(physician), data) for _ in range(3)])
    answers = [(response.status_code, response.content.decode()) for response in responses]

    statuses = sorted(status for status, _ in answers)
    assert statuses == [302, 400, 400]
    assert all("already been signed" in text for status, text in answers if status == 400)
    assert Signature.objects.filter(visit=visit).count() == 1
    assert NoteVersion.objects.filter(visit=visit).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_SIGNED).count() == 1
    stored = list(media_root.rglob("*.pdf"))
    assert len(stored) == 1  # the losers rendered nothing
