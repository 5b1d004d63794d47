"""Authentication backend: Django's, minus demo accounts on a production server, and a user's
permissions read in one query."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import CharField, Value


class ClinicModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if settings.REFUSE_DEMO_USERS and getattr(user, "is_demo", False):
            return False
        return super().user_can_authenticate(user)

    def get_all_permissions(self, user_obj, obj=None):
        """Django's answer (the user's own permissions and their roles'), read in one query
        rather than one for each: every page asks before it answers (core/access.py), and the
        navigation asks for the roles' (User.role_permissions)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and not user_obj.is_superuser:
            own, of_roles = (
                getattr(self, f"_get_{source}_permissions")(user_obj)
                .values_list(Value(source, output_field=CharField()),
                             "content_type__app_label", "codename").order_by()
                for source in ("user", "group"))
            found: dict[str, set[str]] = {"user": set(), "group": set()}
            for source, app_label, codename in own.union(of_roles, all=True):
                found[source].add(f"{app_label}.{codename}")
            user_obj._user_perm_cache, user_obj._group_perm_cache = found["user"], found["group"]
            user_obj._perm_cache = found["user"] | found["group"]
        return super().get_all_permissions(user_obj, obj)
