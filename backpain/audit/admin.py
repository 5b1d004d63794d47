"""The audit trail in Django admin: readable by administrators, never editable."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "username",
        "action",
        "object_type",
        "object_id",
        "patient_id",
        "client_ip",
    )
    list_filter = ("action", "occurred_at")
    search_fields = ("username", "object_id", "=patient_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("user", "clinic")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(clinic_id=request.user.clinic_id)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
