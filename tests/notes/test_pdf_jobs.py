"""The signed note's PDF is made by a worker after the signing commits: signing answers at
once, the PDF appears, a rerun or a duplicate delivery stores nothing twice, a failure is
retried, and a version whose job never reached the queue is picked up again.

These go through Redis and a real Celery worker (tests/celery_worker.py); the in-process
(no broker) path is what the rest of tests/notes runs.
"""

import hashlib
import threading
import time

import pytest
from celery.signals import worker_ready
from django.core.management import call_command
from django.urls import reverse
from kombu.exceptions import OperationalError

from backpain.notes import signed_pdfs, tasks
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Visit
from tests.celery_worker import job_worker  # noqa: F401
from tests.conftest import client_for, make_ready_to_sign
from tests.factories import TEST_PASSWORD, ClinicFactory, PatientFactory, UserFactory, VisitFactory

WAIT = 60  # seconds a worker is given before a test gives up (never asserted as a duration)


@pytest.fixture
def physician(job_worker, roles):  # noqa: F811 (the fixture above)
    from backpain.accounts.roles import Role

    return UserFactory(clinic=ClinicFactory(), username="physician", role=Role.PHYSICIAN,
                       printed_name="Jane Doe", credentials="MD")


@pytest.fixture
def ready_visit(physician):
    return make_ready_to_sign(VisitFactory(patient=PatientFactory(clinic=physician.clinic),
                                           created_by=physician, assigned_physician=physician),
                              physician)


def sign(client, visit):
    return client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                       {"username": "physician", "password": TEST_PASSWORD,
                        "meaning": "authored"})


