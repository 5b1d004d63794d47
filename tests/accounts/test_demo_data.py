"""`load_demo`: the demo clinic loads idempotently, its users can sign in, never in production."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from backpain.accounts.models import User
from backpain.accounts.roles import Role
from backpain.patients.models import Patient


def test_demo_loads_twice_without_duplicates(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    assert Patient.objects.count() == 12
    assert set(User.objects.values_list("username", flat=True)) == {"intake", "physician", "admin"}
    out = capsys.readouterr().out
    assert "physician  / backpain-demo" in out


@pytest.mark.parametrize(
    "username, role",
    [
        ("intake", Role.INTAKE),
        ("physician", Role.PHYSICIAN),
        ("admin", Role.ADMINISTRATOR),
    ],
)
def test_demo_users_sign_in_with_their_role(client, db, username, role):
    call_command("load_demo")
    response = client.post(
        reverse("login"), {"username": username, "password": "backpain-demo"}, follow=True
    )
    assert response.status_code == 200
    user = response.context["user"]
    assert user.username == username and user.groups.filter(name=role.value).exists()


def test_demo_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded"):
        call_command("load_demo")
    assert not Patient.objects.exists()
