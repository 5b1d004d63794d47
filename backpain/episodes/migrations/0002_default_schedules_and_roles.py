"""Every existing clinic starts on the default follow-up schedule; the roles are granted the
episode and schedule permissions."""

from django.db import migrations


def forwards(apps, schema_editor):
    from backpain.accounts.roles import sync_role_permissions
    from backpain.episodes.schedules import DEFAULT, apply_preset

    Clinic = apps.get_model("accounts", "Clinic")
    FollowUpPoint = apps.get_model("episodes", "FollowUpPoint")
    for clinic_id in Clinic.objects.values_list("pk", flat=True):
        if not FollowUpPoint.objects.filter(clinic_id=clinic_id).exists():
            apply_preset(FollowUpPoint, clinic_id, DEFAULT)
    sync_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0001_initial"),
        ("accounts", "0006_clinic_locale"),
        ("phrases", "0002_administrator_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
