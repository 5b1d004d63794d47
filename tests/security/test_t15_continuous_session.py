"""T-15 Continuous-session signing (21 CFR 11.200(a)(1)): the first signing after sign-in
needs username and password; later signings in the same session need the password; after
an idle sign-out and a new sign-in, username and password again."""

import pytest
from django.conf import settings
from django.urls import reverse

from backpain.notes.models import Signature
from tests.conftest import make_ready_to_sign
from tests.factories import TEST_PASSWORD, VisitFactory

from .helpers import login


@pytest.fixture
def three_visits(patient, physician):
    return [make_ready_to_sign(VisitFactory(patient=patient, created_by=physician,
                                            assigned_physician=physician), physician)
            for _ in range(3)]


def password_only(client, visit):
    return client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                       {"password": TEST_PASSWORD, "meaning": "authored"})


def with_username(client, visit, username="physician"):
    return client.post(reverse("notes:sign", kwargs={"pk": visit.pk}),
                       {"username": username, "password": TEST_PASSWORD,
                        "meaning": "authored"})


def test_the_three_cases(client, physician, three_visits, clock):
    first, second, third = three_visits
    login(client, physician.username)

    # (a) First signing of the session: the password alone is not enough.
    page = client.get(reverse("notes:review", kwargs={"pk": first.pk})).content.decode()
    assert 'name="username"' in page
    refused = password_only(client, first)
    assert refused.status_code == 400 and "username" in refused.context["sign_form"].errors
    assert with_username(client, first).status_code == 302

    # (b) Same continuous session: the password alone signs.
    page = client.get(reverse("notes:review", kwargs={"pk": second.pk})).content.decode()
    assert 'name="username"' not in page
    assert password_only(client, second).status_code == 302

    # (c) Idle sign-out, then a new sign-in: both components again.
    clock.advance(settings.SESSION_IDLE_TIMEOUT + 60)
    assert client.get(reverse("home")).status_code == 302
    login(client, physician.username)
    refused = password_only(client, third)
    assert refused.status_code == 400 and "username" in refused.context["sign_form"].errors
    assert with_username(client, third).status_code == 302
    assert Signature.objects.filter(signer=physician).count() == 3


def test_a_sign_out_and_in_also_resets_the_rule(client, physician, three_visits):
    first, second, _ = three_visits
    login(client, physician.username)
    assert with_username(client, first).status_code == 302
    client.post(reverse("logout"))
    login(client, physician.username)
    assert password_only(client, second).status_code == 400


def test_the_username_must_be_the_signed_in_users(client, physician, colleague, three_visits):
    login(client, physician.username)
    response = with_username(client, three_visits[0], username=colleague.username)
    assert response.status_code == 400
    assert not Signature.objects.exists()
