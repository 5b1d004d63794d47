"""The note of a follow-up marks what changed since the previous signed visit of its episode
(format 4): history and examination values recorded at both visits with another value now,
each "(was: X on DATE)" in the PDF; kept as signed; notes of format 3 still verify."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from backpain.notes import services
from backpain.notes.content import FORMAT, FORMAT_3
from backpain.notes.models import NoteVersion, Signature
from backpain.notes.services import verify_note
from backpain.visits.models import Examination, History, Visit
from tests.conftest import make_ready_to_sign
from tests.factories import TEST_PASSWORD, VisitFactory

pytestmark = pytest.mark.django_db


def sign(client, visit):
    response = client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                           {"username": "physician", "password": TEST_PASSWORD,
                            "meaning": "authored"})
    assert response.status_code == 302
    return Signature.objects.get(visit=visit)


@pytest.fixture
def follow_up(patient, intake, physician):
    """A signed first visit (pain 7, gait antalgic, L5 left 4) and a follow-up of the same
    episode ready to sign (pain 5, gait normal, L5 left 4, same onset)."""
    onset = datetime.date(2025, 12, 1)
    first = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=datetime.date(2026, 1, 5))
    make_ready_to_sign(first, physician)
    History.objects.filter(visit=first).update(pain_now=7, onset_date=onset)
    Examination.objects.filter(visit=first).update(gait="antalgic", motor_l5_left=4)
    Visit.objects.filter(pk=first.pk).update(status="signed")
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=datetime.date(2026, 4, 6), visit_type="follow_up",
                         episode=first.episode)
    make_ready_to_sign(visit, physician)
    History.objects.filter(visit=visit).update(pain_now=5, onset_date=onset)
    Examination.objects.filter(visit=visit).update(gait="normal", motor_l5_left=4)
    return visit


def pdf_text(visit):
    version = NoteVersion.objects.filter(visit=visit).latest("number")
    text = subprocess.run(["pdftotext", "-layout", version.pdf.path, "-"], check=True,
                          capture_output=True, text=True).stdout
    return " ".join(text.split())


def test_the_follow_up_note_marks_what_changed_and_what_it_was(physician_client, follow_up):
    signature = sign(physician_client, follow_up)
    assert signature.content["format"] == FORMAT
    changes = signature.content["changes"]
    assert changes["since"] == "2026-01-05"
    assert {(row["label"], row["now"], row["was"]) for row in changes["rows"]} == {
        ("Pain now (0-10)", "5", "7"), ("Gait", "Normal", "Antalgic")}
    assert verify_note(Visit.objects.get(pk=follow_up.pk)).ok
    text = pdf_text(follow_up)
    assert "Changed since the visit of 5 Jan 2026" in text
    assert "(was: 7 on 5 Jan 2026)" in text and "(was: Antalgic on 5 Jan 2026)" in text
    assert "was: 4" not in text  # the unchanged motor grade is not marked


def test_a_first_visit_note_has_no_changes(physician_client, ready_visit):
    signature = sign(physician_client, ready_visit)
    assert signature.content["changes"] == {}
    assert "Changed since" not in pdf_text(ready_visit)


def test_the_changes_stay_as_signed(physician_client, follow_up, patient, intake, physician):
    sign(physician_client, follow_up)
    # A visit signed later, dated between the two, does not alter what this note shows.
    between = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                           visit_date=datetime.date(2026, 3, 1), visit_type="follow_up",
                           episode=follow_up.episode)
    make_ready_to_sign(between, physician)
    Visit.objects.filter(pk=between.pk).update(status="signed")
    verification = verify_note(Visit.objects.get(pk=follow_up.pk))
    assert verification.ok, verification.problems
    assert Signature.objects.get(visit=follow_up).content["changes"]["since"] == "2026-01-05"


def test_a_note_signed_in_format_3_still_verifies_and_prints_no_changes(
        physician_client, follow_up, monkeypatch):
    original = services.note_document
    monkeypatch.setattr(services, "note_document",
                        lambda visit, addenda=(): original(visit, addenda, FORMAT_3))
    signature = sign(physician_client, follow_up)
    monkeypatch.setattr(services, "note_document", original)
    assert signature.content["format"] == FORMAT_3 and "changes" not in signature.content
    assert "outcomes" in signature.content
    assert verify_note(Visit.objects.get(pk=follow_up.pk)).ok
    assert "Changed since" not in pdf_text(follow_up)
