"""Addenda: signed like the note, appended as a new PDF version, never editing the original."""

import subprocess

import pytest
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Addendum, NoteVersion, Signature
from backpain.notes.services import verify_note
from backpain.visits.models import Visit, VisitStatus
from tests.factories import TEST_PASSWORD


@pytest.fixture
def signed_visit(physician_client, ready_visit):
    physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}),
                          {"username": "physician", "password": TEST_PASSWORD,
                           "meaning": "authored"})
    return Visit.objects.get(pk=ready_visit.pk)


def add(client, visit, **data):
    return client.post(reverse("notes:addendum", kwargs={"pk": visit.pk}),
                       {"text": "MRI result reviewed: L4-5 disc protrusion.",
                        "reason": "Result arrived after signing", "password": TEST_PASSWORD,
                        **data})


def pdf_text(version):
    return subprocess.run(["pdftotext", "-layout", version.pdf.path, "-"], check=True,
                          capture_output=True, text=True).stdout


def test_an_addendum_is_signed_and_appended_as_version_2(physician_client, signed_visit):
    original = Signature.objects.get(visit=signed_visit)
    response = add(physician_client, signed_visit)
    assert response.status_code == 302
    visit = Visit.objects.get(pk=signed_visit.pk)
    assert visit.status == VisitStatus.AMENDED
    addendum = Addendum.objects.get(visit=visit)
    signature = addendum.signature
    assert signature.get_meaning_display() == "Addendum authored and signed"
    assert signature.content["sections"] == original.content["sections"]
    assert signature.content["addenda"][0]["text"] == addendum.text
    assert Signature.objects.get(pk=original.pk).content_hash == original.content_hash
    first, second = NoteVersion.objects.filter(visit=visit).order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert "MRI result reviewed" not in pdf_text(first)  # the older version is kept as it was
    text = pdf_text(second)
    assert "MRI result reviewed: L4-5 disc protrusion." in text
    assert signature.content_hash in text.replace("\n", "").replace(" ", "") or \
        signature.content_hash[:16] in text
    assert verify_note(visit).ok
    assert AuditEvent.objects.filter(action=AuditAction.ADDENDUM_SIGNED).exists()


def test_an_addendum_needs_the_password_and_a_reason(physician_client, signed_visit):
    response = add(physician_client, signed_visit, password="wrong")
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()
    response = add(physician_client, signed_visit, reason="")
    assert response.status_code == 400
    assert not Addendum.objects.exists()
    assert Visit.objects.get(pk=signed_visit.pk).status == VisitStatus.SIGNED


def test_an_unsigned_note_takes_no_addendum(physician_client, ready_visit):
    response = add(physician_client, ready_visit)
    assert response.status_code == 302
    page = physician_client.get(response.url).content.decode()
    assert "Only a signed note takes addenda" in page
    assert not Addendum.objects.exists()


def test_intake_staff_add_no_addendum(intake_client, signed_visit):
    assert add(intake_client, signed_visit).status_code == 403
