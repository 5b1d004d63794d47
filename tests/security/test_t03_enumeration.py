"""T-03 Enumeration: an unknown username and a known one with a wrong password get the same
page, the same status and the same password-hashing work (no timing oracle). The app has no
self-service password reset, so there is no reset page to enumerate with."""

import re

from django.contrib.auth.hashers import get_hasher

from .helpers import every_pattern, login


def form_errors(response) -> str:
    return " ".join(str(error) for error in response.context["form"].non_field_errors())


def visible_text(response) -> str:
    # The page minus its per-request CSRF token.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_unknown_user_and_wrong_password_get_the_same_answer(client, intake):
    known = login(client, intake.username, "not-the-password")
    unknown = login(client, "nobody-of-this-name", "not-the-password")
    assert known.status_code == unknown.status_code == 200
    assert form_errors(known) == form_errors(unknown)
    assert "correct username and password" in form_errors(known)
    assert visible_text(known).replace(intake.username, "X") == \
        visible_text(unknown).replace("nobody-of-this-name", "X")


def test_an_inactive_account_answers_like_a_wrong_password(client, intake):
    intake.is_active = False
    intake.save()
    inactive = login(client, intake.username)
    unknown = login(client, "nobody-of-this-name")
    assert form_errors(inactive) == form_errors(unknown)


def test_unknown_users_cost_the_same_hashing_as_known_ones(client, intake, monkeypatch):
    hasher = type(get_hasher())
    calls = []
    original = hasher.encode

    def counting(self, password, salt, *args, **kwargs):
        calls.append(password)
        return original(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    login(client, intake.username, "not-the-password")
    known = len(calls)
    calls.clear()
    login(client, "nobody-of-this-name", "not-the-password")
    assert known >= 1 and len(calls) == known


def test_there_is_no_password_reset_page_to_enumerate_with():
    names = [name for name, _route, _pattern in every_pattern() if name]
    assert not [name for name in names if "reset" in name and "password" in name]
