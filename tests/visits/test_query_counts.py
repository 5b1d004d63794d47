"""No page does a query per row: the work lists cost the same with 5 visits as with 50."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backpain.visits.models import DiagnosticStudy, Examination, History
from tests.factories import PatientFactory, VisitFactory


def add_visits(count, clinic, intake, physician):
    """Visits of today with history, exam and a study each; every third has a red flag."""
    for n in range(count):
        patient = PatientFactory(clinic=clinic)
        visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                             intake_completed_at=timezone.now(),
                             visit_date=datetime.date.today())
        History.objects.create(visit=visit, regions=["lumbar"], pain_now=n % 11,
                               bladder_dysfunction="retention" if n % 3 == 0 else "none")
        Examination.objects.create(visit=visit, gait="normal")
        DiagnosticStudy.objects.create(visit=visit, modality="mri", region="lumbar",
                                       status="resulted", findings=["degenerative"])


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("url_name", ["home", "patients:list"])
def test_list_pages_cost_the_same_for_5_and_50_visits(physician_client, clinic, intake,
                                                      physician, url_name):
    url = reverse(url_name)
    add_visits(5, clinic, intake, physician)
    few, _ = queries_for(physician_client, url)
    add_visits(45, clinic, intake, physician)
    many, response = queries_for(physician_client, url)
    assert many == few
    if url_name == "home":
        assert len(response.context["my_queue"]) == 50
        assert response.context["my_queue"][0].flag.urgency == "emergency"


def test_intake_home_costs_the_same_for_5_and_50_visits(intake_client, clinic, intake,
                                                        physician):
    add_visits(5, clinic, intake, physician)
    few, _ = queries_for(intake_client, reverse("home"))
    add_visits(45, clinic, intake, physician)
    many, response = queries_for(intake_client, reverse("home"))
    assert many == few
    assert len(response.context["todays_visits"]) == 50


def test_patient_page_lists_50_visits_without_a_query_each(physician_client, clinic, intake,
                                                           physician, patient):
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    for _ in range(5):
        VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)
    few, _ = queries_for(physician_client, url)
    for _ in range(45):
        VisitFactory(patient=patient, created_by=intake, assigned_physician=physician)
    many, _ = queries_for(physician_client, url)
    assert many == few


def signed_visits(count, patient, intake, physician, first_day):
    """Signed visits of the patient, each with history and exam, before `first_day`."""
    for n in range(count):
        visit = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                             visit_date=first_day - datetime.timedelta(days=7 * (n + 1)))
        History.objects.create(visit=visit, regions=["lumbar"], cancer_history=False)
        Examination.objects.create(visit=visit, gait="normal", motor_l5_left=5)
        visit.status = "signed"
        visit.save()


@pytest.mark.parametrize("slug", ["history", "questionnaires", "examination", "diagnostics",
                                  "assessment", "plan"])
def test_step_pages_cost_the_same_whatever_the_number_of_earlier_visits(
        physician_client, patient, intake, physician, slug):
    """A follow-up's step page reads the last signed visit once (copy-forward: at most one
    query more than a new patient's page), however many visits came before."""
    today = datetime.date.today()
    new = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                       visit_type="new")
    follow_up = VisitFactory(patient=patient, created_by=intake, assigned_physician=physician,
                             visit_type="follow_up")
    url = reverse("visits:step", kwargs={"pk": follow_up.pk, "slug": slug})
    new_url = reverse("visits:step", kwargs={"pk": new.pk, "slug": slug})
    signed_visits(1, patient, intake, physician, today)
    few, _ = queries_for(physician_client, url)
    new_few, _ = queries_for(physician_client, new_url)
    signed_visits(20, patient, intake, physician, today - datetime.timedelta(days=7))
    many, _ = queries_for(physician_client, url)
    new_many, _ = queries_for(physician_client, new_url)
    assert many == few
    assert new_many == new_few
    assert few <= new_few + (1 if slug in ("history", "examination") else 0)
