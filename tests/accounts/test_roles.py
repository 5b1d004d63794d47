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
