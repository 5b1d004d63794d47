"""In a real browser: intake staff book a follow-up from the patient page (a date in the past is
refused beside the field), see it in the home page's due follow-ups, and start it there."""

import datetime

import pytest
from playwright.sync_api import expect

from backpain.accounts.roles import Role
from backpain.episodes.models import Episode
from backpain.visits.models import Visit
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, ClinicFactory, PatientFactory, UserFactory, VisitFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def patient_six_weeks_on(roles):
    """A patient whose episode began 40 days ago: the 6-week follow-up (day 42, window from
    day 28) is due."""
    clinic = ClinicFactory(name="Riverside Spine Clinic")
    intake = UserFactory(username="frontdesk", clinic=clinic, role=Role.INTAKE)
    patient = PatientFactory(clinic=clinic, family_name="Okafor", given_name="Chinedu")
    first = datetime.date.today() - datetime.timedelta(days=40)
    visit = VisitFactory(patient=patient, created_by=intake, visit_date=first,
                         chief_complaint="Low back pain with left sciatica")
    Episode.objects.filter(pk=visit.episode_id).update(
        condition="Low back pain with left sciatica")
    return patient, visit.episode_id


def test_book_a_follow_up_see_it_due_and_start_it(page, patient_six_weeks_on):
    patient, episode_id = patient_six_weeks_on
    today = datetime.date.today()
    sign_in(page, "frontdesk", TEST_PASSWORD)

    # The patient page shows the episode and its follow-up schedule.
    page.goto(f"/patients/{patient.pk}/")
    episodes = page.get_by_role("region", name="Episodes of care")
    expect(episodes).to_contain_text("Low back pain with left sciatica")
    expect(episodes).to_contain_text("6 weeks")
    assert_accessible(page)
    episodes.get_by_role("link", name="Book a follow-up").click()

    # Booking: the episode is chosen; a date in the past is refused beside the field.
    expect(page.get_by_role("heading", name="Book a visit")).to_be_visible()
    expect(page.get_by_label("Episode of care")).to_have_value(str(episode_id))
    page.get_by_label("Booked for").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Book visit").click()
    expect(page.get_by_text("A booked visit cannot be in the past")).to_be_visible()
    assert not Visit.objects.filter(status="scheduled").exists()
    assert_accessible(page)
    page.get_by_label("Booked for").fill(today.isoformat())
    page.get_by_role("button", name="Book visit").click()
    expect(page.get_by_text("Booked Follow-up visit on")).to_be_visible()
    expect(page.get_by_role("region", name="Visits")).to_contain_text("Scheduled")
    booked = Visit.objects.get(status="scheduled")
    assert (booked.episode_id, booked.visit_date) == (episode_id, today)

    # The home page lists it among the follow-ups due, booked for today.
    page.goto("/")
    due = page.locator("table.follow-ups-due")
    row = due.get_by_role("row").filter(has_text="Okafor")
    expect(row).to_contain_text("6 weeks")
    assert_accessible(page)
    row.get_by_role("button", name="Start the visit of").click()

    # Started: a draft visit of today, ready for the intake.
    expect(page.get_by_text("Started the visit of")).to_be_visible()
    expect(page.get_by_role("link", name="Start with history")).to_be_visible()
    booked.refresh_from_db()
    assert (booked.status, booked.visit_date) == ("draft", today)
    # Fulfilled: the 6-week follow-up leaves the work list.
    page.goto("/")
    expect(page.get_by_role("region", name="Follow-ups")).to_contain_text(
        "No follow-up is due, overdue or missed.")
