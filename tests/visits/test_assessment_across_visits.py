"""The stored assessment compares with the patient's last signed visit before this one, and a
signature there re-assesses the later unsigned visits (docs/clinical-rules.md, "Across
visits")."""

import datetime

import pytest
from django.urls import reverse

from backpain.notes.content import note_document
from backpain.notes.pdf import note_html
from backpain.visits.assessments import previous_signed_findings
from backpain.visits.models import Examination, History, StoredAssessment
from backpain.visits.selectors import previous_signed_with
from backpain.visits.services import visit_with_steps
from tests.conftest import make_ready_to_sign
from tests.factories import VisitFactory
from tests.security.helpers import sign

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def dated(patient, days_ago, status="draft", **fields):
    """A visit of the patient's episode of care (a follow-up joins the open episode)."""
    fields.setdefault("visit_type", "follow_up")
    return VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=days_ago),
                        status=status, **fields)


def flags_of(visit):
    return {flag["code"]: flag for flag in
            StoredAssessment.objects.get(visit=visit).data["red_flags"]}


def test_the_previous_visit_is_the_last_signed_one_before_this_one(patient):
    dated(patient, 90, "signed")
    last_signed = dated(patient, 60, "amended")
    dated(patient, 30)  # not signed: not compared with
    dated(patient, 0, "signed")  # the same day: not before
    current = dated(patient, 0)
    assert previous_signed_with(current) == last_signed
    assert previous_signed_with(dated(patient, 120)) is None
    # Another episode (a new-patient visit starts one) is not compared with.
    assert previous_signed_with(dated(patient, 0, visit_type="new")) is None


def test_a_grade_fallen_since_the_last_signed_visit_is_stored_as_progressive(patient):
    before = dated(patient, 28)
    Examination.objects.create(visit=before, motor_l5_left=5)
    before.status = "signed"
    before.save()
    now = dated(patient, 0, visit_type="follow_up")
    History.objects.create(visit=now, regions=["lumbar"])
    Examination.objects.create(visit=now, motor_l5_left=4)
    deficit = flags_of(now)["severe_neurological_deficit"]
    assert deficit["new"] is True
    assert f"previous.visit.visit_date={before.visit_date.isoformat()}" in deficit["evidence"]
    assert "previous.exam.motor.L5.left=5" in deficit["evidence"]


def test_signing_a_visit_reassesses_the_later_unsigned_ones(physician_client, patient, intake,
                                                            physician):
    earlier = make_ready_to_sign(dated(patient, 30, created_by=intake,
                                       assigned_physician=physician), physician)
    later = dated(patient, 0, visit_type="follow_up", created_by=intake,
                  assigned_physician=physician)
    History.objects.create(visit=later, regions=["lumbar"], saddle_numbness=True)
    assert flags_of(later)["cauda_equina_syndrome"]["new"] is None  # nothing signed yet
    version = StoredAssessment.objects.get(visit=later).visit_version

    assert sign(physician_client, earlier).status_code == 302

    stored = StoredAssessment.objects.get(visit=later)
    assert stored.data["red_flags"][0]["code"] == "cauda_equina_syndrome"
    assert stored.data["red_flags"][0]["new"] is True
    assert stored.visit_version == version  # the later visit itself did not change


def test_the_panel_and_the_note_say_a_flag_is_new(physician_client, patient, physician):
    before = dated(patient, 30, assigned_physician=physician)
    History.objects.create(visit=before, regions=["lumbar"], saddle_numbness=False,
                           weakness=True)
    before.status = "signed"
    before.save()
    later = dated(patient, 0, visit_type="follow_up", assigned_physician=physician)
    History.objects.create(visit=later, regions=["lumbar"], saddle_numbness=True, weakness=True)
    Examination.objects.create(visit=later, motor_l5_left=4, motor_l4_left=4)
    page = physician_client.get(reverse("visits:step", kwargs={"pk": later.pk,
                                                              "slug": "examination"}))
    panel = page.content.decode().split('id="ds-heading"')[1]
    ces, deficit = panel.split("Cauda equina syndrome")[1], panel.split(
        "Severe or progressive neurological deficit")[1]
    assert "New since the last signed visit" in ces.split("</summary>")[0]
    assert "New since the last signed visit" in deficit.split("</summary>")[0]

    note = note_html(note_document(visit_with_steps(later.pk)), [])
    assert note.count("new since the last signed visit") == 2

    before_note = note_html(note_document(visit_with_steps(before.pk)), [])
    assert "new since the last signed visit" not in before_note


def test_an_unreadable_last_visit_leaves_this_visit_assessed_on_its_own(patient):
    before = dated(patient, 28)
    # Stored before the check existed: the best pain above the pain now.
    History.objects.create(visit=before, regions=["lumbar"], pain_best=8, pain_now=2)
    before.status = "signed"
    before.save()
    now = dated(patient, 0, visit_type="follow_up")
    History.objects.create(visit=now, regions=["lumbar"], saddle_numbness=True)
    stored = StoredAssessment.objects.get(visit=now)
    assert stored.problems == []
    assert stored.data["red_flags"][0]["code"] == "cauda_equina_syndrome"
    assert stored.data["red_flags"][0]["new"] is None  # no comparison was made


def test_the_signed_visit_compared_with_is_read_once_then_kept(patient,
                                                               django_assert_num_queries):
    """Each save of a later visit re-assesses it against the signed visit: that visit, which
    never changes, is read with its steps once; after that, one small row says which it is."""
    before = dated(patient, 28)
    Examination.objects.create(visit=before, motor_l5_left=5)
    before.status, before.version = "signed", before.version + 1
    before.save()
    now = dated(patient, 0)
    first = previous_signed_findings(now)
    assert first == previous_signed_with(now).to_findings()
    assert first["exam"]["motor"]["L5"]["left"] == 5
    with django_assert_num_queries(1):
        assert previous_signed_findings(now) == first
    # Each reader gets its own copy: changing one changes nothing kept.
    first["exam"]["motor"]["L5"]["left"] = 0
    assert previous_signed_findings(now)["exam"]["motor"]["L5"]["left"] == 5


def test_the_signed_visit_kept_still_gives_the_patient_as_corrected(patient):
    before = dated(patient, 28)
    before.status = "signed"
    before.save()
    now = dated(patient, 0)
    patient.date_of_birth = datetime.date(1980, 3, 1)
    patient.save()
    now.refresh_from_db()
    age = previous_signed_findings(now)["patient"]["age_years"]
    patient.date_of_birth = datetime.date(1970, 3, 1)  # corrected
    patient.save()
    now.refresh_from_db()
    assert previous_signed_findings(now)["patient"]["age_years"] == age + 10
