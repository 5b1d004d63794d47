"""The audit trail is append-only: in the model, the queryset, and on PostgreSQL the database."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from backpain.audit.models import AppendOnlyError, AuditAction, AuditEvent
from backpain.audit.services import record_event


def test_events_cannot_be_changed_or_deleted(physician):
    event = record_event(action=AuditAction.LOGIN, user=physician)
    event.action = AuditAction.LOGOUT
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="logout")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.LOGIN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'logout'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_rejects_raw_update_and_delete(physician, statement):
    record_event(action=AuditAction.LOGIN, user=physician)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().action == AuditAction.LOGIN


def test_permission_denial_is_audited(administrator_client, administrator):
    response = administrator_client.get(reverse("patients:list"))
    assert response.status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert event.user == administrator and event.details["path"] == "/patients/"


def test_client_ip_behind_a_trusted_proxy(settings, client, physician):
    from tests.factories import TEST_PASSWORD

    settings.NUM_PROXIES = 1
    client.post(
        reverse("login"),
        {"username": "physician", "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        REMOTE_ADDR="10.0.0.1",
    )
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).client_ip == "198.51.100.7"
