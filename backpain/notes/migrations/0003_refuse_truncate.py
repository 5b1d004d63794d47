"""On PostgreSQL, TRUNCATE of the clinical record and of the audit trail is refused too.

Row triggers (notes 0002, audit 0002) do not fire on TRUNCATE, so these statement triggers
refuse it on the visit, step, note and audit tables (and so any TRUNCATE ... CASCADE that
would reach them). The app's database role has no TRUNCATE privilege at all
(docs/security.md); these triggers stop the owner role as well.

The one sanctioned exception is `manage.py flush` outside production (the tests empty their
database with it): backpain's flush command sets `backpain.allow_truncate` for its session.
"""

import importlib

from django.db import migrations

signed_note_triggers = importlib.import_module(
    "backpain.notes.migrations.0002_signed_note_triggers")
TABLES = ("visits_visit", *signed_note_triggers.STEP_TABLES, *signed_note_triggers.NOTE_TABLES,
          "audit_auditevent")

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION clinical_record_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('backpain.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION clinical_record_refuse_truncate();",
            params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_refuse_truncate ON {table};",
                              params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS clinical_record_refuse_truncate();",
                          params=None)


class Migration(migrations.Migration):
    dependencies = [("notes", "0002_signed_note_triggers"), ("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
