"""Booking a visit ahead (status scheduled) and starting it on the day: future dates are
refused for every other visit, and each step is audited."""

import datetime

import pytest
from django.urls import reverse

from backpain.audit.models import AuditEvent
from backpain.visits.models import StoredAssessment, Visit
from tests.factories import VisitFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def post_visit(client, patient, url_name, visit_date, **extra):
    return client.post(reverse(url_name, kwargs={"patient_pk": patient.pk}),
                       {"visit_date": visit_date.isoformat(), "visit_type": "follow_up",
                        **extra})


def test_a_visit_opened_now_cannot_be_in_the_future(intake_client, patient):
    response = post_visit(intake_client, patient, "visits:open", TODAY + DAY)
    assert response.status_code == 200
    assert "The visit date cannot be in the future." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_opened_today_is_a_draft(intake_client, patient):
    post_visit(intake_client, patient, "visits:open", TODAY)
    assert Visit.objects.get().status == "draft"


def test_a_booked_visit_may_be_in_the_future(intake_client, patient, visit):
    response = post_visit(intake_client, patient, "visits:book", TODAY + 42 * DAY,
                          episode=visit.episode_id)
    assert response.status_code == 302
    booked = Visit.objects.get(status="scheduled")
    assert (booked.visit_date, booked.episode_id) == (TODAY + 42 * DAY, visit.episode_id)
    event = AuditEvent.objects.get(action="visit_booked")
    assert event.object_id == str(booked.pk)
    page = intake_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert "Scheduled" in page.content.decode()


def test_a_booked_visit_cannot_be_in_the_past(intake_client, patient):
    response = post_visit(intake_client, patient, "visits:book", TODAY - DAY)
    assert "A booked visit cannot be in the past" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_booked_for_today_is_allowed(intake_client, patient):
    post_visit(intake_client, patient, "visits:book", TODAY)
    assert Visit.objects.get().status == "scheduled"


def test_the_service_refuses_a_future_date_for_an_open_visit(intake, patient):
    from django.core.exceptions import ValidationError

    from backpain.visits.services import open_visit

    with pytest.raises(ValidationError) as refused:
        open_visit(user=intake, patient=patient, visit_date=TODAY + DAY, visit_type="new")
    assert "visit_date" in refused.value.message_dict


@pytest.fixture
def booked(patient, intake):
    return VisitFactory(patient=patient, created_by=intake, visit_type="follow_up",
                        visit_date=TODAY + 3 * DAY, status="scheduled")


def test_starting_a_booked_visit_makes_it_a_draft_of_today(intake_client, booked):
    response = intake_client.post(reverse("visits:start", kwargs={"pk": booked.pk}))
    assert response.status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.visit_date) == ("draft", TODAY)
    assert StoredAssessment.objects.filter(visit=booked).exists()  # assessed once started
    event = AuditEvent.objects.get(action="visit_started")
    assert event.details == {"booked_for": (TODAY + 3 * DAY).isoformat(),
                             "visit_date": TODAY.isoformat()}


def test_a_visit_is_started_once(intake_client, booked):
    intake_client.post(reverse("visits:start", kwargs={"pk": booked.pk}))
    response = intake_client.post(reverse("visits:start", kwargs={"pk": booked.pk}),
                                  follow=True)
    assert "This visit was already started." in response.content.decode()
    assert AuditEvent.objects.filter(action="visit_started").count() == 1


def test_nothing_is_documented_on_a_booked_visit(intake_client, booked):
    url = reverse("visits:step", kwargs={"pk": booked.pk, "slug": "history"})
    response = intake_client.get(url, follow=True)
    assert "start it when the patient is here" in response.content.decode()
    page = intake_client.get(reverse("visits:detail", kwargs={"pk": booked.pk})).content.decode()
    assert "Start the visit (the patient is here)" in page
    # Nothing recorded, nothing to assess: no "date in the future" from the engine either.
    assert "Decision support" not in page and "in the future" not in page
    assert not StoredAssessment.objects.filter(visit=booked).exists()


def test_the_step_service_refuses_a_booked_visit(intake, booked):
    from django.core.exceptions import ValidationError

    from backpain.visits.services import save_step
    from backpain.visits.steps import step_for

    with pytest.raises(ValidationError):
        save_step(user=intake, visit=booked, step=step_for("history"), values={},
                  loaded_version=booked.version)
    booked.refresh_from_db()
    assert booked.status == "scheduled"


def test_another_clinics_booked_visit_cannot_be_started(intake_client, other_patient):
    other = VisitFactory(patient=other_patient, visit_date=TODAY + DAY, status="scheduled")
    response = intake_client.post(reverse("visits:start", kwargs={"pk": other.pk}))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "scheduled"


def test_a_booked_visit_is_listed_among_todays_visits(intake_client, patient, intake):
    VisitFactory(patient=patient, created_by=intake, visit_type="follow_up",
                 visit_date=TODAY, status="scheduled")
    page = intake_client.get(reverse("home")).content.decode()
    assert "Scheduled" in page


@pytest.mark.parametrize("target, allowed", [("draft", True), ("awaiting_signature", False),
                                             ("signed", False), ("amended", False),
                                             ("scheduled", False)])
def test_a_booked_visit_only_starts_and_nothing_goes_back_to_booked(target, allowed):
    from backpain.visits import lifecycle

    assert lifecycle.allowed("scheduled", target) is allowed
    for status in ("draft", "awaiting_signature", "signed", "amended"):
        assert not lifecycle.allowed(status, "scheduled")


def test_a_booked_first_visit_started_early_moves_its_episodes_start(intake_client, patient):
    post_visit(intake_client, patient, "visits:book", TODAY + 7 * DAY, visit_type="new",
               condition="Neck pain")
    booked = Visit.objects.get()
    assert booked.episode.index_date == TODAY + 7 * DAY
    intake_client.post(reverse("visits:start", kwargs={"pk": booked.pk}))
    booked.episode.refresh_from_db()
    assert (booked.episode.start_date, booked.episode.index_date) == (TODAY, TODAY)


def test_a_booked_follow_up_started_early_leaves_the_episodes_index(intake_client, visit):
    first = visit.episode.index_date
    follow_up = VisitFactory(patient=visit.patient, episode=visit.episode,
                             visit_type="follow_up", visit_date=first + 3 * DAY,
                             status="scheduled")
    intake_client.post(reverse("visits:start", kwargs={"pk": follow_up.pk}))
    visit.episode.refresh_from_db()
    assert visit.episode.index_date == first
