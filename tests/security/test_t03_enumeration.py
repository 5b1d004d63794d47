"""T-03 Enumeration: an unknown username and a known one with a wrong password get the same
page, the same status and the same password-hashing work (no timing oracle). The password-reset
page answers the same whether or not an address belongs to an account."""

import re

from django.contrib.auth.hashers import get_hasher
from django.urls import reverse

from .helpers import login


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


def test_the_password_reset_page_answers_the_same_for_any_address(client, physician,
                                                                 mailoutbox):
    physician.email = "jane.doe@example.org"
    physician.save()
    pages = []
    for address in ("jane.doe@example.org", "nobody@example.org"):
        response = client.post(reverse("password_reset"), {"email": address}, follow=True)
        pages.append((response.status_code, response.redirect_chain,
                      re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "",
                             response.content.decode())))
    assert pages[0] == pages[1]
    assert [message.to for message in mailoutbox] == [["jane.doe@example.org"]]
