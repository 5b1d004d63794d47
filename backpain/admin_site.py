"""The admin site, open to the clinic's Administrators (by role, not by Django's is_staff flag)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect


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

    def password_change(self, request, extra_context=None):
        # Staff change their password on the app's page, which is audited and counts a wrong
        # current password towards the lockout; a superuser without a clinic role keeps
        # Django's.
        user = request.user
        if user.is_intake or user.is_physician or user.is_administrator:
            return redirect("password_change")
        return super().password_change(request, extra_context)


class ClinicAdminConfig(AdminConfig):
    default_site = "backpain.admin_site.ClinicAdminSite"
