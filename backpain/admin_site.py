"""The admin site, open to the clinic's Administrators (by role, not by Django's is_staff flag)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class ClinicAdminSite(admin.AdminSite):
    site_header = "backpain administration"
    site_title = "backpain"
    index_title = "Users and audit trail"

    def has_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_authenticated
            and (user.is_superuser or user.is_administrator)
        )


class ClinicAdminConfig(AdminConfig):
    default_site = "backpain.admin_site.ClinicAdminSite"
