"""The draft PDF: the note as it would be signed now, printable before signing, marked
"DRAFT - not signed" on every page, audited, never stored as the signed PDF."""

import subprocess

import pytest
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import NoteVersion, Signature
from backpain.visits.models import Visit
from tests.factories import TEST_PASSWORD


def draft_url(visit):
    return reverse("notes:draft", kwargs={"pk": visit.pk})


def pages_of(pdf_bytes):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf_bytes,
                          capture_output=True, check=True).stdout.decode()
    return text.rstrip("\f").split("\f")


@pytest.mark.django_db
def test_intake_staff_and_physicians_print_a_draft_marked_on_every_page(
        intake_client, physician_client, ready_visit):
    for client in (intake_client, physician_client):
        response = client.get(draft_url(ready_visit))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        pages = pages_of(response.content)
        assert all("DRAFT - not signed" in page for page in pages)
        assert "This note has not been signed." in "\n".join(pages)
        assert ready_visit.chief_complaint in "\n".join(pages)


@pytest.mark.django_db
def test_a_draft_is_audited_and_never_stored_or_signed(intake_client, intake, ready_visit):
    intake_client.get(draft_url(ready_visit))
    event = AuditEvent.objects.get(action=AuditAction.NOTE_REVIEWED, user=intake)
    assert event.details == {"draft_pdf": True}
    assert event.patient_id == ready_visit.patient_id
    assert not NoteVersion.objects.exists() and not Signature.objects.exists()
    assert not Visit.objects.get(pk=ready_visit.pk).is_signed


@pytest.mark.django_db
def test_the_review_page_links_the_draft(physician_client, ready_visit):
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    assert f'href="{draft_url(ready_visit)}"' in page.content.decode()


@pytest.mark.django_db
def test_a_signed_note_has_no_draft(physician_client, ready_visit):
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    response = physician_client.get(draft_url(ready_visit))
    assert response.status_code == 302
    assert response.url == reverse("notes:review", kwargs={"pk": ready_visit.pk})
    page = physician_client.get(response.url).content.decode()
    assert "download its signed PDF" in page
    assert draft_url(ready_visit) not in page


@pytest.mark.django_db
def test_another_clinics_visit_is_not_found(physician_client, other_visit):
    assert physician_client.get(draft_url(other_visit)).status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_sign_in(client, ready_visit):
    response = client.get(draft_url(ready_visit))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_administrators_may_not_print_a_draft(administrator_client, ready_visit):
    assert administrator_client.get(draft_url(ready_visit)).status_code == 403
