"""Signing in and out: each role lands on its home page; every attempt is on record."""

import pytest
from django.urls import reverse

from backpain.accounts.roles import Role
from backpain.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_home(client, users_by_role, role):
    user = users_by_role[role]
    response = client.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == user
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.user, event.client_ip, event.clinic) == (user, "127.0.0.1", user.clinic)


def test_wrong_password_is_refused_and_audited_under_the_clinic(client, physician):
    response = client.post(reverse("login"), {"username": "physician", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.username, event.user, event.clinic) == ("physician", None, physician.clinic)
    assert "nope" not in str(event.details)


def test_unknown_username_gets_the_same_message(client, db):
    response = client.post(reverse("login"), {"username": "ghost", "password": "nope"})
    assert b"did not match" in response.content
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).username == "ghost"


def test_logout_is_a_post_and_audited(physician_client, physician):
    assert physician_client.get(reverse("logout")).status_code == 405
    response = physician_client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, user=physician).exists()
    assert physician_client.get(reverse("patients:list")).status_code == 302


def test_inactive_user_cannot_sign_in(client, clinic):
    UserFactory(username="leaver", clinic=clinic, role=Role.PHYSICIAN, is_active=False)
    response = client.post(reverse("login"), {"username": "leaver", "password": TEST_PASSWORD})
    assert response.status_code == 200 and not response.context["user"].is_authenticated


def test_demo_users_are_refused_in_production(client, settings, clinic):
    UserFactory(username="demo", clinic=clinic, role=Role.PHYSICIAN, is_demo=True)
    settings.REFUSE_DEMO_USERS = True
    response = client.post(reverse("login"), {"username": "demo", "password": TEST_PASSWORD})
    assert not response.context["user"].is_authenticated
    settings.REFUSE_DEMO_USERS = False
    response = client.post(reverse("login"), {"username": "demo", "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_pages_with_patient_data_are_not_cached(physician_client, patient):
    response = physician_client.get(reverse("patients:detail", kwargs={"pk": patient.pk}))
    assert "no-store" in response["Cache-Control"]


def test_times_are_shown_in_the_clinics_zone(physician_client, visit, clinic):
    clinic.timezone = "America/New_York"
    clinic.save()
    response = physician_client.get(reverse("visits:detail", kwargs={"pk": visit.pk}))
    assert b" EST" in response.content or b" EDT" in response.content
