"""T-24 Unlock and addendum controls: there is no unlock of a signed note at all; the one way
to correct it, an addendum, is refused to non-physicians, needs a reason and the password,
keeps the original signature, and is audited."""

import pytest
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Addendum, Signature
from backpain.visits.models import Visit, VisitStatus
from tests.conftest import client_for

from .helpers import add_addendum, every_pattern


def test_there_is_no_unlock():
    # Of a visit or its note (an episode of care is closed and reopened; a note never is).
    routes = " ".join(f"{name} {route}" for name, route, _ in every_pattern()
                      if not (name or "").startswith("episodes:")).lower()
    assert "unlock" not in routes and "unsign" not in routes and "reopen" not in routes


@pytest.mark.parametrize("who", ["intake", "administrator"])
def test_non_physicians_are_refused_and_audited(request, signed_visit, who):
    user = request.getfixturevalue(who)
    response = add_addendum(client_for(user), signed_visit, username=user.username)
    assert response.status_code == 403
    assert not Addendum.objects.exists()
    assert AuditEvent.objects.filter(user=user, action=AuditAction.PERMISSION_DENIED).exists()


def test_another_clinics_physician_does_not_find_the_note(outsiders, signed_visit):
    from backpain.accounts.roles import Role

    response = add_addendum(client_for(outsiders[Role.PHYSICIAN]), signed_visit)
    assert response.status_code == 404 and not Addendum.objects.exists()


@pytest.mark.parametrize("missing", [{"reason": ""}, {"reason": "   "}, {"text": ""},
                                     {"password": ""}, {"password": "wrong"}])
def test_reason_text_and_password_are_mandatory(physician_client, signed_visit, missing):
    response = add_addendum(physician_client, signed_visit, username="physician", **missing)
    assert response.status_code == 400
    assert not Addendum.objects.exists()
    assert Visit.objects.get(pk=signed_visit.pk).status == VisitStatus.SIGNED


def test_an_addendum_keeps_the_original_signature_and_is_audited(physician_client,
                                                                 signed_visit):
    original = Signature.objects.get(visit=signed_visit)
    response = add_addendum(physician_client, signed_visit, username="physician",
                            reason="Late result")
    assert response.status_code == 302
    kept = Signature.objects.get(pk=original.pk)
    assert (kept.content_hash, kept.signed_at, kept.content) == (
        original.content_hash, original.signed_at, original.content)
    assert Signature.objects.filter(visit=signed_visit).count() == 2
    event = AuditEvent.objects.get(action=AuditAction.ADDENDUM_SIGNED)
    assert event.details["reason"] == "Late result"
    assert event.patient_id == signed_visit.patient_id


def test_an_unsigned_note_takes_no_addendum(physician_client, ready_visit):
    response = add_addendum(physician_client, ready_visit, username="physician")
    assert response.status_code == 302
    assert response.url == reverse("notes:review", kwargs={"pk": ready_visit.pk})
    assert not Addendum.objects.exists()
