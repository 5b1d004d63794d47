"""Authentication backend: Django's, minus demo accounts on a production server, and a user's
permissions read in one query."""

from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import CharField, Value

from backpain.core.prepared_queries import PreparedQuery


class ClinicModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if settings.REFUSE_DEMO_USERS and getattr(user, "is_demo", False):
            return False
        return super().user_can_authenticate(user)

    def get_all_permissions(self, user_obj, obj=None):
        """Django's answer (the user's own permissions and their roles'), read in one query
        rather than one for each, compiled once per process: every page asks before it
        answers (core/access.py), and the navigation asks for the roles'
        (User.role_permissions)."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and not user_obj.is_superuser:
            found: dict[str, set[str]] = {"user": set(), "group": set()}
            for source, app_label, codename in user_permissions().rows(user_id=user_obj.pk):
                found[source].add(f"{app_label}.{codename}")
            user_obj._user_perm_cache, user_obj._group_perm_cache = found["user"], found["group"]
            user_obj._perm_cache = found["user"] | found["group"]
        return super().get_all_permissions(user_obj, obj)


@cache
def user_permissions() -> PreparedQuery:
    """("user" or "group", app label, codename) of each permission a user holds, as Django's
    ModelBackend finds them (user_permissions, and the permissions of the user's groups)."""
    user_model = get_user_model()
    of_groups = "group__" + user_model._meta.get_field("groups").related_query_name()
    of_user = user_model._meta.get_field("user_permissions").related_query_name()

    def held(source, **lookup):
        return Permission.objects.filter(**lookup).values_list(
            Value(source, output_field=CharField()), "content_type__app_label", "codename",
        ).order_by()

    return PreparedQuery(
        lambda user_id: held("user", **{of_user: user_id}).union(
            held("group", **{of_groups: user_id}), all=True),
        user_id=user_model._meta.pk)
