"""Administrators define their clinic's phrase templates: grant the role its permissions."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from backpain.accounts.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("phrases", "0001_initial"),
        ("accounts", "0006_clinic_locale"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
