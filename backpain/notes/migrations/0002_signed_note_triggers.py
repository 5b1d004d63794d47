"""On PostgreSQL, the database itself refuses to change a signed note.

- The step tables (history, questionnaires, examination, studies, labs, assessment, plan)
  reject INSERT, UPDATE and DELETE for a visit that is signed or amended.
- A signed visit row keeps its content (patient, date, type, complaint, physician) and
  cannot go back to an unsigned status or be deleted.
- Signatures, addenda and stored note versions are append-only.
"""

from django.db import migrations

STEP_TABLES = ("visits_history", "visits_questionnaires", "visits_examination",
               "visits_diagnosticstudy", "visits_labs", "visits_assessment", "visits_plan")
NOTE_TABLES = ("notes_signature", "notes_addendum", "notes_noteversion")

FUNCTIONS = """
CREATE OR REPLACE FUNCTION visit_step_locked_when_signed() RETURNS trigger AS $$
DECLARE
    signed boolean;
BEGIN
    SELECT bool_or(status IN ('signed', 'amended')) INTO signed FROM visits_visit
        WHERE id IN (
            CASE WHEN TG_OP = 'DELETE' THEN OLD.visit_id ELSE NEW.visit_id END,
            CASE WHEN TG_OP = 'UPDATE' THEN OLD.visit_id ELSE NULL END);
    IF signed THEN
        RAISE EXCEPTION 'visit note is signed: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION visit_signed_content_locked() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ('signed', 'amended') THEN
        IF TG_OP = 'DELETE'
           OR NEW.status NOT IN ('signed', 'amended')
           OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
           OR NEW.visit_date IS DISTINCT FROM OLD.visit_date
           OR NEW.visit_type IS DISTINCT FROM OLD.visit_type
           OR NEW.chief_complaint IS DISTINCT FROM OLD.chief_complaint
           OR NEW.assigned_physician_id IS DISTINCT FROM OLD.assigned_physician_id THEN
            RAISE EXCEPTION 'visit note is signed: % of the visit refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION signed_note_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'signed notes are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_sql():
    statements = [FUNCTIONS]
    for table in STEP_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION visit_step_locked_when_signed();")
    statements.append(
        "CREATE TRIGGER visits_visit_signed_lock BEFORE UPDATE OR DELETE ON visits_visit "
        "FOR EACH ROW EXECUTE FUNCTION visit_signed_content_locked();")
    for table in NOTE_TABLES:
        statements.append(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION signed_note_append_only();")
    return "\n".join(statements)


def drop_sql():
    statements = [f"DROP TRIGGER IF EXISTS {t}_signed_lock ON {t};" for t in STEP_TABLES]
    statements.append("DROP TRIGGER IF EXISTS visits_visit_signed_lock ON visits_visit;")
    statements += [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};" for t in NOTE_TABLES]
    statements.append("DROP FUNCTION IF EXISTS visit_step_locked_when_signed();")
    statements.append("DROP FUNCTION IF EXISTS visit_signed_content_locked();")
    statements.append("DROP FUNCTION IF EXISTS signed_note_append_only();")
    return "\n".join(statements)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(create_sql(), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(drop_sql(), params=None)


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial"), ("visits", "0002_steps")]

    operations = [migrations.RunPython(forwards, backwards)]
