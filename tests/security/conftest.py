"""Fixtures of the security suite: a signed note, a second physician, another clinic's staff."""

import contextlib
import uuid

import pytest
from django.db import connection

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


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    """The README's production section, run once (T-49): a gunicorn serving a fresh database
    of the suite's kind, with the clinic of `populate` in it."""
    from tests.production_path import Deployment, populate

    with fresh_database_url(tmp_path_factory) as database_url:
        deployed = Deployment(folder=tmp_path_factory.mktemp("deployment"),
                              database_url=database_url)
        try:
            deployed.run_readme()
            deployed.clinic = populate(deployed, exportable_visits=EXPORTABLE_VISITS)
            yield deployed
        finally:
            deployed.stop()


# About a megabyte of FHIR, which takes gunicorn a second or more to write: a client that
# hangs up, or a worker killed, after the first 64 KB cuts the export off mid-stream.
EXPORTABLE_VISITS = 80


@contextlib.contextmanager
def fresh_database_url(tmp_path_factory):
    """A database of the suite's kind that no test has touched, dropped afterwards."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'backpain.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    name = f"backpain_deploy_{uuid.uuid4().hex[:10]}"
    server = {"host": params["HOST"] or "127.0.0.1", "port": params["PORT"] or 5432,
              "user": params["USER"] or "postgres", "dbname": "postgres"}
    if params["PASSWORD"]:
        server["password"] = params["PASSWORD"]
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    try:
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
