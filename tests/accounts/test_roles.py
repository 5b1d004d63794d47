"""The three role groups exist after migrating, each with exactly its permissions."""

from django.contrib.auth.models import Group

from backpain.accounts.roles import ROLE_PERMISSIONS, Role


def test_groups_have_their_permissions(db):
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_PERMISSIONS[role])


def test_administrators_cannot_touch_clinical_content(db):
    granted = ROLE_PERMISSIONS[Role.ADMINISTRATOR]
    assert not [
        p
        for p in granted
        if p.startswith(("patients.", "visits.")) and not p.endswith("export_visits")
    ]


def test_only_physicians_may_sign(db):
    signers = [role for role, perms in ROLE_PERMISSIONS.items() if "visits.sign_visit" in perms]
    assert signers == [Role.PHYSICIAN]


def test_signature_name(physician):
    assert physician.signature_name == "Jane Doe, MD"
    physician.credentials = ""
    assert physician.signature_name == "Jane Doe"


def test_a_user_holds_their_roles_and_their_own_permissions_in_one_query(
        intake, django_assert_num_queries):
    """has_perm answers from the user's roles and any permission given to them alone, read
    once a request (accounts/backends.py); the navigation counts only the roles'."""
    from django.contrib.auth.models import Permission

    from backpain.accounts.models import User

    own = Permission.objects.get(codename="export_visits")
    intake.user_permissions.add(own)
    user = User.objects.get(pk=intake.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("visits.export_visits")
        assert user.has_perm("patients.add_patient")
        assert not user.has_perm("visits.sign_visit")
        assert "visits.export_visits" not in user.role_permissions()
        assert "patients.add_patient" in user.role_permissions()
    Group.objects.get(name=Role.INTAKE.value).user_set.remove(intake)
    user = User.objects.get(pk=intake.pk)
    assert user.has_perm("visits.export_visits") and not user.has_perm("patients.add_patient")
