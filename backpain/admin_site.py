"""The admin site, open to the clinic's Administrators (by role, not by Django's is_staff flag)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy


class ClinicAdminSite(admin.AdminSite):
    site_header = gettext_lazy("backpain administration")
    site_title = "backpain"
    index_title = gettext_lazy("Users and audit trail")

    @property
    def login_form(self):
        # The username's limit enforced, so an over-long one never reaches django-axes
        # (T-51). Imported here: this module is loaded before the models (INSTALLED_APPS).
        from backpain.accounts.forms import AdminSignInForm

        return AdminSignInForm

    def has_permission(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_authenticated
            and user.has_perm("accounts.change_user")
        )

    def password_change(self, request, extra_context=None):
        # Staff change their password on the app's page, which is audited and counts a wrong
        # current password towards the lockout; a superuser without a clinic role keeps
        # Django's.
        user = request.user
        if user.role_permissions():
            return redirect("password_change")
        # As AdminSite.password_change, whose form class cannot be chosen: with the password
        # limit (T-51).
        from django.contrib.auth.views import PasswordChangeView

        from backpain.accounts.forms import SuperuserPasswordChangeForm

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=SuperuserPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)


class ClinicAdminConfig(AdminConfig):
    default_site = "backpain.admin_site.ClinicAdminSite"
