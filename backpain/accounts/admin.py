"""User and clinic administration, scoped to the administrator's own clinic."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .models import Clinic, User


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ("name", "timezone", "phone")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.clinic_id)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "signature_name", "clinic", "is_active", "last_login")
    list_filter = ("is_active", "groups", "clinic")
    list_select_related = ("clinic",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email", "printed_name", "credentials")}),
        ("Clinic and role", {"fields": ("clinic", "groups", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    superuser_fieldsets = fieldsets + (
        ("Superuser", {"fields": ("is_staff", "is_superuser", "user_permissions", "is_demo")}),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        return self.superuser_fieldsets if request.user.is_superuser else self.fieldsets

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(clinic_id=request.user.clinic_id)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        # A clinic administrator manages their own clinic's staff only.
        return (*self.readonly_fields, "clinic")

    def user_change_password(self, request, id, form_url=""):
        # Nobody sets another person's password: a signature must be theirs alone (21 CFR
        # 11.200(a)(3)). Users change their own; a lost password is reset out of band.
        record_event(action=AuditAction.PERMISSION_DENIED, request=request,
                     details={"path": request.path[:300], "reason": "set another's password"})
        raise PermissionDenied("Administrators cannot set another user's password.")

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.clinic_id = request.user.clinic_id
        super().save_model(request, obj, form, change)
