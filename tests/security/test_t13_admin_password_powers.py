"""T-13 An administrator can never know another user's password: not set it, not read it,
not sign in as that user. Otherwise an administrator could sign notes in a physician's name
(21 CFR 11.200(a)(3))."""

import re

from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from backpain.accounts.models import User
from backpain.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD

from .helpers import every_pattern

KNOWN = "administrator-chosen passphrase 2026"


def test_an_administrator_cannot_set_a_physicians_password(administrator_client, physician):
    url = reverse("admin:auth_user_password_change", args=[physician.pk])
    response = administrator_client.post(url, {"password1": KNOWN, "password2": KNOWN,
                                               "usable_password": "true"})
    physician.refresh_from_db()
    assert physician.check_password(TEST_PASSWORD) and not physician.check_password(KNOWN)
    assert response.status_code in (403, 404)
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED,
                                     user__username="administrator").exists()


def test_an_administrator_does_not_see_a_password_or_its_hash(administrator_client, physician):
    page = administrator_client.get(reverse("admin:accounts_user_change",
                                            args=[physician.pk])).content.decode()
    stored = User.objects.get(pk=physician.pk).password
    algorithm = identify_hasher(stored).algorithm
    secret_parts = [part for part in stored.split("$") if len(part) >= 8 and part != algorithm]
    assert secret_parts and not any(part in page for part in secret_parts)
    assert TEST_PASSWORD not in page


def test_there_is_no_sign_in_as_another_user(administrator_client):
    suspicious = re.compile(r"impersonat|hijack|login[-_]?as|log[-_]?in[-_]?as|su/|switch[-_]user")
    routes = [f"{name} {route}" for name, route, _ in every_pattern()]
    assert not [route for route in routes if suspicious.search(route.lower())]


def test_an_administrator_cannot_give_anyone_superuser_powers(administrator_client, physician):
    data = {"username": physician.username, "first_name": physician.first_name,
            "last_name": physician.last_name, "email": "", "printed_name": "Jane Doe",
            "credentials": "MD", "is_active": "on", "is_superuser": "on", "is_staff": "on",
            "groups": [str(pk) for pk in physician.groups.values_list("pk", flat=True)],
            "_save": "Save"}
    administrator_client.post(reverse("admin:accounts_user_change", args=[physician.pk]), data)
    physician.refresh_from_db()
    assert not physician.is_superuser and not physician.is_staff


def test_the_add_user_form_offers_no_password_field(administrator_client):
    # A new user chooses their first password from an emailed link: the administrator who
    # created the account never knows it.
    page = administrator_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="username"' in page
    assert 'type="password"' not in page
    assert not re.search(r'name="(password\d?|usable_password)"', page)
