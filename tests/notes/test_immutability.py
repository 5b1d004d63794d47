"""Once signed, nothing of the note changes: services, views, models, and a verify check.

The PostgreSQL triggers that refuse the same changes in raw SQL are tested in
test_database_triggers_pg.py.
"""

import pytest
from django.db import connection
from django.forms import modelform_factory
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import AppendOnlyError, NoteVersion, Signature
from backpain.notes.services import verify_note
from backpain.visits.forms.base import StepForm
from backpain.visits.models import History, Plan, Visit, VisitLocked
from backpain.visits.services import save_step
from backpain.visits.step_views import posted_changes
from backpain.visits.steps import step_for
from tests.factories import TEST_PASSWORD


@pytest.fixture
def signed_visit(physician_client, ready_visit):
    response = physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                                     {"username": "physician", "password": TEST_PASSWORD,
                                      "meaning": "authored"})
    assert response.status_code == 302
    return Visit.objects.get(pk=ready_visit.pk)


def test_the_step_page_refuses_a_save(physician_client, signed_visit):
    url = reverse("visits:step", kwargs={"pk": signed_visit.pk, "slug": "plan"})
    response = physician_client.post(url, {"version": signed_visit.version,
                                           "follow_up_weeks": "12"}, follow=True)
    assert "This visit is signed: add an addendum to correct it." in response.content.decode()
    assert Plan.objects.get(visit=signed_visit).follow_up_weeks == 6


def test_the_service_refuses_a_save(physician, signed_visit):
    form = modelform_factory(History, form=StepForm, fields=["pain_now"])(
        {"pain_now": "9"}, instance=History.objects.get(visit=signed_visit))
    assert form.is_valid()
    with pytest.raises(VisitLocked):
        save_step(user=physician, visit=signed_visit, step=step_for("history"),
                  **posted_changes(form, None), loaded_version=signed_visit.version)


def test_the_models_refuse_changes_and_deletes(signed_visit):
    history = History.objects.get(visit=signed_visit)
    history.pain_now = 9
    with pytest.raises(VisitLocked):
        history.save()
    with pytest.raises(VisitLocked):
        Plan.objects.get(visit=signed_visit).delete()
    signed_visit.chief_complaint = "Something else"
    with pytest.raises(VisitLocked):
        signed_visit.save()
    with pytest.raises(VisitLocked):
        Visit.objects.get(pk=signed_visit.pk).delete()
    signature = Signature.objects.get(visit=signed_visit)
    signature.meaning = "reviewed"
    with pytest.raises(AppendOnlyError):
        signature.save()
    with pytest.raises(AppendOnlyError):
        Signature.objects.filter(visit=signed_visit).update(content_hash="0" * 64)


def test_verify_reports_a_note_altered_behind_the_apps_back(signed_visit):
    assert verify_note(signed_visit).ok
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # switch the triggers off, as an intruder would
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE visits_history SET pain_now = 9 WHERE visit_id = %s",
                       [signed_visit.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    result = verify_note(signed_visit)
    assert not result.ok
    assert "The sections of the note changed after signing." in result.problems


def test_a_note_versions_pdf_is_filled_once(signed_visit):
    version = signed_visit.note_versions.get()
    stored = (version.pdf.name, version.pdf_sha256)
    with pytest.raises(AppendOnlyError, match="already stored"):
        version.fill_pdf("notes/other.pdf", "1" * 64, size=1, sha1="2" * 40)
    with pytest.raises(AppendOnlyError, match="recorded already"):
        version.fill_digests(1, "2" * 40)
    with pytest.raises(AppendOnlyError):
        NoteVersion.objects.filter(pk=version.pk).update(pdf="", pdf_sha256="")
    version.pdf_sha256 = "1" * 64
    with pytest.raises(AppendOnlyError):
        version.save()
    version.refresh_from_db()
    assert (version.pdf.name, version.pdf_sha256) == stored


def test_an_altered_pdf_is_refused_at_download_with_words(physician_client, signed_visit):
    # The review page does not re-read stored files (verify_note); a download hashes what it
    # reads and refuses a file that is not the one stored at signing.
    version = signed_visit.note_versions.get()
    with open(version.pdf.path, "ab") as stored:
        stored.write(b"%tampered")
    response = physician_client.get(reverse("notes:download", kwargs={"pk": signed_visit.pk,
                                                                      "number": 1}))
    assert response.status_code == 409
    assert "the stored file is missing or is not the file that was stored" in \
        response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_VERIFICATION_FAILED).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.NOTE_DOWNLOADED).exists()


def test_a_corrected_patient_name_is_a_notice_not_a_broken_note(physician_client,
                                                               signed_visit):
    patient = signed_visit.patient
    response = physician_client.post(reverse("patients:edit", kwargs={"pk": patient.pk}), {
        "mrn": patient.mrn, "family_name": "Corrected", "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth.isoformat(), "sex": patient.sex})
    assert response.status_code == 302
    result = verify_note(signed_visit)
    assert result.ok and not result.problems
    assert result.notices == ["The patient's details were edited after signing; the signed "
                              "note keeps them as they were."]
    page = physician_client.get(reverse("notes:review", kwargs={"pk": signed_visit.pk}))
    text = page.content.decode()
    assert "Verified: the note matches what was signed." in text
    assert "The patient&#x27;s details were edited after signing" in text
    assert patient.family_name.upper() in text  # the note as signed keeps the old name
