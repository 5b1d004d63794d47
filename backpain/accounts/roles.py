"""The three roles of the clinic (Django groups) and what each may do."""

from enum import StrEnum


class Role(StrEnum):
    INTAKE = "Intake staff"
    PHYSICIAN = "Physician"
    ADMINISTRATOR = "Administrator"


# Permission codenames ("app_label.codename") granted to each group by the data migration.
# Administrators manage users and read the audit trail; they never edit clinical content.
ROLE_PERMISSIONS = {
    Role.INTAKE: [
        "patients.view_patient",
        "patients.add_patient",
        "patients.change_patient",
        "visits.view_visit",
        "visits.add_visit",
        "visits.change_visit",
        "episodes.view_episode",
        "episodes.change_episode",
        "episodes.view_treatment",
        "episodes.change_treatment",
    ],
    Role.PHYSICIAN: [
        "patients.view_patient",
        "patients.add_patient",
        "patients.change_patient",
        "visits.view_visit",
        "visits.add_visit",
        "visits.change_visit",
        "visits.examine_patient",
        "visits.sign_visit",
        "episodes.view_episode",
        "episodes.change_episode",
        "episodes.view_treatment",
        "episodes.add_treatment",
        "episodes.change_treatment",
    ],
    Role.ADMINISTRATOR: [
        "accounts.view_clinic",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        "audit.view_auditevent",
        "visits.export_visits",
        # The clinic's phrase templates (";;neuro"), inserted into free text by clinicians.
        "phrases.view_phrasetemplate",
        "phrases.add_phrasetemplate",
        "phrases.change_phrasetemplate",
        "phrases.delete_phrasetemplate",
        # The clinic's follow-up schedule (episodes.schedules).
        "episodes.view_followuppoint",
        "episodes.add_followuppoint",
        "episodes.change_followuppoint",
        "episodes.delete_followuppoint",
        # Unlocking an account locked by repeated wrong passwords (django-axes).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
    ],
}


# A permission every role holds: "a member of the clinic's staff" (own password pages).
ANY_ROLE = ("patients.view_patient", "audit.view_auditevent")


def sync_role_permissions(apps):
    """Create the role groups and grant each exactly its permissions (run from migrations).

    Permissions are normally created after migrations; they are created here first so a
    fresh database has working roles as soon as it is migrated. A later change of
    ROLE_PERMISSIONS ships with a migration that calls this again.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips those.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # An app migrated after this point (django-axes before its own migrations) is granted
    # by the later migration that calls this again.
    migrated = {model._meta.app_label for model in apps.get_models()}
    # A model added later (episodes.Treatment) is granted by the migration that creates it.
    models_now = {(model._meta.app_label, model._meta.model_name) for model in apps.get_models()}
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            if app_label not in migrated or not_yet_created(app_label, codename, models_now):
                continue
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def not_yet_created(app_label, codename, models_now) -> bool:
    """A default permission (view_, add_, change_, delete_) of a model not created yet."""
    action, _, model_name = codename.partition("_")
    return (action in ("view", "add", "change", "delete")
            and (app_label, model_name) not in models_now)
