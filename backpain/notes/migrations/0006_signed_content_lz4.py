"""On PostgreSQL, a signed note's document is compressed with lz4 rather than pglz.

A signed document is some 14 KB of JSON, stored compressed out of line (TOAST). Exports and the
review page read part of it (the engine's reading at signing: `content -> 'decision_support'`),
which decompresses the whole document: with pglz that was a third of PostgreSQL's time for an
export's chunk of visits, lz4 decompresses it in half the time (bench/README.md, issue 17).
Only documents written from now on are compressed so; those stored before stay as they are,
byte for byte (the table is append-only). A server built without lz4 keeps pglz.
"""

from django.db import migrations

SET_LZ4 = """
DO $$
BEGIN
    ALTER TABLE notes_signature ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'PostgreSQL without lz4: signed notes stay compressed with pglz';
END $$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET_LZ4, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE notes_signature ALTER COLUMN content SET COMPRESSION default;",
            params=None)


class Migration(migrations.Migration):
    dependencies = [("notes", "0005_note_pdf_size_and_sha1")]

    operations = [migrations.RunPython(forwards, backwards)]
