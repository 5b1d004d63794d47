"""T-12 Password policy: short, numeric-pattern, top-list and username-like passwords are
refused with a clear message wherever a password is set; a long passphrase with spaces and
Unicode, pasted from a password manager, is accepted and verified exactly."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from backpain.accounts.models import User
from tests.factories import UserFactory

from .helpers import login, production_settings

PASSPHRASE = "Zoë's 5 horses ride past the fjord — naïve café, 東京, and ½ a mug"


@pytest.fixture
def jonathan(clinic):
    return UserFactory(username="jonathanharker", first_name="Jonathan", last_name="Harker",
                       email="jonathan.harker@example.org", clinic=clinic)


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


def test_an_administrator_cannot_create_an_account_with_a_weak_password(administrator_client):
    response = administrator_client.post(reverse("admin:accounts_user_add"), {
        "username": "newcomer", "usable_password": "true",
        "password1": "password1234", "password2": "password1234", "_save": "Save"})
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


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
