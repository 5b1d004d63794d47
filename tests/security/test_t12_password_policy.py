"""T-12 Password policy: short, numeric-pattern, top-list and username-like passwords are
refused with a clear message wherever a password is set; a long passphrase with spaces and
Unicode, pasted from a password manager, is accepted and verified exactly."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from backpain.accounts.models import User
from backpain.accounts.roles import Role
from tests.factories import TEST_PASSWORD, UserFactory

from .helpers import login, production_settings

PASSPHRASE = "Zoë's 5 horses ride past the fjord — naïve café, 東京, and ½ a mug"


@pytest.fixture
def jonathan(clinic):
    return UserFactory(username="jonathanharker", first_name="Jonathan", last_name="Harker",
                       email="jonathan.harker@example.org", clinic=clinic,
                       role=Role.PHYSICIAN)


@pytest.mark.parametrize(("password", "why"), [
    ("password123", "short and common"),
    ("Zq8#mLp", "seven characters"),
    ("password1234", "on the common-password list"),
    ("qwerty123456", "on the common-password list"),
    ("123456789123", "all digits"),
    ("jonathanharker", "the username"),
    ("jonathan.harker", "the e-mail address"),
])
def test_weak_passwords_are_refused_with_a_reason(jonathan, password, why):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=jonathan)
    assert refused.value.messages, why
    assert all(len(message) > 20 for message in refused.value.messages)


def test_the_passphrase_is_long_and_accepted(jonathan):
    assert len(PASSPHRASE) == 64
    validate_password(PASSPHRASE, user=jonathan)


@pytest.mark.parametrize(("weak", "message"), [
    ("password1234", "This password is too common."),
    ("jonathanharker", "The password is too similar to the username."),
    ("Zq8#mLp", "This password is too short."),
])
def test_the_change_password_page_refuses_a_weak_one_and_takes_the_passphrase(jonathan, weak,
                                                                              message):
    client = Client()
    assert login(client, "jonathanharker").status_code == 302
    url = reverse("password_change")
    refused = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": weak,
                                "new_password2": weak})
    assert refused.status_code == 200
    assert message in refused.content.decode()
    jonathan.refresh_from_db()
    assert jonathan.check_password(TEST_PASSWORD)
    accepted = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": PASSPHRASE,
                                 "new_password2": PASSPHRASE})
    assert accepted.status_code == 302
    assert login(Client(), "jonathanharker", PASSPHRASE).status_code == 302


def test_an_administrator_creates_an_account_without_any_password(administrator_client):
    response = administrator_client.post(reverse("admin:accounts_user_add"), {
        "username": "newcomer", "email": "newcomer@example.org", "usable_password": "true",
        "password1": "password1234", "password2": "password1234", "_save": "Save"})
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert not newcomer.has_usable_password()  # the weak password posted was not taken
    assert not newcomer.check_password("password1234")


def test_the_passphrase_is_verified_exactly_by_the_production_hasher(settings, jonathan):
    settings.PASSWORD_HASHERS = production_settings("PASSWORD_HASHERS")["PASSWORD_HASHERS"]
    assert "BCrypt" not in settings.PASSWORD_HASHERS[0] or "SHA256" in settings.PASSWORD_HASHERS[0]
    jonathan.set_password(PASSPHRASE)
    jonathan.save()
    assert jonathan.check_password(PASSPHRASE)
    for near_miss in (PASSPHRASE[:-1], PASSPHRASE[:63] + "n", PASSPHRASE + " ",
                      PASSPHRASE.replace("ë", "e"), PASSPHRASE[:56]):
        assert not jonathan.check_password(near_miss), near_miss
    # Pasted into the sign-in form: the spaces are part of the password, nothing is trimmed.
    assert login(Client(), "jonathanharker", PASSPHRASE).status_code == 302
    assert login(Client(), "jonathanharker", f" {PASSPHRASE}").status_code == 200
