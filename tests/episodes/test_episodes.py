"""Episodes of care: a new-patient visit starts one, a follow-up joins one (the most recent open
one by default), staff close, reopen and edit them; another clinic's episode is a 404."""

import datetime

import pytest
from django.urls import reverse

from backpain.audit.models import AuditEvent
from backpain.episodes.models import Episode
from backpain.visits.models import Visit
from tests.factories import VisitFactory

TODAY = datetime.date.today()


def open_visit(client, patient, **data):
    return client.post(reverse("visits:open", kwargs={"patient_pk": patient.pk}),
                       {"visit_date": TODAY.isoformat(), "open_another": "1", **data})


def test_a_new_patient_visit_starts_an_episode_named_by_its_condition(intake_client, patient):
    open_visit(intake_client, patient, visit_type="new", chief_complaint="Back pain",
               condition="Low back pain with left sciatica")
    visit = Visit.objects.get()
    assert visit.episode.condition == "Low back pain with left sciatica"
    assert (visit.episode.start_date, visit.episode.index_date) == (TODAY, TODAY)
    assert visit.episode.index_event == "first_visit" and visit.episode.is_open
    assert AuditEvent.objects.filter(action="episode_started",
                                     object_id=str(visit.episode_id)).exists()


def test_without_a_condition_the_chief_complaint_names_the_episode(intake_client, patient):
    open_visit(intake_client, patient, visit_type="new", chief_complaint="Neck pain")
    assert Visit.objects.get().episode.condition == "Neck pain"


def test_the_form_offers_the_most_recent_open_episode(intake_client, patient, intake):
    older = VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=300))
    newer = VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=30))
    assert older.episode_id != newer.episode_id
    page = intake_client.get(reverse("visits:open", kwargs={"patient_pk": patient.pk}))
    form = page.context["form"]
    assert form.initial["episode"] == newer.episode_id
    assert form.initial["visit_type"] == "follow_up"


@pytest.mark.parametrize("visit_type", ["follow_up", "post_op"])
def test_a_follow_up_joins_the_chosen_open_episode(intake_client, patient, visit_type):
    older = VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=300))
    VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=30))
    open_visit(intake_client, patient, visit_type=visit_type, episode=older.episode_id)
    assert Visit.objects.get(visit_type=visit_type).episode_id == older.episode_id


def test_a_follow_up_without_an_episode_starts_one(intake_client, patient):
    open_visit(intake_client, patient, visit_type="follow_up", condition="Referred follow-up")
    assert Visit.objects.get().episode.condition == "Referred follow-up"


def test_a_closed_episode_cannot_be_joined(intake_client, patient, visit):
    Episode.objects.filter(pk=visit.episode_id).update(status="closed", closed_on=TODAY)
    response = open_visit(intake_client, patient, visit_type="follow_up",
                          episode=visit.episode_id)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Visit.objects.count() == 1


def test_another_patients_episode_cannot_be_joined(intake, patient, visit, clinic):
    from django.core.exceptions import ValidationError

    from backpain.visits.services import open_visit as open_service
    from tests.factories import PatientFactory

    stranger = VisitFactory(patient=PatientFactory(clinic=clinic))
    with pytest.raises(ValidationError) as refused:
        open_service(user=intake, patient=patient, visit_date=TODAY, visit_type="follow_up",
                     episode=stranger.episode)
    assert "episode" in refused.value.message_dict


def test_close_and_reopen_are_audited(intake_client, visit):
    url = reverse("episodes:close", kwargs={"pk": visit.episode_id})
    response = intake_client.post(url, follow=True)
    assert "Episode closed" in response.content.decode()
    visit.episode.refresh_from_db()
    assert (visit.episode.status, visit.episode.closed_on) == ("closed", TODAY)
    intake_client.post(reverse("episodes:reopen", kwargs={"pk": visit.episode_id}))
    visit.episode.refresh_from_db()
    assert (visit.episode.status, visit.episode.closed_on) == ("open", None)
    assert list(AuditEvent.objects.filter(object_type="episodes.Episode").order_by(
        "id").values_list("action", flat=True)) == ["episode_closed", "episode_reopened"]


def test_the_patient_page_lists_episodes_with_their_follow_ups(intake_client, patient, visit):
    page = intake_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    text = page.content.decode()
    assert "Episodes of care" in text and visit.episode.condition in text
    assert "6 weeks" in text and "12 months" in text
    assert "Book a follow-up" in text


def test_a_procedure_date_becomes_the_index(physician_client, visit):
    surgery = TODAY - datetime.timedelta(days=10)
    response = physician_client.post(
        reverse("episodes:edit", kwargs={"pk": visit.episode_id}),
        {"condition": "L5 radiculopathy, after microdiscectomy", "index_event": "procedure",
         "index_date": surgery.isoformat()})
    assert response.status_code == 302
    visit.episode.refresh_from_db()
    assert (visit.episode.index_event, visit.episode.index_date) == ("procedure", surgery)
    event = AuditEvent.objects.get(action="episode_edited")
    assert event.details == {"changed": ["condition", "index_date", "index_event"]}


def test_an_index_date_in_the_future_is_refused_beside_the_field(physician_client, visit):
    response = physician_client.post(
        reverse("episodes:edit", kwargs={"pk": visit.episode_id}),
        {"condition": "x", "index_event": "procedure",
         "index_date": (TODAY + datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert "The index date cannot be in the future." in response.content.decode()
    assert response.context["form"].errors["index_date"]


@pytest.mark.parametrize("name, method", [("episodes:edit", "get"), ("episodes:edit", "post"),
                                          ("episodes:close", "post"),
                                          ("episodes:reopen", "post")])
def test_another_clinics_episode_is_a_404(physician_client, other_visit, name, method):
    url = reverse(name, kwargs={"pk": other_visit.episode_id})
    response = getattr(physician_client, method)(url, {"condition": "Hacked",
                                                       "index_event": "first_visit",
                                                       "index_date": "2020-01-01"})
    assert response.status_code == 404
    other_visit.episode.refresh_from_db()
    assert other_visit.episode.condition != "Hacked" and other_visit.episode.is_open


def test_an_administrator_cannot_close_an_episode(administrator_client, visit):
    response = administrator_client.post(reverse("episodes:close",
                                                 kwargs={"pk": visit.episode_id}))
    assert response.status_code == 403
    visit.episode.refresh_from_db()
    assert visit.episode.is_open


def test_the_patient_page_costs_the_same_for_2_and_12_episodes(intake_client, patient):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("patients:detail", kwargs={"pk": patient.pk})

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert intake_client.get(url).status_code == 200
        return len(context.captured_queries)

    for days in (400, 200):
        VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=days))
    few = queries()
    for days in range(10):
        VisitFactory(patient=patient, visit_date=TODAY - datetime.timedelta(days=days))
    assert Episode.objects.filter(patient=patient).count() == 12
    assert queries() == few
