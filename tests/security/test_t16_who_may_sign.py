"""T-16 Who may sign: intake staff, an administrator and physician B all get 403 when they
post a signature for physician A's note; the note stays unsigned; each denial is audited."""

import pytest

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Signature
from backpain.visits.models import Visit
from tests.conftest import client_for

from .helpers import sign

SIGNERS = ["intake", "administrator", "colleague"]


@pytest.mark.parametrize("who", SIGNERS)
def test_only_the_assigned_physician_signs(request, ready_visit, who):
    user = request.getfixturevalue(who)
    response = sign(client_for(user), ready_visit, username=user.username)
    assert response.status_code == 403
    assert not Signature.objects.exists()
    assert not Visit.objects.get(pk=ready_visit.pk).is_signed


@pytest.mark.parametrize("who", SIGNERS)
def test_each_refused_signing_is_audited(request, ready_visit, who):
    user = request.getfixturevalue(who)
    sign(client_for(user), ready_visit, username=user.username)
    denial = AuditEvent.objects.filter(user=user, action__in=[AuditAction.PERMISSION_DENIED,
                                                              AuditAction.NOTE_SIGN_REFUSED])
    assert denial.exists()


def test_physician_b_cannot_sign_as_physician_a_with_a_password(colleague, ready_visit):
    # Even knowing A's username: the username must be B's own, and the visit is A's.
    response = sign(client_for(colleague), ready_visit, username="physician")
    assert response.status_code == 403 and not Signature.objects.exists()
