"""A note version records its PDF's size and SHA-1 with the file, for FHIR exports.

A FHIR DocumentReference's attachment gives the file's size and (base64) SHA-1; an export read
every PDF back from storage to work them out, which for a large clinic on object storage is
hundreds of thousands of downloads per export. They are now recorded when the worker stores
the PDF (notes/signed_pdfs.py). On PostgreSQL the version table's trigger (0004) lets through
the PDF's fill with or without them, and once more for a PDF stored before this migration: its
size and SHA-1 filled in where they were empty, nothing else changed
(`manage.py fill_pdf_digests`). Everything else stays refused.
"""

from django.db import migrations, models


FUNCTION = "note_version_pdf_filled_once"
OTHER_COLUMNS = "to_jsonb(NEW) - 'pdf' - 'pdf_sha256' - 'pdf_size' - 'pdf_sha1' = " \
                "to_jsonb(OLD) - 'pdf' - 'pdf_sha256' - 'pdf_size' - 'pdf_sha1'"
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {OTHER_COLUMNS} AND OLD.pdf_size IS NULL AND OLD.pdf_sha1 = '' AND (
        -- the PDF and its SHA-256 filled where both were empty, its size and SHA-1 with them
        -- or not at all
        (OLD.pdf = '' AND OLD.pdf_sha256 = ''
         AND NEW.pdf <> '' AND NEW.pdf_sha256 ~ '^[0-9a-f]{{64}}$'
         AND ((NEW.pdf_size IS NULL AND NEW.pdf_sha1 = '')
              OR (NEW.pdf_size >= 0 AND NEW.pdf_sha1 ~ '^[0-9a-f]{{40}}$')))
        -- or a stored PDF's size and SHA-1 filled in, the file and its SHA-256 as they were
        OR (OLD.pdf <> '' AND NEW.pdf = OLD.pdf AND NEW.pdf_sha256 = OLD.pdf_sha256
            AND NEW.pdf_size >= 0 AND NEW.pdf_sha1 ~ '^[0-9a-f]{{40}}$')) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'signed notes are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
# 0004's function, restored on the way back.
PREVIOUS_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.pdf = '' AND OLD.pdf_sha256 = ''
       AND NEW.pdf <> '' AND NEW.pdf_sha256 ~ '^[0-9a-f]{{64}}$'
       AND to_jsonb(NEW) - 'pdf' - 'pdf_sha256' = to_jsonb(OLD) - 'pdf' - 'pdf_sha256' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'signed notes are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS_FUNCTION, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("notes", "0004_note_pdf_filled_once"),
    ]

    # The columns come first: the function reads them. Going back, it is restored before they
    # are dropped.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, backwards),
        migrations.AddField(
            model_name="noteversion",
            name="pdf_sha1",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="noteversion",
            name="pdf_size",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
