"""Administrators may see and clear login lockouts (django-axes access attempts)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from backpain.accounts.roles import sync_role_permissions

    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
