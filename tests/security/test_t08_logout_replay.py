"""T-08 Logout and the back button: a session cookie copied before sign-out is worthless
afterwards, and no page with patient data may be kept by the browser for "Back"."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .helpers import login


def test_a_copied_cookie_is_dead_after_sign_out(client, intake, patient):
    login(client, intake.username)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("logout")).status_code == 302

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = replay.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert patient.family_name.encode() not in response.content


def test_sign_out_is_a_post_so_a_link_cannot_sign_anyone_out(intake_client):
    assert intake_client.get(reverse("logout")).status_code == 405


@pytest.mark.parametrize("page", ["home", "patients:list", "patients:detail", "visits:detail",
                                  "visits:step", "notes:review"])
def test_pages_with_patient_data_are_not_stored_for_back(physician_client, patient, visit,
                                                         page):
    kwargs = {"patients:detail": {"pk": patient.pk}, "visits:detail": {"pk": visit.pk},
              "visits:step": {"pk": visit.pk, "slug": "history"},
              "notes:review": {"pk": visit.pk}}.get(page, {})
    response = physician_client.get(reverse(page, kwargs=kwargs))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_after_sign_out_back_shows_the_login_page_not_the_patient(client, intake, patient):
    login(client, intake.username)
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    assert "no-store" in client.get(url)["Cache-Control"]
    client.post(reverse("logout"))
    # A browser revalidates a no-store page on Back: the server answers with the login page.
    again = client.get(url)
    assert again.status_code == 302 and patient.family_name.encode() not in again.content
