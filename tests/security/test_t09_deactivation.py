"""T-09 Deactivation: when an administrator deactivates a user, each of that user's open
sessions is refused at its next request, and the user can neither sign in nor sign."""

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from backpain.accounts.models import User
from backpain.notes.models import Signature

from .helpers import login, sign


def deactivate_in_admin(admin_client, user):
    """Submit the admin's user form with "Active" unticked, as an administrator would."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name,
        "email": user.email, "printed_name": user.printed_name,
        "credentials": user.credentials,
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "_save": "Save",
    }
    response = admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return User.objects.get(pk=user.pk)


def test_deactivation_ends_both_sessions_sign_in_and_signing(administrator_client, physician,
                                                             ready_visit, patient):
    office, ward = Client(), Client()
    for device in (office, ward):
        assert login(device, physician.username).status_code == 302
    url = reverse("patients:detail", kwargs={"pk": patient.pk})
    assert office.get(url).status_code == ward.get(url).status_code == 200

    assert deactivate_in_admin(administrator_client, physician).is_active is False
    assert Group.objects.filter(user=physician).exists()  # the account is kept, not deleted

    for device in (office, ward):
        response = device.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    refused = sign(ward, ready_visit)
    assert refused.status_code == 302 and refused.url.startswith(reverse("login"))
    assert not Signature.objects.exists()
    assert login(Client(), physician.username).status_code == 200  # the form again


def test_a_deactivated_user_keeps_their_username_and_signatures(administrator_client,
                                                                physician, signed_visit):
    deactivate_in_admin(administrator_client, physician)
    signature = Signature.objects.get(visit=signed_visit)
    assert signature.signer_id == physician.pk and signature.printed_name == "Jane Doe"
    assert User.objects.filter(username=physician.username).count() == 1


def test_an_administrator_cannot_delete_an_account(administrator_client, physician):
    # Usernames are never freed for reuse (11.100(a)): deactivate, never delete.
    url = reverse("admin:accounts_user_delete", args=[physician.pk])
    assert administrator_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=physician.pk).exists()
