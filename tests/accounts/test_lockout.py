"""Login throttling (django-axes): per username and address, signing failures count too,
a clear message, and an administrator can unlock."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from tests.conftest import make_ready_to_sign
from tests.factories import TEST_PASSWORD, UserFactory

LIMIT = 5


@pytest.fixture(autouse=True)
def axes_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_account_not_the_clinic(client, intake, physician):
    for _ in range(LIMIT - 1):
        assert login(client, intake.username, "wrong").status_code == 200
    assert login(client, intake.username, "wrong").status_code == 429  # the limit is reached
    response = login(client, intake.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # Another user behind the same address (a clinic's NAT) still signs in.
    assert login(client, physician.username, TEST_PASSWORD).status_code == 302


def test_forged_forwarded_addresses_do_not_reset_the_count(client, intake):
    for n in range(LIMIT):
        client.post(reverse("login"), {"username": intake.username, "password": "wrong"},
                    HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = client.post(reverse("login"), {"username": intake.username,
                                              "password": TEST_PASSWORD},
                           HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429


def test_failed_signing_passwords_count_towards_the_lockout(physician_client, physician,
                                                            visit, client):
    make_ready_to_sign(visit, physician)
    url = reverse("notes:sign", kwargs={"pk": visit.pk})
    for _ in range(LIMIT):
        physician_client.post(url, {"username": physician.username, "password": "wrong",
                                    "meaning": "authored"})
    assert login(client, physician.username, TEST_PASSWORD).status_code == 429


def test_an_administrator_unlocks_the_account(client, intake, administrator_client):
    for _ in range(LIMIT):
        login(client, intake.username, "wrong")
    page = administrator_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200 and intake.username in page.content.decode()
    call_command("axes_reset_username", intake.username)
    assert login(client, intake.username, TEST_PASSWORD).status_code == 302


def test_a_correct_password_resets_the_count(client, clinic):
    user = UserFactory(clinic=clinic, username="careful")
    for _ in range(LIMIT - 1):
        login(client, "careful", "wrong")
    assert login(client, "careful", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(LIMIT - 1):
        login(client, "careful", "wrong")
    assert login(client, user.username, TEST_PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin_and_sees_only_their_clinics_attempts(
        client, intake, administrator_client, other_clinic):
    from axes.models import AccessAttempt

    stranger = UserFactory(clinic=other_clinic, username="elsewhere")
    for username in (intake.username, stranger.username):
        for _ in range(LIMIT):
            login(client, username, "wrong")
    page = administrator_client.get(reverse("admin:axes_accessattempt_changelist"))
    text = page.content.decode()
    assert intake.username in text and "elsewhere" not in text
    attempt = AccessAttempt.objects.get(username=intake.username)
    foreign = AccessAttempt.objects.get(username="elsewhere")
    assert administrator_client.get(reverse("admin:axes_accessattempt_change",
                                            args=[foreign.pk])).status_code == 302
    response = administrator_client.post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": [attempt.pk, foreign.pk],
        "post": "yes"})
    assert response.status_code == 302
    assert login(client, intake.username, TEST_PASSWORD).status_code == 302
    assert AccessAttempt.objects.filter(username="elsewhere").exists()  # not theirs to clear
    unlock = AuditEvent.objects.get(action=AuditAction.ACCOUNT_UNLOCKED)
    assert unlock.username == "administrator" and unlock.clinic_id == intake.clinic_id
    assert unlock.details["unlocked_username"] == intake.username
