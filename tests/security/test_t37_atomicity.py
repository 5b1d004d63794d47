"""T-37 Atomicity: an exception injected after the first of several writes of a step save, a
signing, an addendum, a registration or an export leaves nothing committed (no row, no revision, no
audit event, no version bump) and no orphan file; the user is told and keeps their input."""

import io

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.exports import services as export_services
from backpain.notes import services as notes_services
from backpain.notes.models import Addendum, NoteVersion, Signature
from backpain.patients import services as patient_services
from backpain.patients.models import Patient
from backpain.visits.models import DiagnosticStudy, History, Labs, StepRevision, Visit, VisitStatus
from tests.conftest import client_for
from tests.exports.builders import simple_visit
from tests.factories import TEST_PASSWORD

from .helpers import add_addendum, current_version, post_step, sign


def server(user):
    return client_for(user, raise_request_exception=False)


def fails_on(monkeypatch, owner, name, *, call=1):
    """Make `owner.name` raise a database error on its `call`-th use; earlier calls run."""
    original = getattr(owner, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise OperationalError("injected: connection lost mid-save")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    return calls


def step_events():
    return AuditEvent.objects.filter(action=AuditAction.STEP_SAVED).count()


def test_a_step_save_failing_after_its_first_write_commits_nothing(physician, visit,
                                                                   monkeypatch):
    calls = fails_on(monkeypatch, StepRevision.objects, "create")
    version = current_version(visit)
    response = post_step(server(physician), visit, "history", {"pain_now": "6",
                                                               "regions": ["lumbar"]})
    assert calls, "the failure was never reached"
    assert response.status_code != 302  # never reported as saved
    assert not History.objects.filter(visit=visit).exists()
    assert current_version(visit) == version
    assert not StepRevision.objects.exists() and step_events() == 0


def test_a_diagnostics_save_failing_after_one_study_commits_nothing(physician, visit,
                                                                    monkeypatch):
    calls = fails_on(monkeypatch, DiagnosticStudy, "save", call=2)
    version = current_version(visit)
    study = {"modality": "mri", "region": "lumbar", "status": "resulted"}
    data = {"crp_mg_l": "12", "studies-TOTAL_FORMS": "2", "studies-INITIAL_FORMS": "0",
            **{f"studies-{n}-{k}": v for n in (0, 1) for k, v in study.items()}}
    post_step(server(physician), visit, "diagnostics", data)
    assert len(calls) == 2  # the first study was written before the failure
    assert not Labs.objects.exists() and not DiagnosticStudy.objects.exists()
    assert current_version(visit) == version and step_events() == 0


def test_a_failed_step_save_tells_the_user_and_keeps_the_input(physician, visit,
                                                               monkeypatch):
    fails_on(monkeypatch, StepRevision.objects, "create")
    response = post_step(server(physician), visit, "plan", {"plan_notes": "Typed at length",
                                                            "follow_up_weeks": "6"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Typed at length" in page and "could not be saved" in page.lower()
    assert not StepRevision.objects.exists()


def test_a_signing_failing_after_the_signature_row_commits_nothing(physician, ready_visit,
                                                                   monkeypatch):
    fails_on(monkeypatch, notes_services, "record_event")
    version = current_version(ready_visit)
    response = sign(server(physician), ready_visit)
    assert response.status_code == 503
    assert "Nothing was signed" in response.content.decode()
    visit = Visit.objects.get(pk=ready_visit.pk)
    assert visit.status != VisitStatus.SIGNED and visit.version == version
    assert not Signature.objects.exists() and not NoteVersion.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.NOTE_SIGNED).exists()


def test_a_rolled_back_signing_leaves_no_pdf_file(physician, ready_visit, monkeypatch,
                                                  media_root):
    fails_on(monkeypatch, notes_services, "record_event")
    sign(server(physician), ready_visit)
    assert not Signature.objects.exists()
    assert not list(media_root.rglob("*.pdf"))


def test_an_addendum_failing_after_its_row_commits_nothing(physician, signed_visit,
                                                           monkeypatch):
    fails_on(monkeypatch, notes_services, "new_signature")
    version = current_version(signed_visit)
    response = add_addendum(server(physician), signed_visit, username="physician")
    assert response.status_code == 503
    assert "Nothing was signed" in response.content.decode()
    assert not Addendum.objects.exists()
    assert Signature.objects.filter(visit=signed_visit).count() == 1
    assert NoteVersion.objects.filter(visit=signed_visit).count() == 1
    visit = Visit.objects.get(pk=signed_visit.pk)
    assert visit.status == VisitStatus.SIGNED and visit.version == version


def test_a_rolled_back_addendum_leaves_no_pdf_file(physician, signed_visit, monkeypatch,
                                                   media_root):
    before = sorted(media_root.rglob("*.pdf"))
    fails_on(monkeypatch, notes_services, "record_event")
    add_addendum(server(physician), signed_visit, username="physician")
    assert not Addendum.objects.exists()
    assert sorted(media_root.rglob("*.pdf")) == before and len(before) == 1


def test_a_registration_failing_at_its_audit_event_commits_nothing(intake, monkeypatch):
    fails_on(monkeypatch, patient_services, "record_event")
    server(intake).post(reverse("patients:register"), {
        "mrn": "RSC-50", "family_name": "Mensah", "given_name": "Ama",
        "date_of_birth": "1980-02-03", "sex": "female"})
    assert not Patient.objects.filter(mrn="RSC-50").exists()


def breaking_csv(records):
    """A CSV export whose database connection drops after its first 70 KB."""
    yield b"visit.id\n" + b"1\n" * 35_000
    raise OperationalError("injected: connection lost mid-export")


def test_an_export_broken_off_is_audited_and_offers_no_file(
        administrator, clinic, physician, monkeypatch, media_root):
    simple_visit(clinic, physician)
    monkeypatch.setattr(export_services, "visits_csv", breaking_csv)
    client = server(administrator)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the job runs (no broker)
        response = client.post(reverse("exports:csv"),
                               {"status": "any", "password": TEST_PASSWORD})
    assert response.status_code == 303
    page = client.get(response.url)
    assert b"Failed" in page.content and b"injected" not in page.content
    job = page.context["job"]
    assert client.get(reverse("exports:job_download", args=[job.public_id])).status_code == 409
    assert not (media_root / "exports").exists() or not any((media_root / "exports").iterdir())
    failed = AuditEvent.objects.get(action=AuditAction.EXPORT_FAILED)
    assert failed.user == administrator and failed.details["bytes"] >= 70_000
    assert failed.details["file_name"] == AuditEvent.objects.get(
        action=AuditAction.EXPORT_STARTED).details["file_name"]
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_a_scheduled_export_broken_off_leaves_no_file(clinic, physician, monkeypatch,
                                                      tmp_path):
    simple_visit(clinic, physician)
    monkeypatch.setattr(export_services, "visits_csv", breaking_csv)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(OperationalError):
        call_command("export_visits", "--format", "csv", "--status", "any",
                     "-o", str(folder / "visits.csv"), stderr=io.StringIO())
    assert list(folder.iterdir()) == []  # neither the file nor its partial copy
    assert AuditEvent.objects.get(action=AuditAction.EXPORT_FAILED).username == \
        "manage.py export_visits"
