"""T-14 Signing re-authentication: no password or a wrong one creates no signature (400);
every failure is audited and counted by django-axes, so repeated guesses at the signing
prompt lock the account just as at sign-in."""

import logging

from django.test import Client
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Visit

from .helpers import login, sign


def nothing_signed(visit):
    return (not Signature.objects.filter(visit=visit).exists()
            and not NoteVersion.objects.filter(visit=visit).exists()
            and not Visit.objects.get(pk=visit.pk).is_signed)


def test_no_password_signs_nothing(physician_client, ready_visit):
    response = sign(physician_client, ready_visit, password="")
    assert response.status_code == 400
    assert "password" in response.context["sign_form"].errors
    assert nothing_signed(ready_visit)


def test_a_missing_password_field_signs_nothing(physician_client, physician, ready_visit):
    response = physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                                     {"username": physician.username, "meaning": "authored"})
    assert response.status_code == 400 and nothing_signed(ready_visit)


def test_wrong_passwords_are_audited_counted_and_lock_the_signer(settings, physician,
                                                                 physician_client,
                                                                 ready_visit, caplog):
    limit = settings.AXES_FAILURE_LIMIT
    with caplog.at_level(logging.WARNING):
        for attempt in range(limit - 1):
            response = sign(physician_client, ready_visit, password=f"guess-{attempt}")
            assert response.status_code == 400
            assert "The password is not correct." in response.content.decode()
        last = sign(physician_client, ready_visit, password="last-guess")
    assert last.status_code in (400, 429)
    assert nothing_signed(ready_visit)
    refused = AuditEvent.objects.filter(action=AuditAction.NOTE_SIGN_REFUSED,
                                        user=physician)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED,
                                       username=physician.username)
    assert refused.count() >= limit - 1 and failed.count() == limit
    assert any("Locking out" in record.getMessage() for record in caplog.records)

    # Locked: the right password is refused at the signing prompt and at sign-in.
    locked = sign(physician_client, ready_visit)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert nothing_signed(ready_visit)
    assert login(Client(), physician.username).status_code == 429
