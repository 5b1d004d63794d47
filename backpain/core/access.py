"""View decorators that admit signed-in clinic staff holding the Django permissions a screen
needs: roles are groups of permissions (accounts/roles.py), and views never ask a role's name."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .signals import access_refused


def permission_required(*permissions: str, any_of: bool = False):
    """Anonymous users go to the sign-in page; a user of no clinic, or without the
    permissions (all of them, or one with `any_of`), gets 403 and the refusal is announced."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = (any if any_of else all)(user.has_perm(name) for name in permissions)
            if user.clinic_id is None or not held:
                refuse(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def refuse(request, **details):
    """Announce the refusal (the audit trail records it) and answer 403."""
    access_refused.send(sender=None, request=request,
                        details={"path": request.path[:300], "method": request.method,
                                 **details})
    raise PermissionDenied
