"""T-43 Audit immutability: the audit trail cannot be changed or emptied. In raw SQL as the
owner, UPDATE and DELETE are refused by a trigger and TRUNCATE must be too; under the
application role of docs/security.md (its SQL applied as written) UPDATE, DELETE and
TRUNCATE of the audit, signature and revision tables are refused by privilege while the
app still documents, signs, amends and exports. The admin shows the trail read-only."""

import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.audit.services import record_event
from backpain.exports.models import ExportJob
from backpain.notes.models import Addendum, NoteVersion, Signature
from backpain.visits.models import StepRevision
from tests.factories import TEST_PASSWORD

from .helpers import add_addendum, post_step, sign

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="database privileges and triggers: PostgreSQL only")
APP_ROLE = "backpain_app_security_test"
APPEND_ONLY = ["audit_auditevent", "notes_signature", "notes_addendum", "notes_noteversion",
               "visits_steprevision"]


def documented_grants() -> list[str]:
    """The SQL block of docs/security.md between its app-role-grants markers."""
    text = (settings.BASE_DIR / "docs" / "security.md").read_text()
    block = text.split("<!-- app-role-grants:start -->")[1].split(
        "<!-- app-role-grants:end -->")[0]
    sql = block.split("```sql")[1].split("```")[0]
    sql = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [s.strip().replace("backpain_app", APP_ROLE) for s in sql.split(";") if s.strip()]


def refused(statement, match):
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def as_app_role(db):
    """The rest of the test runs as the documented application role."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
        for statement in documented_grants():
            cursor.execute(statement)
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def test_the_docs_give_the_grants():
    statements = " ".join(documented_grants())
    for table in APPEND_ONLY:
        assert table in statements
    assert re.search(r"REVOKE UPDATE, DELETE, TRUNCATE ON", statements)


@on_postgres
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET action = 'logout'",
                                       "DELETE FROM audit_auditevent"])
def test_the_owner_cannot_update_or_delete_in_raw_sql(physician, statement):
    record_event(action=AuditAction.LOGIN, user=physician)
    refused(statement, "append-only")
    assert AuditEvent.objects.get().action == AuditAction.LOGIN


@on_postgres
def test_the_owner_cannot_truncate_the_trail(committed_signed_visit):
    assert AuditEvent.objects.exists()
    refused("TRUNCATE audit_auditevent", "append-only")
    refused("TRUNCATE accounts_user CASCADE", "append-only")  # the cascade reaches the trail
    assert AuditEvent.objects.exists()


@on_postgres
def test_flush_empties_nothing_in_production(committed_signed_visit):
    with override_settings(PRODUCTION=True), \
            pytest.raises(CommandError, match="couldn't be flushed") as refusal:
        call_command("flush", interactive=False, verbosity=0)
    assert "append-only: TRUNCATE refused" in str(refusal.value.__cause__)
    assert AuditEvent.objects.exists() and Signature.objects.exists()


@on_postgres
@pytest.mark.parametrize("table", APPEND_ONLY)
@pytest.mark.parametrize("verb", ["UPDATE {table} SET id = id", "DELETE FROM {table}",
                                  "TRUNCATE {table}"])
def test_the_app_role_cannot_rewrite_history(signed_visit, as_app_role, table, verb):
    refused(verb.format(table=table), f"permission denied for table {table}")


@on_postgres
def test_the_app_still_works_under_the_app_role(physician_client, intake_client,
                                                administrator_client, ready_visit,
                                                as_app_role):
    assert post_step(intake_client, ready_visit, "history", {
        "regions": ["lumbar"], "onset": "sudden", "pain_now": "4", "radiation": ["none"],
        "bladder_dysfunction": "none", "saddle_numbness": "false", "weakness": "false",
        "bowel_incontinence": "false", "trauma": "none", "cancer_history": "false",
        "unexplained_weight_loss": "false", "fever": "false", "aggravating": ["flexion"]}
    ).status_code == 302
    assert sign(physician_client, ready_visit).status_code == 302
    assert add_addendum(physician_client, ready_visit).status_code == 302
    started = administrator_client.post(reverse("exports:csv"), {
        "status": "signed", "password": TEST_PASSWORD})
    assert started.status_code == 303  # the job page; the job ran and stored its file
    job = ExportJob.objects.get()
    assert administrator_client.get(
        reverse("exports:job_download", args=[job.public_id])).status_code == 200
    assert administrator_client.get(reverse("audit:events")).status_code == 200
    assert Signature.objects.count() == 2 and Addendum.objects.count() == 1
    assert NoteVersion.objects.count() == 2 and not NoteVersion.objects.filter(pdf="").exists()
    assert StepRevision.objects.filter(visit=ready_visit).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ADDENDUM_SIGNED).exists()


def test_the_admin_shows_the_trail_read_only(administrator_client, physician):
    event = record_event(action=AuditAction.PATIENT_VIEWED, user=physician, patient_id=7)
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    administrator_client.post(change, {"action": "login", "username": "someone"})
    delete = administrator_client.post(reverse("admin:audit_auditevent_delete",
                                                args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert administrator_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert (event.action, event.username) == (AuditAction.PATIENT_VIEWED, "physician")
