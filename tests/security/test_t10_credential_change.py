"""T-10 Credential change: when a password changes, every other session of that user ends
(Django's session auth hash); the session that changed it continues."""

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from .helpers import login

NEW_PASSWORD = "a new, long and uncommon passphrase 42"


def test_changing_a_password_in_session_a_signs_out_session_b(administrator):
    a, b = Client(), Client()
    login(a, administrator.username)
    login(b, administrator.username)
    home = reverse("home")
    assert a.get(home).status_code == b.get(home).status_code == 200

    assert a.get(reverse("admin:password_change")).url == reverse("password_change")
    response = a.post(reverse("password_change"), {
        "old_password": "correct horse battery staple", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]

    assert a.get(home).status_code == 200
    stale = b.get(home)
    assert stale.status_code == 302 and stale.url.startswith(reverse("login"))
    assert login(Client(), administrator.username, NEW_PASSWORD).status_code == 302


def test_a_password_set_by_command_signs_out_every_session(physician, patient, monkeypatch):
    device = Client()
    login(device, physician.username)
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    assert device.get(url).status_code == 200
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", physician.username, stdout=io.StringIO())
    response = device.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
