"""Physicians hold the permission to record the examination, diagnostics, assessment and plan:
the step pages check it instead of the role's name."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from backpain.accounts.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_alter_clinic_address"),
        ("visits", "0006_examine_patient_permission"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
