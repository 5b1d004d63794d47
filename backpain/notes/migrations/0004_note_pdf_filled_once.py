"""A note version is committed with its signature and its PDF filled in once, afterwards.

The PDF is rendered by a worker after the signing commits (notes/tasks.py), so a version row
starts without one. On PostgreSQL the version table's trigger (migration 0002) refused every
UPDATE; it now lets exactly one through: the PDF and its hash written where both were empty,
every other column unchanged. Everything else is refused as before, and deleting still is.
"""

from django.db import migrations, models

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION note_version_pdf_filled_once() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.pdf = '' AND OLD.pdf_sha256 = ''
       AND NEW.pdf <> '' AND NEW.pdf_sha256 ~ '^[0-9a-f]{64}$'
       AND to_jsonb(NEW) - 'pdf' - 'pdf_sha256' = to_jsonb(OLD) - 'pdf' - 'pdf_sha256' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'signed notes are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER = ("CREATE TRIGGER notes_noteversion_append_only BEFORE UPDATE OR DELETE "
           "ON notes_noteversion FOR EACH ROW EXECUTE FUNCTION {function}();")
DROP_TRIGGER = "DROP TRIGGER IF EXISTS notes_noteversion_append_only ON notes_noteversion;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(DROP_TRIGGER, params=None)
    schema_editor.execute(TRIGGER.format(function="note_version_pdf_filled_once"), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_TRIGGER, params=None)
    schema_editor.execute(TRIGGER.format(function="signed_note_append_only"), params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS note_version_pdf_filled_once();",
                          params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('notes', '0003_refuse_truncate'),
        ('visits', '0012_outcome_ratings'),
    ]

    operations = [
        migrations.AlterField(
            model_name='noteversion',
            name='pdf',
            field=models.FileField(blank=True, upload_to='notes/%Y/%m/'),
        ),
        migrations.AlterField(
            model_name='noteversion',
            name='pdf_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddIndex(
            model_name='noteversion',
            index=models.Index(condition=models.Q(('pdf', '')), fields=['id'], name='note_version_pdf_pending'),
        ),
        migrations.AddConstraint(
            model_name='noteversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('pdf', ''), ('pdf_sha256', '')), models.Q(models.Q(('pdf', ''), _negated=True), models.Q(('pdf_sha256', ''), _negated=True)), _connector='OR'), name='note_pdf_with_its_hash'),
        ),
        migrations.RunPython(forwards, backwards),
    ]
