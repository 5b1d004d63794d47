"""Notes signed before the grouped layout (format 1) still verify and still print from their
stored content; new notes are signed in format 2, summary included in what is hashed."""

import pytest
from django.db import connection
from django.urls import reverse

from backpain.notes import services
from backpain.notes.content import FORMAT, FORMAT_1, content_hash, note_document
from backpain.notes.services import verify_note
from backpain.patients.models import age_in_years
from backpain.visits.models import Visit
from tests.security.helpers import signed

pytestmark = pytest.mark.django_db


def test_a_new_note_is_signed_in_format_2_with_its_summary_hashed(physician_client,
                                                                  ready_visit):
    signature = signed(physician_client, ready_visit)
    assert signature.content["format"] == FORMAT
    age = age_in_years(ready_visit.patient.date_of_birth, ready_visit.visit_date)
    assert signature.content["summary"].startswith(f"{age}-year-old")
    assert signature.content_hash == content_hash(signature.content)
    assert verify_note(ready_visit).ok


def test_a_note_signed_in_format_1_still_verifies_and_prints_as_signed(
        physician_client, ready_visit, monkeypatch):
    original = services.note_document
    monkeypatch.setattr(services, "note_document",
                        lambda visit, addenda=(): original(visit, addenda, FORMAT_1))
    signature = signed(physician_client, ready_visit)
    monkeypatch.setattr(services, "note_document", original)
    assert signature.content["format"] == FORMAT_1
    assert "summary" not in signature.content

    verification = verify_note(Visit.objects.get(pk=ready_visit.pk))
    assert verification.ok, verification.problems
    page = physician_client.get(reverse("notes:review", kwargs={"pk": ready_visit.pk}))
    text = page.content.decode()
    assert "Verified: the note matches what was signed." in text
    # The old layout: a row per answer, "No" included; no summary, no grouped line.
    assert "Weakness?" in text and "Red-flag screen negative" not in text
    assert ">Summary<" not in text


@pytest.mark.skipif(connection.vendor == "postgresql",
                    reason="PostgreSQL's triggers refuse the change itself")
def test_a_finding_changed_behind_a_format_2_note_fails_verification(physician_client,
                                                                     ready_visit):
    signed(physician_client, ready_visit)
    with connection.cursor() as cursor:  # behind the application's back
        cursor.execute("UPDATE visits_history SET weakness = %s WHERE visit_id = %s",
                       [True, ready_visit.pk])
    verification = verify_note(Visit.objects.get(pk=ready_visit.pk))
    assert not verification.ok
    assert "The sections of the note changed after signing." in verification.problems


def test_an_unknown_format_is_refused(ready_visit):
    with pytest.raises(ValueError, match="unknown note format"):
        note_document(ready_visit, note_format="backpain-note/99")