def stored_version(visit, number=1) -> NoteVersion:
    """The version once the worker has stored its PDF."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        version = NoteVersion.objects.get(visit=visit, number=number)
        if not version.pending:
            return version
        time.sleep(0.2)
    pytest.fail(f"the worker did not store the PDF of version {number} in {WAIT} s")


def pdf_files(media_root):
    return sorted(media_root.rglob("*.pdf"))


def test_signing_answers_while_the_pdf_is_made_and_the_pdf_then_appears(
        physician, ready_visit, monkeypatch, media_root):
    started, release = threading.Event(), threading.Event()
    render = signed_pdfs.render_note_pdf

    def held_render(*args, **kwargs):
        started.set()
        assert release.wait(WAIT), "never released"
        return render(*args, **kwargs)

    monkeypatch.setattr(signed_pdfs, "render_note_pdf", held_render)
    client = client_for(physician)
    response = sign(client, ready_visit)
    # The signing has answered and committed while the worker is still rendering.
    assert response.status_code == 302
    assert started.wait(WAIT), "the worker never started the PDF"
    assert Visit.objects.get(pk=ready_visit.pk).is_signed
    page = client.get(response["Location"]).content.decode()
    assert "PDF, version 1: being prepared" in page
    assert "note-pdf-wait.js" in page
    assert client.get(reverse("notes:pdf_status", kwargs={"pk": ready_visit.pk})).json()[
        "pending"] is True
    download_url = reverse("notes:download", kwargs={"pk": ready_visit.pk, "number": 1})
    waiting = client.get(download_url)
    assert waiting.status_code == 409
    assert "This PDF is being prepared" in waiting.content.decode()

    release.set()
    version = stored_version(ready_visit)
    status = client.get(reverse("notes:pdf_status", kwargs={"pk": ready_visit.pk})).json()
    assert status == {"pending": False, "versions": [
        {"number": 1, "pending": False, "url": download_url}]}
    downloaded = b"".join(client.get(download_url).streaming_content)
    assert downloaded.startswith(b"%PDF")
    assert hashlib.sha256(downloaded).hexdigest() == version.pdf_sha256
    assert pdf_files(media_root) == [media_root / version.pdf.name]
    page = client.get(response["Location"]).content.decode()
    assert "being prepared" not in page and "Download PDF, version 1" in page


def test_a_duplicate_delivery_stores_one_file_and_one_pdf(physician, ready_visit, media_root):
    sign(client_for(physician), ready_visit)
    version = stored_version(ready_visit)
    tasks.store_note_pdf.delay(version.pk)  # delivered again, as after a lost acknowledgement
    tasks.store_note_pdf.delay(version.pk)
    assert not signed_pdfs.store_pdf(version.pk)  # and run here too: nothing to do
    call_command("render_pending_notes")
    again = NoteVersion.objects.get(pk=version.pk)
    assert (again.pdf.name, again.pdf_sha256) == (version.pdf.name, version.pdf_sha256)
    assert NoteVersion.objects.filter(visit=ready_visit).count() == 1
    assert pdf_files(media_root) == [media_root / version.pdf.name]


def test_a_rerun_after_a_crash_overwrites_its_own_half_written_file(physician, ready_visit,
                                                                    media_root, monkeypatch):
    monkeypatch.setattr(tasks.store_note_pdf, "delay", lambda *args: None)  # job lost
    sign(client_for(physician), ready_visit)
    version = NoteVersion.objects.get(visit=ready_visit)
    half = media_root / version.storage_name
    half.parent.mkdir(parents=True)
    half.write_bytes(b"%PDF-1.7 cut off by a crash")
    assert signed_pdfs.store_pdf(version.pk)
    version.refresh_from_db()
    assert version.pdf.name == version.storage_name
    assert pdf_files(media_root) == [half]
    assert hashlib.sha256(half.read_bytes()).hexdigest() == version.pdf_sha256


def test_a_failing_render_is_retried_and_then_succeeds(physician, ready_visit, monkeypatch):
    render, calls = signed_pdfs.render_note_pdf, []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("storage unreachable for a moment")
        return render(*args, **kwargs)

    monkeypatch.setattr(signed_pdfs, "render_note_pdf", fails_once)
    client = client_for(physician)
    assert sign(client, ready_visit).status_code == 302
    version = stored_version(ready_visit)
    assert len(calls) == 2
    download = client.get(reverse("notes:download", kwargs={"pk": ready_visit.pk, "number": 1}))
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == \
        version.pdf_sha256


def test_a_version_whose_queuing_failed_is_picked_up_by_render_pending_notes(
        physician, ready_visit, monkeypatch, caplog):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.store_note_pdf, "delay", broker_down)
    client = client_for(physician)
    response = sign(client, ready_visit)
    assert response.status_code == 302  # the signature stands
    assert Signature.objects.filter(visit=ready_visit).count() == 1
    assert "stays pending" in caplog.text
    assert NoteVersion.objects.get(visit=ready_visit).pending
    assert "being prepared" in client.get(response["Location"]).content.decode()

    monkeypatch.undo()
    call_command("render_pending_notes")
    assert stored_version(ready_visit).pdf_sha256


def test_a_starting_worker_queues_the_pending_pdfs(physician, ready_visit, monkeypatch):
    monkeypatch.setattr(tasks.store_note_pdf, "delay", lambda *args: None)  # job lost
    sign(client_for(physician), ready_visit)
    monkeypatch.undo()
    assert NoteVersion.objects.get(visit=ready_visit).pending
    worker_ready.send(sender=None)  # what a worker sends when it has started
    assert stored_version(ready_visit).pdf_sha256


def test_an_addendum_is_a_new_version_with_its_own_pdf(physician, ready_visit, media_root):
    client = client_for(physician)
    sign(client, ready_visit)
    first = stored_version(ready_visit)
    response = client.post(reverse("notes:addendum", kwargs={"pk": ready_visit.pk}), {
        "text": "Telephone review: better.", "reason": "Follow-up call",
        "password": TEST_PASSWORD})
    assert response.status_code == 302
    second = stored_version(ready_visit, 2)
    assert second.pdf_sha256 != first.pdf_sha256
    assert pdf_files(media_root) == sorted([media_root / first.pdf.name,
                                            media_root / second.pdf.name])
