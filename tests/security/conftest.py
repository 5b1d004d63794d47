"""Fixtures of the security suite: a signed note, a second physician, another clinic's staff."""

import pytest

from backpain.accounts import sessions
from backpain.accounts.roles import Role
from backpain.visits.models import Visit
from tests.factories import UserFactory

from .helpers import Clock, login, sign


@pytest.fixture
def signed_visit(physician_client, ready_visit):
    """The fixture visit, complete and signed by its physician through the sign page."""
    response = sign(physician_client, ready_visit)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Visit.objects.get(pk=ready_visit.pk)


@pytest.fixture
def colleague(clinic):
    """Physician B: same clinic, not the visit's assigned physician."""
    return UserFactory(username="colleague", clinic=clinic, role=Role.PHYSICIAN,
                       printed_name="John Roe", credentials="DO")


@pytest.fixture
def outsiders(other_clinic):
    """One user per role at another clinic."""
    return {role: UserFactory(username=f"outside-{role.name.lower()}", clinic=other_clinic,
                              role=role)
            for role in Role}


@pytest.fixture
def committed_signed_visit(roles):
    """A signed visit whose rows are committed (transactional tests, PostgreSQL only): a
    TRUNCATE refuses to run over rows inserted in its own still-open transaction."""
    from tests.conftest import client_for, make_ready_to_sign
    from tests.factories import ClinicFactory, PatientFactory, VisitFactory

    clinic = ClinicFactory()
    physician = UserFactory(clinic=clinic, username="physician", role=Role.PHYSICIAN,
                            printed_name="Jane Doe", credentials="MD")
    visit = make_ready_to_sign(VisitFactory(patient=PatientFactory(clinic=clinic),
                                            created_by=physician, assigned_physician=physician),
                               physician)
    assert sign(client_for(physician), visit).status_code == 302
    return Visit.objects.get(pk=visit.pk)


@pytest.fixture
def clock(monkeypatch):
    """The session middleware's clock, moved by the test."""
    clock = Clock()
    monkeypatch.setattr(sessions, "time", clock)
    return clock


@pytest.fixture
def signed_in(client, intake, clock):
    """Intake staff signed in through the login page, with the session clock under test."""
    assert login(client, intake.username).status_code == 302
    return client
