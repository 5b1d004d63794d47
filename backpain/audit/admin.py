"""The audit trail in Django admin: readable by administrators, never editable; and the
sign-in attempts of django-axes, scoped to the administrator's clinic."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy

from .models import AuditAction, AuditEvent
from .services import record_event


class ActionFilter(admin.SimpleListFilter):
    """The actions by their names (the column has no choices: see AuditEvent.action)."""

    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return AuditAction.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "username",
        "action_name",
        "object_type",
        "object_id",
        "patient_id",
        "client_ip",
    )
    list_filter = (ActionFilter, "occurred_at")
    search_fields = ("username", "object_id", "=patient_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("user", "clinic")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(clinic_id=request.user.clinic_id)

    @admin.display(description=gettext_lazy("action"), ordering="action")
    def action_name(self, event):
        return event.get_action_display()

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes' sign-in attempts, shown to a clinic's administrators for their own staff only:
# another clinic's usernames and addresses are not theirs to see. Attempts at usernames that
# belong to no clinic are left to the superuser.
class ClinicScopedAttempts:
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staff = get_user_model().objects.filter(clinic_id=request.user.clinic_id)
        return qs.filter(username__in=staff.values("username"))


class ClinicAccessAttemptAdmin(ClinicScopedAttempts, axes_admin.AccessAttemptAdmin):
    """Deleting an attempt unlocks the username at that address; each unlock is audited."""

    def delete_model(self, request, obj):
        self.delete_queryset(request, AccessAttempt.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for attempt in queryset:
                record_event(action=AuditAction.ACCOUNT_UNLOCKED, request=request,
                             details={"unlocked_username": attempt.username,
                                      "ip_address": attempt.ip_address,
                                      "failures": attempt.failures_since_start})
            queryset.delete()


class ClinicAccessFailureLogAdmin(ClinicScopedAttempts, axes_admin.AccessFailureLogAdmin):
    pass


class ClinicAccessLogAdmin(ClinicScopedAttempts, axes_admin.AccessLogAdmin):
    pass


for model, model_admin in ((AccessAttempt, ClinicAccessAttemptAdmin),
                           (AccessFailureLog, ClinicAccessFailureLogAdmin),
                           (AccessLog, ClinicAccessLogAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
