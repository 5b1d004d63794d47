"""T-01 Auth lockout: repeated wrong passwords lock that account (429, generic message), the
attempts and the lockout are recorded and raise an alert, and another user behind the same
address still signs in (locked per username and address, not per address)."""

import logging

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent

from .helpers import login

WRONG = "not-the-password"


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def test_the_limit_is_small_and_the_lockout_lasts():
    assert 3 <= django_settings.AXES_FAILURE_LIMIT <= 10
    assert django_settings.AXES_COOLOFF_TIME.total_seconds() >= 15 * 60
    # Never per address alone: a clinic behind one NAT address would lock out everyone.
    assert "ip_address" not in django_settings.AXES_LOCKOUT_PARAMETERS


def test_wrong_passwords_lock_the_account_even_against_the_right_password(client, intake,
                                                                          limit):
    for _ in range(limit + 1):
        login(client, intake.username, WRONG)
    response = login(client, intake.username)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text
    # Generic: the page neither confirms the account nor says how close the guess was.
    assert intake.username not in text and "password is" not in text.lower()
    assert "_auth_user_id" not in client.session


def test_another_user_at_the_same_address_is_not_locked(client, intake, physician, limit):
    for _ in range(limit + 1):
        login(client, intake.username, WRONG, REMOTE_ADDR="192.0.2.10")
    response = login(client, physician.username, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_same_user_from_another_address_is_not_locked(client, intake, limit):
    # Per username and address: a guesser elsewhere cannot lock the real user out.
    for _ in range(limit + 1):
        login(client, intake.username, WRONG, REMOTE_ADDR="192.0.2.10")
    assert login(client, intake.username, REMOTE_ADDR="192.0.2.99").status_code == 302


def test_every_failed_attempt_is_in_the_audit_trail(client, intake, limit):
    for _ in range(limit):
        login(client, intake.username, WRONG, REMOTE_ADDR="192.0.2.10")
    failures = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED,
                                         username=intake.username)
    assert failures.count() == limit
    assert {event.client_ip for event in failures} == {"192.0.2.10"}
    assert {event.clinic_id for event in failures} == {intake.clinic_id}


def test_the_lockout_raises_an_alert_in_the_log(client, intake, limit, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(limit):
            login(client, intake.username, WRONG)
    assert any("Locking out" in record.getMessage() and record.levelno >= logging.WARNING
               for record in caplog.records)


def test_the_lockout_itself_is_in_the_audit_trail(client, intake, limit):
    for _ in range(limit):
        login(client, intake.username, WRONG, REMOTE_ADDR="192.0.2.10")
    locked = AuditEvent.objects.get(action=AuditAction.ACCOUNT_LOCKED, username=intake.username)
    assert locked.clinic_id == intake.clinic_id and locked.client_ip == "192.0.2.10"
