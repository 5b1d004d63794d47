"""The follow-up schedule in the admin: an administrator edits their own clinic's points and
replaces them with a registry's preset; another clinic's schedule is out of reach."""

import pytest
from django.urls import reverse

from backpain.episodes.models import FollowUpPoint

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:episodes_followuppoint_changelist"
ADD = "admin:episodes_followuppoint_add"
PRESET = "admin:episodes_followuppoint_preset"


def schedule(clinic):
    return [(p.label, p.days_after_index, p.window_before_days, p.window_after_days)
            for p in FollowUpPoint.objects.filter(clinic=clinic)]


def test_the_list_shows_only_the_own_clinics_schedule(administrator_client, clinic,
                                                      other_clinic):
    FollowUpPoint.objects.filter(clinic=other_clinic, label="6 weeks").update(
        label="Hilltop six weeks")
    page = administrator_client.get(reverse(CHANGELIST)).content.decode()
    assert "6 weeks" in page and "Hilltop six weeks" not in page
    assert "Start from a preset" in page


@pytest.mark.parametrize("preset, expected", [
    ("ichom", [("6 months", 182, 30, 30), ("12 months", 365, 61, 61),
               ("24 months", 730, 91, 91)]),
    ("norspine", [("3 months", 91, 28, 28), ("12 months", 365, 61, 61)]),
    ("asr", [("90 days", 90, 28, 28), ("1 year", 365, 61, 61)]),
])
def test_a_preset_replaces_the_own_clinics_schedule_only(administrator_client, clinic,
                                                         other_clinic, preset, expected):
    before = schedule(other_clinic)
    response = administrator_client.post(reverse(PRESET), {"preset": preset}, follow=True)
    assert response.status_code == 200
    assert "The follow-up schedule is now" in response.content.decode()
    assert schedule(clinic) == expected
    assert schedule(other_clinic) == before


def test_an_unknown_preset_changes_nothing(administrator_client, clinic):
    before = schedule(clinic)
    response = administrator_client.post(reverse(PRESET), {"preset": "nope"}, follow=True)
    assert "Choose one of the listed schedules." in response.content.decode()
    assert schedule(clinic) == before


def test_a_point_is_added_to_the_own_clinic_with_messages_beside_bad_fields(
        administrator_client, clinic):
    response = administrator_client.post(reverse(ADD), {
        "label": "2 weeks", "days_after_index": 14, "window_before_days": 20,
        "window_after_days": 7})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["window_before_days"]
    response = administrator_client.post(reverse(ADD), {
        "label": "Six weeks again", "days_after_index": 42, "window_before_days": 7,
        "window_after_days": 7})
    assert response.context["adminform"].form.errors["days_after_index"]
    response = administrator_client.post(reverse(ADD), {
        "label": "2 weeks", "days_after_index": 14, "window_before_days": 3,
        "window_after_days": 7})
    assert response.status_code == 302
    assert ("2 weeks", 14, 3, 7) in schedule(clinic)


def test_another_clinics_point_cannot_be_changed(administrator_client, other_clinic):
    theirs = FollowUpPoint.objects.filter(clinic=other_clinic).first()
    url = reverse("admin:episodes_followuppoint_change", args=[theirs.pk])
    assert administrator_client.get(url).status_code in (302, 404)
    administrator_client.post(url, {"label": "Taken", "days_after_index": 1,
                                    "window_before_days": 0, "window_after_days": 1})
    theirs.refresh_from_db()
    assert theirs.label != "Taken"


@pytest.mark.parametrize("client_name", ["physician_client", "intake_client"])
def test_clinical_staff_do_not_reach_the_schedule(request, client_name, clinic):
    client = request.getfixturevalue(client_name)
    before = schedule(clinic)
    assert client.get(reverse(CHANGELIST)).status_code == 302  # the admin's sign-in page
    client.post(reverse(PRESET), {"preset": "ichom"})
    assert schedule(clinic) == before


def test_the_demo_clinic_follows_the_default_schedule(db):
    from django.core.management import call_command

    from backpain.accounts.models import Clinic

    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    for clinic in Clinic.objects.all():
        assert schedule(clinic)[0] == ("6 weeks", 42, 14, 14)
