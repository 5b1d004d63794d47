"""T-19 Server-generated time: times sent with a signing or an addendum (form fields, a
skewed client clock in the Date header) are ignored; the stored times are the server's, UTC."""

import datetime

from django.urls import reverse
from django.utils import timezone

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Addendum, Signature

from .helpers import add_addendum, sign

FORGED = {"signed_at": "2001-01-01T00:00:00Z", "timestamp": "978307200",
          "created_at": "2001-01-01T00:00:00+00:00", "date": "2001-01-01", "time": "00:00"}
SKEWED_CLOCK = {"HTTP_DATE": "Mon, 01 Jan 2001 00:00:00 GMT"}


def assert_server_time(moment, before, after):
    assert before <= moment <= after
    assert moment.utcoffset() == datetime.timedelta(0)


def test_a_signing_is_stamped_by_the_server(physician_client, ready_visit):
    before = timezone.now()
    response = physician_client.post(reverse("notes:sign", kwargs={"pk": ready_visit.pk}), {
        "username": "physician", "password": "correct horse battery staple",
        "meaning": "authored", **FORGED}, **SKEWED_CLOCK)
    after = timezone.now()
    assert response.status_code == 302
    signature = Signature.objects.get(visit=ready_visit)
    assert_server_time(signature.signed_at, before, after)
    event = AuditEvent.objects.get(action=AuditAction.NOTE_SIGNED)
    assert_server_time(event.occurred_at, before, after)


def test_an_addendum_is_stamped_by_the_server(physician_client, signed_visit):
    before = timezone.now()
    assert add_addendum(physician_client, signed_visit, **FORGED).status_code == 302
    after = timezone.now()
    addendum = Addendum.objects.get(visit=signed_visit)
    assert_server_time(addendum.created_at, before, after)
    assert_server_time(addendum.signature.signed_at, before, after)
    assert addendum.signature.content["addenda"][0]["created_at"] == \
        addendum.created_at.isoformat()


def test_the_sign_form_has_no_time_field(physician_client, ready_visit):
    response = sign(physician_client, ready_visit, password="wrong")
    assert set(response.context["sign_form"].fields) == {"username", "password", "meaning"}
