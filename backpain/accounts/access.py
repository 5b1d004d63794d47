"""View decorators that admit only signed-in users of the given roles."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .roles import Role


def role_required(*roles: Role):
    """Anonymous users go to the login page; signed-in users of another role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if user.clinic_id is None or not any(user.has_role(role) for role in roles):
                record_event(
                    action=AuditAction.PERMISSION_DENIED,
                    request=request,
                    details={"path": request.path[:300], "method": request.method},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


CLINICAL_ROLES = (Role.INTAKE, Role.PHYSICIAN)
