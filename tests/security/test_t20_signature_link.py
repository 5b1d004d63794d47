"""T-20 The signature is bound to its record (21 CFR 11.70): content changed behind the app's
back, or a signature row copied onto another note, is reported as not matching; the review
page warns; the finding is audited."""

from django.db import connection
from django.urls import reverse

from backpain.audit.models import AuditAction, AuditEvent
from backpain.notes.models import Signature
from backpain.notes.services import verify_note
from tests.conftest import make_ready_to_sign
from tests.factories import VisitFactory


def raw_sql(statement, params):
    """Change a row as an intruder with database access would (the triggers switched off)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(statement, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_an_exam_field_changed_in_the_database_is_reported(physician_client, signed_visit):
    assert verify_note(signed_visit).ok
    raw_sql("UPDATE visits_examination SET gait = 'foot_drop' WHERE visit_id = %s",
            [signed_visit.pk])
    result = verify_note(signed_visit)
    assert not result.ok
    assert "The sections of the note changed after signing." in result.problems
    page = physician_client.get(reverse("notes:review", kwargs={"pk": signed_visit.pk}))
    assert "This note does not match what was signed" in page.content.decode()


def test_a_changed_signature_content_is_reported(signed_visit):
    as_json = "::jsonb" if connection.vendor == "postgresql" else ""
    raw_sql("UPDATE notes_signature SET content = replace(CAST(content AS text), "  # noqa: S608
            f"'Jane Doe', 'Mallory'){as_json} WHERE visit_id = %s", [signed_visit.pk])
    result = verify_note(signed_visit)
    assert not result.ok
    assert any("no longer matches its hash" in problem for problem in result.problems)


def test_a_signature_copied_to_another_note_is_not_valid_there(signed_visit, patient,
                                                               physician):
    other = make_ready_to_sign(VisitFactory(patient=patient, created_by=physician,
                                            assigned_physician=physician), physician)
    original = Signature.objects.get(visit=signed_visit)
    Signature.objects.create(visit=other, signer=physician, printed_name=original.printed_name,
                             credentials=original.credentials, meaning=original.meaning,
                             signed_at=original.signed_at, content_hash=original.content_hash,
                             content=original.content)
    result = verify_note(other)
    assert not result.ok
    assert "The visit of the note changed after signing." in result.problems


def test_a_failed_verification_is_audited(physician_client, physician, signed_visit):
    raw_sql("UPDATE visits_examination SET gait = 'foot_drop' WHERE visit_id = %s",
            [signed_visit.pk])
    physician_client.get(reverse("notes:review", kwargs={"pk": signed_visit.pk}))
    event = AuditEvent.objects.get(action=AuditAction.NOTE_VERIFICATION_FAILED)
    assert event.user == physician and event.patient_id == signed_visit.patient_id
    assert "The sections of the note changed after signing." in event.details["problems"]
