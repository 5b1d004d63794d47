"""Template context: the signed-in user's roles, for navigation."""


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_intake": user.is_intake,
        "is_physician": user.is_physician,
        "is_administrator": user.is_administrator,
    }
