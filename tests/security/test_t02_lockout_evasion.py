"""T-02 Lockout evasion: forged X-Forwarded-For values neither reset the count nor move the
attempts to other addresses; the client address comes only from the trusted proxy hop."""

import pytest
from django.test import RequestFactory

from backpain.audit.models import AuditAction, AuditEvent
from backpain.audit.services import client_ip

from .helpers import login

WRONG = "not-the-password"


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def test_without_a_proxy_forwarded_headers_are_ignored(client, intake, limit):
    for n in range(limit):
        login(client, intake.username, WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
              HTTP_X_REAL_IP=f"198.51.100.{n}", REMOTE_ADDR="192.0.2.10")
    response = login(client, intake.username, HTTP_X_FORWARDED_FOR="198.51.100.200",
                     REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 429
    addresses = set(AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
                    .values_list("client_ip", flat=True))
    assert addresses == {"192.0.2.10"}


def test_behind_one_proxy_only_the_address_it_appended_counts(settings, client, intake, limit):
    settings.NUM_PROXIES = 1
    # The attacker writes anything into X-Forwarded-For; the clinic's proxy appends the
    # address it really saw as the last entry.
    for n in range(limit):
        login(client, intake.username, WRONG, REMOTE_ADDR="10.0.0.2",
              HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7")
    response = login(client, intake.username, REMOTE_ADDR="10.0.0.2",
                     HTTP_X_FORWARDED_FOR="203.0.113.250, 198.51.100.7")
    assert response.status_code == 429


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "203.0.113.9", "192.0.2.10"),
    (0, "", "192.0.2.10"),
    (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),
    (1, "", "192.0.2.10"),
    (2, "203.0.113.9, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
    (2, "10.0.0.3", "192.0.2.10"),  # fewer hops than configured: the socket address
])
def test_the_client_address_comes_from_the_trusted_hop(settings, proxies, forwarded,
                                                       expected):
    settings.NUM_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", **headers)
    assert client_ip(request) == expected
