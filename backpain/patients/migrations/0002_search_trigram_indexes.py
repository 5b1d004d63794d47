"""Patient search reads indexes on PostgreSQL, not every patient of the clinic: a trigram index
per searched column, on the upper-cased text that the case-insensitive lookups of
selectors.patients_for compare (Django writes them `UPPER("column"::text) LIKE UPPER(...)`).

SQLite (one small clinic on a laptop) has no trigram index: there the migration does nothing
and the search reads the clinic's patients as before."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCHED = ("family_name", "given_name", "mrn")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS patient_search_{column} ON patients_patient "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS patient_search_{column}")


class Migration(migrations.Migration):

    dependencies = [("patients", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
