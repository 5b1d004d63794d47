"""Shared fixtures: a clinic with one user per role, another clinic, signed-in clients."""

import socket

import pytest
from django.test import Client

from backpain.accounts.roles import Role
from tests.commit_hooks import on_commit_runs_at_the_codes_commit  # noqa: F401
from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the demo fixture's PBKDF2 hashes must still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="Riverside Spine Clinic")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="Hilltop Back Care")


@pytest.fixture
def intake(clinic):
    return UserFactory(username="intake", clinic=clinic, role=Role.INTAKE)


@pytest.fixture
def physician(clinic):
    return UserFactory(
        username="physician",
        clinic=clinic,
        role=Role.PHYSICIAN,
        printed_name="Jane Doe",
        credentials="MD",
    )


@pytest.fixture
def administrator(clinic):
    return UserFactory(username="administrator", clinic=clinic, role=Role.ADMINISTRATOR)


@pytest.fixture
def users_by_role(intake, physician, administrator):
    return {Role.INTAKE: intake, Role.PHYSICIAN: physician, Role.ADMINISTRATOR: administrator}


def client_for(user, *, raise_request_exception=True):
    """A signed-in browser; with raise_request_exception=False a server error comes back as
    a 500 page, as a real browser sees it, instead of as an exception in the test."""
    client = Client(raise_request_exception=raise_request_exception)
    client.force_login(user)
    return client


@pytest.fixture
def intake_client(intake):
    return client_for(intake)


@pytest.fixture
def physician_client(physician):
    return client_for(physician)


@pytest.fixture
def administrator_client(administrator):
    return client_for(administrator)


@pytest.fixture
def patient(clinic):
    return PatientFactory(clinic=clinic, family_name="Okafor", given_name="Chinedu", mrn="RSC-1")


@pytest.fixture
def visit(patient, intake, physician):
    return VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)


@pytest.fixture
def other_patient(other_clinic):
    return PatientFactory(clinic=other_clinic, family_name="Secret", given_name="Sally", mrn="HB-1")


@pytest.fixture
def other_visit(other_patient):
    return VisitFactory(patient=other_patient)


@pytest.fixture
def roles(transactional_db):
    """Transactional tests flush the database, data migrations included: recreate the roles."""
    from django.apps import apps

    from backpain.accounts.roles import sync_role_permissions

    sync_role_permissions(apps)


@pytest.fixture
def demo_clinic(roles):
    """The demo clinic of `make run`, loaded into a transactional (live-server) database."""
    from concurrent.futures import ThreadPoolExecutor

    from django.core.management import call_command
    from django.db import connections

    def load():
        try:
            call_command("load_demo", verbosity=0)
        finally:
            connections.close_all()

    # The demo signs notes, and pyHanko runs its own event loop: beside a browser test's
    # Playwright loop, in a thread of its own (as tests/e2e/test_sign_note.py validates).
    with ThreadPoolExecutor(1) as pool:
        pool.submit(load).result()


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttling counters (password resets) start from nothing in every test, and so do the
    signed visits' findings each process keeps (a rolled-back test's ids come round again)."""
    from django.core.cache import cache

    from backpain.visits.assessments import signed_visit_sections

    cache.clear()
    signed_visit_sections.cache_clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored notes go to a folder of the test's own, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_ready_to_sign(visit, physician):
    """Every section a note needs before signing, with no red flag raised."""
    import datetime

    from backpain.visits.models import Assessment, Examination, History, Plan

    History.objects.create(
        visit=visit, regions=["lumbar"], onset="sudden", pain_now=5, radiation=["none"],
        onset_date=visit.visit_date - datetime.timedelta(days=10), aggravating=["flexion"],
        bladder_dysfunction="none", saddle_numbness=False, bowel_incontinence=False,
        weakness=False, trauma="none", cancer_history=False, unexplained_weight_loss=False,
        fever=False, updated_by=physician)
    Examination.objects.create(visit=visit, gait="normal", updated_by=physician)
    Assessment.objects.create(visit=visit, confirmed_patterns=["axial_mechanical"],
                              diagnoses=["M54.59"], updated_by=physician)
    Plan.objects.create(visit=visit, disposition="routine", follow_up_weeks=6,
                        updated_by=physician)
    return visit


@pytest.fixture
def ready_visit(visit, physician):
    return make_ready_to_sign(visit, physician)


@pytest.fixture(scope="session")
def signing_pair(tmp_path_factory):
    """One self-signed clinic certificate for the whole run (key generation is slow)."""
    from backpain.notes.pades import create_certificate

    folder = tmp_path_factory.mktemp("signing")
    key, cert = folder / "clinic-key.pem", folder / "clinic-cert.pem"
    create_certificate(clinic_name="Riverside Spine Clinic", key_path=key, cert_path=cert)
    return key, cert


@pytest.fixture(autouse=True)
def clinic_signing_certificate(settings, signing_pair):
    settings.NOTE_SIGNING_KEY, settings.NOTE_SIGNING_CERT = signing_pair
    return signing_pair


@pytest.fixture
def listener():
    """A loopback server that must never hear from the PDF renderer."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        yield server
