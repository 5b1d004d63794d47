"""T-34 PDF robustness: the largest note the app can hold renders within budget; a patient
name built to break the download header gets a server-made, RFC 6266-safe file name; the
PDF is not cached and its metadata names no server path or account; a renderer that dies
mid-render leaves the signed note intact, its PDF pending with a clear message, and made
once the renderer works again.

Rendering runs after the signing commits, in a worker (in-process without a broker): the
signing never waits for it or fails with it (tests/notes/test_pdf_jobs.py)."""

import contextlib
import io
import re
import signal
import subprocess
import tempfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from backpain.notes.models import NoteVersion, Signature
from backpain.notes.pdf import NotePdfError
from backpain.patients.models import Patient
from backpain.visits.models import Assessment, DiagnosticStudy, History, Plan, Visit

from .helpers import add_addendum, body, pdf_text, sign, squeezed

BUDGET_SECONDS = 20
EVIL_NAME = 'A"; filename=../../x.pdf\r\nX: y'
SAFE_NAME = re.compile(r'attachment; filename="visit-\d+-note-v\d+\.pdf"')


def download(client, visit, number=1):
    return client.get(reverse("notes:download", kwargs={"pk": visit.pk, "number": number}))


@contextlib.contextmanager
def time_limit(seconds):
    """Stop a render that runs past its budget (SIGALRM: Linux, main thread)."""
    def expired(signum, frame):
        raise TimeoutError(f"rendering took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


WORDS = "lumbar radicular pain with paraesthesia in the L5 dermatome " * 80


def test_a_long_addendum_and_complaint_render_within_budget(physician_client, ready_visit):
    Visit.objects.filter(pk=ready_visit.pk).update(chief_complaint=WORDS[:500])
    with time_limit(BUDGET_SECONDS):
        assert sign(physician_client, ready_visit).status_code == 302
        assert add_addendum(physician_client, ready_visit, text=WORDS[:4000]).status_code == 302
    text = pdf_text(body(download(physician_client, ready_visit, 2)))
    assert squeezed(WORDS[:4000]) in squeezed(text)


def test_the_longest_allowed_answers_render_within_budget(physician_client, ready_visit):
    Plan.objects.filter(visit=ready_visit).update(plan_notes=WORDS[:4000])
    Assessment.objects.filter(visit=ready_visit).update(override_reason=WORDS[:2000])
    DiagnosticStudy.objects.create(visit=ready_visit, modality="mri", region="lumbar",
                                   status="resulted", impression=WORDS[:4000])
    with time_limit(BUDGET_SECONDS):
        response = sign(physician_client, ready_visit)
    assert response.status_code == 302


def test_a_hostile_patient_name_cannot_shape_the_download(physician_client, ready_visit):
    Patient.objects.filter(pk=ready_visit.patient_id).update(family_name=EVIL_NAME,
                                                            given_name=EVIL_NAME)
    assert sign(physician_client, ready_visit).status_code == 302
    response = download(physician_client, ready_visit)
    assert response.status_code == 200
    assert SAFE_NAME.fullmatch(response["Content-Disposition"])
    for name, value in response.items():
        assert "\r" not in value and "\n" not in value, name
        assert "x.pdf" not in value, name
    assert "X" not in response.headers
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/pdf"
    assert squeezed('A"; filename=../../x.pdf') in squeezed(pdf_text(body(response)))


def test_the_pdf_metadata_names_no_path_or_account(physician_client, physician, ready_visit,
                                                   tmp_path, media_root):
    assert sign(physician_client, ready_visit).status_code == 302
    pdf = body(download(physician_client, ready_visit))
    path = tmp_path / "note.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True,
                          check=True).stdout
    info += subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                           check=True).stdout
    for secret in (str(settings.BASE_DIR), str(media_root), "/home/", tempfile.gettempdir(),
                   physician.username, str(settings.NOTE_SIGNING_KEY)):
        assert secret not in info, secret
        assert secret.encode() not in pdf, secret
    assert "Author:" not in info or physician.username not in info


@pytest.mark.parametrize("failure", [RuntimeError("renderer killed"), MemoryError(),
                                     NotePdfError("refused: not a bundled note asset"),
                                     OSError("disk full")])
def test_a_dying_renderer_leaves_the_signed_note_intact_and_its_pdf_pending(
        physician_client, ready_visit, monkeypatch, media_root, failure):
    before = (History.objects.get(visit=ready_visit).pain_now,
              Plan.objects.get(visit=ready_visit).follow_up_weeks)

    def dies(*args, **kwargs):
        raise failure

    monkeypatch.setattr("backpain.notes.signed_pdfs.render_note_pdf", dies)
    response = sign(physician_client, ready_visit)
    assert response.status_code == 302  # the signature does not wait on the renderer
    visit = Visit.objects.get(pk=ready_visit.pk)
    assert visit.is_signed and Signature.objects.filter(visit=visit).count() == 1
    assert (History.objects.get(visit=visit).pain_now,
            Plan.objects.get(visit=visit).follow_up_weeks) == before
    assert NoteVersion.objects.get(visit=visit).pending
    assert not list(media_root.rglob("*.pdf"))
    assert "PDF, version 1: being prepared" in physician_client.get(
        reverse("notes:review", kwargs={"pk": visit.pk})).content.decode()
    waiting = download(physician_client, visit)
    assert waiting.status_code == 409 and "being prepared" in waiting.content.decode()

    monkeypatch.undo()
    call_command("render_pending_notes", stdout=io.StringIO())  # and a retry succeeds
    assert not NoteVersion.objects.get(visit=visit).pending
    assert body(download(physician_client, visit)).startswith(b"%PDF")
