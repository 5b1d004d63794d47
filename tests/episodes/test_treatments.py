"""The course of treatment: a physician adds treatments to an episode (a small vocabulary or
words) with their start date, the response is recorded at the next visit, each change audited;
the timeline stands beside the outcome trends on the patient page, at a flat query count;
another clinic's episode or treatment is a 404; bad input is refused on its field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.audit.models import AuditEvent
from backpain.episodes.models import Treatment
from backpain.visits.models import Questionnaires, Visit
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def signed_visit(patient, days_ago, episode=None, **answers):
    extra = {"episode": episode, "visit_type": "follow_up"} if episode else {}
    visit = VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=days_ago),
                         **extra)
    Questionnaires.objects.create(visit=visit, **answers)
    Visit.objects.filter(pk=visit.pk).update(status="signed")
    return visit


@pytest.fixture
def episode(patient):
    visit = signed_visit(patient, 100, axial_pain=8)
    signed_visit(patient, 10, visit.episode, axial_pain=3)  # a follow-up in the episode
    return visit.episode


def add(client, episode, **data):
    return client.post(reverse("episodes:treatment_add", kwargs={"pk": episode.pk}),
                       {"kind": "physiotherapy", "detail": "", "start_date":
                        (TODAY - datetime.timedelta(days=90)).isoformat(), **data})


def patient_page(client, patient):
    return client.get(reverse("patients:detail", kwargs={"pk": patient.pk})).content.decode()


def test_a_physician_adds_a_treatment_and_sees_it_beside_the_trend(physician_client, patient,
                                                                   episode):
    response = add(physician_client, episode, kind="epidural", detail="L5 left transforaminal")
    assert response.status_code == 302
    treatment = Treatment.objects.get()
    assert (treatment.episode, treatment.kind, treatment.response) == (episode, "epidural", "")
    assert AuditEvent.objects.filter(action="treatment_added",
                                     object_id=str(treatment.pk)).exists()
    page = patient_page(physician_client, patient)
    course = page.split('class="card-section course-of-treatment"')[1].split("</section>")[0]
    assert "Epidural steroid injection: L5 left transforaminal" in course
    assert "Response not recorded yet" in course
    # Beside the trends: the same row as the outcome charts.
    assert page.index("Outcomes over time") < page.index("Course of treatment")


def test_other_needs_words(physician_client, episode):
    response = add(physician_client, episode, kind="other", detail="  ")
    assert response.status_code == 200
    assert "Name the treatment in words." in response.context["form"].errors["detail"]
    assert not Treatment.objects.exists()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"start_date": (TODAY + datetime.timedelta(days=1)).isoformat()}, "start_date",
     "cannot be in the future"),
    ({"start_date": "1800-01-01"}, "start_date", "before the patient's date of birth"),
    ({"start_date": "31/31/2026"}, "start_date", "Enter a valid date."),
    ({"kind": "acupuncture"}, "kind", "Select a valid choice."),
    ({"detail": "x" * 201}, "detail", "at most 200 characters"),
])
def test_bad_input_is_refused_on_its_field(physician_client, episode, data, field, message):
    response = add(physician_client, episode, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Treatment.objects.exists()


def test_the_response_is_recorded_at_the_next_visit(intake_client, physician_client, patient,
                                                    episode):
    add(physician_client, episode, kind="medication", detail="naproxen 500 mg twice a day")
    treatment = Treatment.objects.get()
    url = reverse("episodes:treatment_response", kwargs={"pk": treatment.pk})
    refused = intake_client.post(url, {"response": "", "response_note": "kept"})
    assert "This field is required." in refused.context["form"].errors["response"]
    assert 'value="kept"' in refused.content.decode()  # nothing typed is lost
    assert intake_client.post(url, {"response": "better",
                                    "response_note": "leg pain 2/10"}).status_code == 302
    treatment.refresh_from_db()
    assert (treatment.response, treatment.response_note, treatment.response_on) == (
        "better", "leg pain 2/10", TODAY)
    assert AuditEvent.objects.filter(action="treatment_response").count() == 1
    page = patient_page(intake_client, patient)
    assert "Response: Better" in page and "leg pain 2/10" in page


def test_intake_staff_may_not_add_treatments(intake_client, patient, episode):
    assert add(intake_client, episode).status_code == 403
    assert "Add a treatment" not in patient_page(intake_client, patient)
    assert not Treatment.objects.exists()


def test_another_clinics_episode_and_treatment_are_not_found(physician_client, other_patient):
    other = signed_visit(other_patient, 5).episode
    assert add(physician_client, other).status_code == 404
    treatment = Treatment.objects.create(episode=other, kind="surgery", start_date=TODAY)
    response = physician_client.post(
        reverse("episodes:treatment_response", kwargs={"pk": treatment.pk}),
        {"response": "worse"})
    assert response.status_code == 404
    treatment.refresh_from_db()
    assert treatment.response == ""


def test_the_timeline_costs_the_same_with_2_treatments_as_with_20(physician_client, patient,
                                                                 episode):
    def queries():
        with CaptureQueriesContext(connection) as context:
            page = physician_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
        return len(context), page.content.decode().count('class="course-step')

    for n in range(2):
        Treatment.objects.create(episode=episode, kind="physiotherapy", start_date=TODAY,
                                 detail=f"block {n}")
    few, shown = queries()
    assert shown == 2
    for n in range(2, 20):
        Treatment.objects.create(episode=episode, kind="facet", start_date=TODAY,
                                 response="same", response_on=TODAY, detail=f"level {n}")
    assert queries() == (few, 20)


def test_the_timeline_is_in_start_date_order_with_its_stage(physician_client, patient,
                                                            episode):
    for kind, days in (("surgical_consult", 5), ("physiotherapy", 90), ("epidural", 40)):
        Treatment.objects.create(episode=episode, kind=kind,
                                 start_date=TODAY - datetime.timedelta(days=days))
    page = patient_page(physician_client, patient)
    steps = page.split('class="course-timeline')[1].split("</ol>")[0]
    positions = [steps.index(name) for name in
                 ("Physiotherapy", "Epidural steroid injection", "Surgical consultation")]
    assert positions == sorted(positions)
    assert "course-conservative" in steps and "course-intervention" in steps
    assert "course-surgical" in steps


def test_before_any_signed_visit_the_open_episodes_course_is_shown(physician_client, patient):
    draft = VisitFactory(patient=patient, visit_date=TODAY)
    Treatment.objects.create(episode=draft.episode, kind="medication", start_date=TODAY,
                             detail="paracetamol")
    page = patient_page(physician_client, patient)
    assert "Medication: paracetamol" in page and "Outcomes over time" not in page


def test_a_closed_episode_takes_no_new_treatment(physician_client, episode):
    episode.set_status("closed", TODAY)
    episode.save()
    response = add(physician_client, episode, kind="surgery")
    assert response.status_code == 200
    assert "reopen it to add a treatment" in response.content.decode()  # shown on the form
    assert not Treatment.objects.exists()


def test_the_follow_up_visit_asks_for_the_responses(physician_client, patient, episode):
    treatment = Treatment.objects.create(episode=episode, kind="epidural", start_date=TODAY,
                                         detail="L5 left")
    follow_up = VisitFactory(patient=patient, visit_date=TODAY, visit_type="follow_up",
                             episode=episode)
    page = physician_client.get(reverse("visits:detail", kwargs={"pk": follow_up.pk}))
    html = page.content.decode()
    assert "Epidural steroid injection: L5 left" in html
    assert reverse("episodes:treatment_response", kwargs={"pk": treatment.pk}) in html
    first = signed_visit(patient, 3)  # a new-patient visit: no course asked there
    page = physician_client.get(reverse("visits:detail", kwargs={"pk": first.pk}))
    assert "Course of treatment" not in page.content.decode()
