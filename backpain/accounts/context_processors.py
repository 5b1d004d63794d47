"""Template context: what the signed-in user's roles allow, for the navigation.

Read from the permissions the user's roles grant (accounts/roles.py), never from a role's name:
a superuser without a role is not clinic staff and sees only the administration links.
"""

CAPABILITIES = {
    "can_document": "visits.view_visit",
    "can_sign": "visits.sign_visit",
    "can_export": "visits.export_visits",
    "can_administer": "accounts.change_user",
}


def capabilities(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    granted = user.role_permissions()
    return {name: permission in granted for name, permission in CAPABILITIES.items()}
