"""Signing a note: re-authentication, the assigned physician only, completeness, one PDF."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.content import canonical_json
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Assessment, History, StepDraft, Visit, VisitStatus
from tests.conftest import client_for, make_ready_to_sign
from tests.factories import TEST_PASSWORD, UserFactory, VisitFactory


def sign_url(visit):
    return reverse("notes:sign", kwargs={"pk": visit.pk})


def sign(client, visit, **data):
    return client.post(sign_url(visit), {"username": "physician", "password": TEST_PASSWORD,
                                         "meaning": "authored", **data})


def test_review_page_shows_the_note_and_what_is_missing(physician_client, visit):
    History.objects.create(visit=visit, regions=["lumbar"], pain_now=6)
    page = physician_client.get(reverse("notes:review", kwargs={"pk": visit.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Still needed before signing" in text
    assert reverse("visits:step", kwargs={"pk": visit.pk, "slug": "examination"}) in text
    assert "Pain now (0-10)" in text  # the note itself, as it would be signed


def test_the_assigned_physician_signs_with_username_and_password(physician_client, physician,
                                                                  ready_visit):
    before = timezone.now()
    response = sign(physician_client, ready_visit, signed_at="2001-01-01T00:00:00Z",
                    signer=999)
    assert response.status_code == 302
    visit = Visit.objects.get(pk=ready_visit.pk)
    assert visit.status == VisitStatus.SIGNED
    signature = Signature.objects.get(visit=visit)
    assert (signature.signer, signature.printed_name, signature.credentials) == (
        physician, "Jane Doe", "MD")
    assert signature.get_meaning_display() == "Authored and signed"
    assert before <= signature.signed_at <= timezone.now()  # the server's clock, not the form
    assert signature.content_hash == hashlib.sha256(canonical_json(signature.content)).hexdigest()
    version = NoteVersion.objects.get(visit=visit)
    with version.pdf.open("rb") as stored:
        pdf = stored.read()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == version.pdf_sha256
    # What a FHIR export says of the file, recorded with it.
    assert (version.pdf_size, version.pdf_sha1) == (
        len(pdf), hashlib.sha1(pdf, usedforsecurity=False).hexdigest())
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_SIGNED,
                                     details__content_hash=signature.content_hash).exists()


def test_the_audit_trail_says_which_pdf_was_stored_for_the_note_and_only_once(
        physician_client, physician, ready_visit):
    from backpain.notes.signed_pdfs import store_pdf

    assert sign(physician_client, ready_visit).status_code == 302
    version = NoteVersion.objects.get(visit=ready_visit)
    assert store_pdf(version.pk) is False  # a second delivery of the job: nothing new
    stored = AuditEvent.objects.get(action=AuditAction.NOTE_PDF_STORED)
    assert (stored.user, stored.patient_id, stored.object_id) == (
        physician, ready_visit.patient_id, str(ready_visit.pk))
    assert stored.details == {"version": 1, "file": version.pdf.name,
                              "sha256": version.pdf_sha256}


def test_the_username_is_asked_only_on_the_first_signing_of_a_session(physician_client,
                                                                       physician, visit):
    make_ready_to_sign(visit, physician)
    response = physician_client.post(sign_url(visit), {"password": TEST_PASSWORD,
                                                       "meaning": "authored"})
    assert response.status_code == 400
    assert "username" in response.context["sign_form"].errors
    assert sign(physician_client, visit).status_code == 302
    second = VisitFactory(patient=visit.patient, created_by=physician,
                          assigned_physician=physician)
    make_ready_to_sign(second, physician)
    response = physician_client.post(sign_url(second), {"password": TEST_PASSWORD,
                                                        "meaning": "reviewed"})
    assert response.status_code == 302
    assert Signature.objects.get(visit=second).get_meaning_display() == "Reviewed and signed"


def test_a_wrong_password_signs_nothing_and_is_recorded(physician_client, ready_visit):
    response = sign(physician_client, ready_visit, password="not my password")
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    assert Visit.objects.get(pk=ready_visit.pk).status != VisitStatus.SIGNED
    assert not Signature.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_SIGN_REFUSED).exists()


def test_another_physician_cannot_sign(clinic, ready_visit):
    colleague = UserFactory(clinic=clinic, username="colleague", role=Role.PHYSICIAN)
    response = sign(client_for(colleague), ready_visit, username="colleague")
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_intake_staff_cannot_sign(intake_client, ready_visit):
    assert sign(intake_client, ready_visit, username="intake").status_code == 403
    assert not Signature.objects.exists()


def test_missing_sections_are_refused_with_their_names(physician_client, visit):
    History.objects.create(visit=visit, regions=["lumbar"])
    response = sign(physician_client, visit)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Examination: Gait is missing" in text
    assert not Signature.objects.exists()


def test_an_unreviewed_red_flag_blocks_signing_until_acknowledged(physician_client,
                                                                  ready_visit):
    History.objects.filter(visit=ready_visit).update(bladder_dysfunction="retention")
    response = sign(physician_client, ready_visit)
    assert response.status_code == 400
    assert "red flag(s) not yet reviewed" in response.content.decode()
    Assessment.objects.filter(visit=ready_visit).update(
        acknowledged_red_flags=["cauda_equina_syndrome"])
    assert sign(physician_client, ready_visit).status_code == 302


def test_the_signers_unsaved_changes_block_signing_until_saved_or_discarded(
        physician_client, physician, intake, ready_visit):
    """Typed into a step and not saved (an autosaved draft): signing would leave it out of
    the note for good, so the page says where it is and the signing is refused."""
    step_url = reverse("visits:step", kwargs={"pk": ready_visit.pk, "slug": "plan"})
    version = Visit.objects.get(pk=ready_visit.pk).version
    draft = physician_client.post(
        reverse("visits:step_draft", kwargs={"pk": ready_visit.pk, "slug": "plan"}),
        {"version": version, "education": "Typed, never saved"})
    assert draft.status_code in (200, 204)
    StepDraft.objects.create(visit=ready_visit, step="history", user=intake,
                             data={"comment": ["the intake's own draft"]})
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    text = page.content.decode()
    assert f'<a href="{step_url}">Plan: your unsaved changes are not in the note' in text
    assert "History: your unsaved changes" not in text  # another user's draft is theirs
    others = text.split('id="others-drafts"')[1].split("</div>")[0]
    assert f"History ({intake.get_full_name() or intake.get_username()})" in others
    response = sign(physician_client, ready_visit)
    assert response.status_code == 400
    assert "Plan: your unsaved changes are not in the note" in response.content.decode()
    assert not Signature.objects.exists()
    physician_client.post(step_url, {"discard_draft": "1"})
    assert not StepDraft.objects.filter(user=physician).exists()
    assert sign(physician_client, ready_visit).status_code == 302


def test_a_draft_holding_nothing_new_neither_shows_nor_blocks_signing(physician_client,
                                                                      physician, ready_visit):
    """Autosaved when something was typed and typed back: the draft holds what the record
    holds, so nothing would be left out of the note."""
    StepDraft.objects.create(visit=ready_visit, step="questionnaires", user=physician,
                             data={"version": [str(ready_visit.version)]})
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    assert "your unsaved changes" not in page.content.decode()
    assert "Unsaved draft" not in page.content.decode()
    assert sign(physician_client, ready_visit).status_code == 302
    assert not StepDraft.objects.filter(user=physician).exists()


def test_a_second_signing_is_refused(physician_client, ready_visit):
    assert sign(physician_client, ready_visit).status_code == 302
    response = sign(physician_client, ready_visit)
    assert response.status_code == 400
    assert "already been signed" in response.content.decode()
    assert Signature.objects.count() == 1


def test_a_pdf_failure_does_not_refuse_the_signature(physician_client, ready_visit,
                                                     monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("backpain.notes.signed_pdfs.render_note_pdf", broken)
    response = sign(physician_client, ready_visit)
    assert response.status_code == 302
    assert Visit.objects.get(pk=ready_visit.pk).is_signed
    assert Signature.objects.filter(visit=ready_visit).count() == 1
    version = NoteVersion.objects.get(visit=ready_visit)
    assert version.pending and version.pdf_sha256 == ""
    page = physician_client.get(response["Location"]).content.decode()
    assert "The note is signed. Its PDF is being prepared" in page
    assert "PDF, version 1: being prepared" in page
    assert "Verified: the note matches what was signed." in page  # pending is no tampering


def test_the_stored_pdf_downloads_with_a_server_made_name(physician_client, administrator,
                                                          intake_client, ready_visit):
    sign(physician_client, ready_visit)
    url = reverse("notes:download", kwargs={"pk": ready_visit.pk, "number": 1})
    response = physician_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f'filename="visit-{ready_visit.pk}-note-v1.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(administrator).get(url).status_code == 200
    assert intake_client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.NOTE_DOWNLOADED).count() == 2


def test_another_clinics_note_is_not_found(physician_client, other_visit):
    url = reverse("notes:download", kwargs={"pk": other_visit.pk, "number": 1})
    assert physician_client.get(url).status_code == 404
    assert physician_client.get(reverse("notes:review",
                                        kwargs={"pk": other_visit.pk})).status_code == 404


@pytest.mark.parametrize("days_ago", [0, 3])
def test_signed_time_is_shown_in_the_clinic_zone(physician_client, ready_visit, days_ago):
    Visit.objects.filter(pk=ready_visit.pk).update(
        visit_date=ready_visit.visit_date - datetime.timedelta(days=days_ago))
    sign(physician_client, ready_visit)
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    assert "Verified: the note matches what was signed." in page.content.decode()
