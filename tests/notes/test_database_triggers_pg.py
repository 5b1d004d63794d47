"""On PostgreSQL the database itself refuses to change a signed note, even in raw SQL; and two
simultaneous signings give exactly one signature."""


import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Visit, VisitStatus
from tests.concurrency import post_at_once
from tests.conftest import client_for, make_ready_to_sign
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the triggers are PostgreSQL's; run with DATABASE_URL")


@pytest.fixture
def signed_visit(physician_client, ready_visit):
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    visit = Visit.objects.get(pk=ready_visit.pk)
    assert visit.status == VisitStatus.SIGNED
    return visit


def refused(sql, params):
    with pytest.raises(DatabaseError, match="signed"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize("sql", [
    "UPDATE visits_history SET pain_now = 9 WHERE visit_id = %s",
    "DELETE FROM visits_plan WHERE visit_id = %s",
    "UPDATE visits_examination SET gait = 'ataxic' WHERE visit_id = %s",
    "INSERT INTO visits_labs (visit_id, updated_at, hla_b27) VALUES (%s, now(), 'positive')",
    "UPDATE visits_assessment SET diagnoses = '[\"M54.16\"]' WHERE visit_id = %s",
    "UPDATE visits_visit SET chief_complaint = 'changed' WHERE id = %s",
    "UPDATE visits_visit SET status = 'draft' WHERE id = %s",
    "DELETE FROM visits_visit WHERE id = %s",
    "UPDATE notes_signature SET content_hash = repeat('0', 64) WHERE visit_id = %s",
    "DELETE FROM notes_noteversion WHERE visit_id = %s",
])
def test_raw_sql_cannot_change_a_signed_note(signed_visit, sql):
    refused(sql, [signed_visit.pk])


@pytest.fixture
def pending_version(physician, ready_visit, monkeypatch):
    """A signed visit whose PDF job never ran: its version waits for the PDF."""
    monkeypatch.setattr("backpain.notes.tasks.store_note_pdf.delay", lambda *args: None)
    client_for(physician).post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                               {"username": "physician", "password": TEST_PASSWORD,
                                "meaning": "authored"})
    version = NoteVersion.objects.get(visit=ready_visit)
    assert version.pending
    return version


FILL = "UPDATE notes_noteversion SET pdf = 'notes/v1.pdf', pdf_sha256 = repeat('a', 64)"


@pytest.mark.parametrize("sql", [
    FILL + ", number = 7 WHERE id = %s",  # a fill that changes anything else
    "UPDATE notes_noteversion SET pdf = 'notes/v1.pdf' WHERE id = %s",  # without its hash
    "UPDATE notes_noteversion SET pdf = 'notes/v1.pdf', pdf_sha256 = 'x' WHERE id = %s",
    "UPDATE notes_noteversion SET created_at = now() WHERE id = %s",
    "DELETE FROM notes_noteversion WHERE id = %s",
])
def test_raw_sql_cannot_change_a_pending_version_beyond_its_fill(pending_version, sql):
    refused(sql, [pending_version.pk])


def test_the_pdf_of_a_version_is_filled_once_even_in_sql(pending_version):
    with connection.cursor() as cursor:
        cursor.execute(FILL + " WHERE id = %s", [pending_version.pk])
    assert NoteVersion.objects.get(pk=pending_version.pk).pdf.name == "notes/v1.pdf"
    refused(FILL.replace("v1", "v2") + " WHERE id = %s", [pending_version.pk])
    refused("UPDATE notes_noteversion SET pdf = '', pdf_sha256 = '' WHERE id = %s",
            [pending_version.pk])


DIGESTS = "UPDATE notes_noteversion SET pdf_size = 12, pdf_sha1 = repeat('b', 40)"


def test_the_pdf_is_filled_with_its_size_and_sha1_once_even_in_sql(pending_version):
    with connection.cursor() as cursor:
        cursor.execute(FILL + ", pdf_size = 12, pdf_sha1 = repeat('b', 40) WHERE id = %s",
                       [pending_version.pk])
    assert NoteVersion.objects.get(pk=pending_version.pk).pdf_size == 12
    refused(DIGESTS.replace("12", "13") + " WHERE id = %s", [pending_version.pk])


@pytest.mark.parametrize("sql", [
    DIGESTS + " WHERE id = %s",  # no PDF to describe yet
    FILL + ", pdf_size = 12 WHERE id = %s",  # a size without its SHA-1
    FILL + ", pdf_size = 12, pdf_sha1 = 'x' WHERE id = %s",
])
def test_raw_sql_cannot_describe_a_pdf_that_is_not_there(pending_version, sql):
    refused(sql, [pending_version.pk])


def test_an_older_pdfs_size_and_sha1_are_filled_in_once_and_nothing_else(pending_version):
    with connection.cursor() as cursor:
        cursor.execute(FILL + " WHERE id = %s", [pending_version.pk])  # as before notes 0005
    refused(DIGESTS + ", pdf = 'notes/other.pdf' WHERE id = %s", [pending_version.pk])
    refused(DIGESTS + ", number = 7 WHERE id = %s", [pending_version.pk])
    with connection.cursor() as cursor:
        cursor.execute(DIGESTS + " WHERE id = %s", [pending_version.pk])
    assert NoteVersion.objects.get(pk=pending_version.pk).pdf_sha1 == "b" * 40
    refused(DIGESTS.replace("'b'", "'c'") + " WHERE id = %s", [pending_version.pk])
    refused("UPDATE notes_noteversion SET pdf_size = NULL, pdf_sha1 = '' WHERE id = %s",
            [pending_version.pk])


def test_an_unsigned_visit_is_still_editable_in_sql(visit):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE visits_visit SET chief_complaint = 'edited' WHERE id = %s",
                       [visit.pk])
    assert Visit.objects.get(pk=visit.pk).chief_complaint == "edited"


@pytest.mark.usefixtures("roles")
def test_two_simultaneous_signings_give_one_signature():
    from backpain.accounts.roles import Role
    from tests.factories import ClinicFactory, PatientFactory, UserFactory, VisitFactory

    clinic = ClinicFactory()
    physician = UserFactory(clinic=clinic, username="signer", role=Role.PHYSICIAN)
    visit = make_ready_to_sign(VisitFactory(patient=PatientFactory(clinic=clinic),
                                            created_by=physician,
                                            assigned_physician=physician), physician)
    url = reverse("notes:sign", kwargs={"pk": visit.pk})
    data = {"username": "signer", "password": TEST_PASSWORD, "meaning": "authored"}
    responses = post_at_once(url, [(client_for(physician), data) for _ in range(2)])
    statuses = [response.status_code for response in responses]

    assert sorted(statuses) == [302, 400]
    assert Signature.objects.filter(visit=visit).count() == 1
    assert NoteVersion.objects.filter(visit=visit).count() == 1
