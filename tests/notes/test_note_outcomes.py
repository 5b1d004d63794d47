"""The signed note carries the outcome trends (format 3): the series as it stood at signing is
hashed with the note and printed in the PDF as the same chart the screen shows; notes signed in
formats 1 and 2 still verify."""

import datetime
import subprocess

import pytest

from backpain.notes import services
from backpain.notes.content import FORMAT, FORMAT_2, content_hash
from backpain.notes.models import NoteVersion, Signature
from backpain.notes.services import verify_note
from backpain.visits.models import History, Questionnaires, Visit
from tests.conftest import make_ready_to_sign
from tests.factories import VisitFactory
from tests.security.helpers import signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(patient, intake, physician):
    """A signed baseline (ODI 60, back pain 8) and a follow-up ready to sign (ODI 30, 3)."""
    baseline = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                            visit_date=datetime.date(2026, 1, 5))
    Questionnaires.objects.create(visit=baseline, axial_pain=8, limb_pain=7,
                                  **{f"odi_{n}": 3 for n in range(1, 11)})
    History.objects.create(visit=baseline, work_status="off_work")
    Visit.objects.filter(pk=baseline.pk).update(status="signed")
    visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                         visit_date=datetime.date(2026, 4, 6), visit_type="follow_up")
    make_ready_to_sign(visit, physician)
    Questionnaires.objects.create(visit=visit, axial_pain=3, limb_pain=6,
                                  global_change="much_improved",
                                  **{f"odi_{n}": 3 if n <= 5 else 0 for n in range(1, 11)})
    return visit


def pdf_text(visit):
    version = NoteVersion.objects.filter(visit=visit).latest("number")
    return subprocess.run(["pdftotext", "-layout", version.pdf.path, "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_note_is_signed_with_the_series_and_prints_the_chart(physician_client,
                                                                 follow_up):
    signature = signed(physician_client, follow_up)
    assert signature.content["format"] == FORMAT
    trends = {t["code"]: t for t in signature.content["outcomes"]["trends"]}
    assert [p["value"] for p in trends["odi"]["points"]] == [60.0, 30.0]
    assert [p["value"] for p in trends["axial_pain"]["points"]] == [8, 3]
    assert signature.content_hash == content_hash(signature.content)
    assert verify_note(Visit.objects.get(pk=follow_up.pk)).ok

    text = " ".join(pdf_text(follow_up).split())
    assert "Outcomes over time" in text
    assert "Oswestry Disability Index (lower is better)" in text
    assert "−30 points: improved beyond noise," in text
    assert "reaches the minimal important change" in text
    # Back pain 8 -> 3: 5 points, beyond the pain scale's 3.6 of noise.
    assert "Back or neck pain (0-10)" in text and "−5 points: improved beyond noise" in text
    assert "at least 3.6 points (smallest detectable change" in text
    assert "Leg or arm pain (0-10)" in text and "−1 points: within noise" in text
    assert "smallest detectable change" in text and "Parai" in text
    assert "Much improved" in text


def test_the_series_in_a_signed_note_stays_as_signed(physician_client, follow_up, patient,
                                                     intake, physician):
    signed(physician_client, follow_up)
    # A visit signed later, dated before this one, does not alter what this note shows.
    earlier = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                           visit_date=datetime.date(2026, 2, 1))
    Questionnaires.objects.create(visit=earlier, axial_pain=1)
    Visit.objects.filter(pk=earlier.pk).update(status="signed")
    verification = verify_note(Visit.objects.get(pk=follow_up.pk))
    assert verification.ok, verification.problems
    outcomes = Signature.objects.get(visit=follow_up).content["outcomes"]
    assert [p["value"] for p in outcomes["trends"][1]["points"]] == [8, 3]


def test_a_note_signed_in_format_2_still_verifies_and_prints_without_a_chart(
        physician_client, follow_up, monkeypatch):
    original = services.note_document
    monkeypatch.setattr(services, "note_document",
                        lambda visit, addenda=(): original(visit, addenda, FORMAT_2))
    signature = signed(physician_client, follow_up)
    monkeypatch.setattr(services, "note_document", original)
    assert signature.content["format"] == FORMAT_2 and "outcomes" not in signature.content
    assert signature.content["summary"]
    assert verify_note(Visit.objects.get(pk=follow_up.pk)).ok
    assert "Outcomes over time" not in pdf_text(follow_up)


def test_a_first_visit_note_prints_no_chart_of_a_single_point(physician_client, ready_visit):
    Questionnaires.objects.create(visit=ready_visit, axial_pain=6)
    signature = signed(physician_client, ready_visit)
    assert [len(t["points"]) for t in signature.content["outcomes"]["trends"]] == [1]
    text = " ".join(pdf_text(ready_visit).split())
    assert "Questionnaires Back or neck pain, past week (0-10) 6" in text
    assert "Outcomes over time" not in text
