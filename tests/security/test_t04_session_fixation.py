"""T-04 Session fixation: a session key chosen or obtained before sign-in is never the key of
the signed-in session, and stays unauthenticated."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from .helpers import login


def test_a_planted_session_key_is_replaced_at_sign_in(client, intake):
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    response = login(client, intake.username)
    assert response.status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != planted.session_key
    # The attacker's copy of the old key gets the login page, not the user's pages.
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    page = attacker.get(reverse("patients:list"))
    assert page.status_code == 302 and page.url.startswith(reverse("login"))


def test_an_invented_session_key_is_not_adopted(client, intake):
    client.cookies[settings.SESSION_COOKIE_NAME] = "attackerchosenkey0000000000000000"
    login(client, intake.username)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != \
        "attackerchosenkey0000000000000000"
    assert not SessionStore().exists("attackerchosenkey0000000000000000")


def test_the_anonymous_session_seen_on_the_login_page_is_rotated(client, intake):
    client.get(reverse("login"))  # the CSRF cookie and any anonymous session are set here
    before = client.cookies.get(settings.SESSION_COOKIE_NAME)
    login(client, intake.username)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before is None or before.value != after
    assert client.get(reverse("patients:list")).status_code == 200
