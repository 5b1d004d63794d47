"""Opening and viewing visits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from backpain.visits.models import History, Visit
from backpain.visits.services import complete_intake
from tests.factories import UserFactory


def open_url(patient):
    return reverse("visits:open", kwargs={"patient_pk": patient.pk})


def test_intake_opens_a_visit_for_a_physician(intake_client, intake, physician, patient):
    today = timezone.localdate()
    response = intake_client.post(
        open_url(patient),
        {
            "visit_date": today.isoformat(),
            "visit_type": "new",
            "chief_complaint": "Back pain after lifting",
            "assigned_physician": physician.pk,
        },
    )
    visit = Visit.objects.get()
    assert response.url == reverse("visits:detail", kwargs={"pk": visit.pk})
    assert (visit.status, visit.version, visit.created_by, visit.assigned_physician) == (
        "draft",
        1,
        intake,
        physician,
    )
    event = AuditEvent.objects.get(action=AuditAction.VISIT_OPENED)
    assert event.patient_id == patient.pk and event.object_id == str(visit.pk)


def test_physician_opening_a_visit_is_assigned_by_default(physician_client, physician, patient):
    form = physician_client.get(open_url(patient)).context["form"]
    assert form.initial["assigned_physician"] == physician.pk
    physician_client.post(
        open_url(patient),
        {"visit_date": timezone.localdate().isoformat(), "visit_type": "follow_up"},
    )
    assert Visit.objects.get().assigned_physician == physician


def test_only_physicians_of_the_clinic_can_be_assigned(
    intake_client, intake, patient, clinic, other_clinic
):
    outsider = UserFactory(clinic=other_clinic, role=Role.PHYSICIAN)
    colleague = UserFactory(clinic=clinic, role=Role.INTAKE)
    for pk in (outsider.pk, colleague.pk):
        response = intake_client.post(
            open_url(patient),
            {
                "visit_date": timezone.localdate().isoformat(),
                "visit_type": "new",
                "assigned_physician": pk,
            },
        )
        assert "Select a valid choice" in response.context["form"].errors["assigned_physician"][0]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "visit_date, message",
    [
        (lambda: timezone.localdate() + datetime.timedelta(days=1), "cannot be in the future"),
        (lambda: datetime.date(1969, 1, 1), "before the patient's date of birth"),
    ],
)
def test_impossible_visit_dates(intake_client, patient, visit_date, message):
    response = intake_client.post(
        open_url(patient), {"visit_date": visit_date().isoformat(), "visit_type": "new"}
    )
    assert message in response.context["form"].errors["visit_date"][0]
    assert not Visit.objects.exists()


def test_bad_visit_type(intake_client, patient):
    response = intake_client.post(
        open_url(patient),
        {"visit_date": timezone.localdate().isoformat(), "visit_type": "emergency"},
    )
    assert "Select a valid choice" in response.context["form"].errors["visit_type"][0]


def test_mass_assignment_is_ignored(intake_client, intake, patient, physician):
    intake_client.post(
        open_url(patient),
        {
            "visit_date": timezone.localdate().isoformat(),
            "visit_type": "new",
            "status": "signed",
            "version": 999,
            "created_by": physician.pk,
        },
    )
    visit = Visit.objects.get()
    assert (visit.status, visit.version, visit.created_by) == ("draft", 1, intake)


def test_visit_page_shows_the_visit_and_audits_the_view(physician_client, physician, visit):
    response = physician_client.get(reverse("visits:detail", kwargs={"pk": visit.pk}))
    assert b"Low back pain for two weeks" in response.content
    assert b"Jane Doe, MD" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.VISIT_VIEWED, user=physician).exists()


def test_home_lists_todays_visits(intake_client, visit):
    response = intake_client.get(reverse("home"))
    assert b"OKAFOR, Chinedu" in response.content


def test_physician_queue_lists_visits_handed_over_by_intake(physician_client, intake, visit):
    assert list(physician_client.get(reverse("home")).context["my_queue"]) == []
    History.objects.create(visit=visit, regions=["lumbar"], onset="sudden", pain_now=6)
    complete_intake(user=intake, visit=visit)
    response = physician_client.get(reverse("home"))
    assert [entry.visit for entry in response.context["my_queue"]] == [visit]


def test_a_second_visit_the_same_day_asks_first_and_keeps_what_was_typed(intake_client, visit,
                                                                         patient, physician):
    posted = {"visit_date": visit.visit_date.isoformat(), "visit_type": "follow_up",
              "chief_complaint": "Came back: pain worse after the first visit",
              "assigned_physician": physician.pk}
    response = intake_client.post(open_url(patient), posted)
    assert response.status_code == 200
    assert Visit.objects.count() == 1
    page = response.content.decode()
    assert "This patient already has a visit on this day." in page
    assert "OKAFOR, Chinedu already has a visit on this day:" in page
    assert reverse("visits:detail", kwargs={"pk": visit.pk}) in page
    assert "Came back: pain worse after the first visit" in page  # nothing typed is lost
    assert "Open another visit anyway" in page
    # Enter in a field submits the first button: it must be the plain one, never the confirmation.
    assert page.index('name="open"') < page.index('name="open_another"')

    response = intake_client.post(open_url(patient), {**posted, "open_another": "1"})
    second = Visit.objects.exclude(pk=visit.pk).get()
    assert response.url == reverse("visits:detail", kwargs={"pk": second.pk})
    assert second.chief_complaint == "Came back: pain worse after the first visit"


def test_a_visit_on_another_day_opens_without_asking(intake_client, visit, patient):
    other_day = visit.visit_date - datetime.timedelta(days=1)
    response = intake_client.post(open_url(patient), {"visit_date": other_day.isoformat(),
                                                      "visit_type": "follow_up"})
    assert response.status_code == 302
    assert Visit.objects.count() == 2


def test_every_list_shows_the_hand_over_to_the_physician(intake_client, physician_client, intake,
                                                         visit, patient):
    def stages(client, url):
        page = client.get(url).content.decode()
        return page.count("Awaiting physician"), page.count("Intake in progress")

    patient_page = reverse("patients:detail", kwargs={"pk": patient.pk})
    assert stages(intake_client, reverse("home")) == (0, 2)  # today's visits, intakes to do
    assert stages(intake_client, patient_page) == (0, 1)
    History.objects.create(visit=visit, regions=["lumbar"], onset="sudden", pain_now=6)
    complete_intake(user=intake, visit=visit)
    assert stages(intake_client, reverse("home")) == (1, 0)  # today's; no intake left to do
    assert stages(intake_client, patient_page) == (1, 0)
    assert stages(physician_client, reverse("home")) == (2, 0)  # my queue and today's visits
    Visit.objects.filter(pk=visit.pk).update(status="signed")
    assert stages(physician_client, patient_page) == (0, 0)
