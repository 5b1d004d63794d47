"""User and clinic administration, scoped to the administrator's own clinic."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.audit.models import AuditAction
from backpain.audit.services import record_event

from .forms import AccountChangeForm, AccountCreationForm
from .models import Clinic, User
from .passwords import link_lifetime, send_password_link


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ("name", "timezone", "locale", "phone")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.clinic_id)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "signature_name", "clinic", "is_active", "last_login")
    list_filter = ("is_active", "groups")
    list_select_related = ("clinic",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Person"), {"fields": ("first_name", "last_name", "email", "printed_name",
                                             "credentials")}),
        (gettext_lazy("Clinic and role"), {"fields": ("clinic", "groups", "is_active")}),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    superuser_fieldsets = fieldsets + (
        (gettext_lazy("Superuser"), {"fields": ("is_staff", "is_superuser", "user_permissions",
                                                "is_demo")}),
    )
    readonly_fields = ("last_login", "date_joined")
    # No password on the add form: the new user is emailed a link to choose their own.
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_form_template = None  # Django's add_form.html is for choosing a password
    add_fieldsets = (
        (None, {"fields": ("username", "email"),
                "description": gettext_lazy("The new user is emailed a link to choose their own "
                                            "password. Nobody else ever sets or sees it.")}),
        (gettext_lazy("Person"), {"fields": ("first_name", "last_name", "printed_name",
                                             "credentials")}),
        (gettext_lazy("Role"), {"fields": ("groups",)}),
    )
    superuser_add_fieldsets = add_fieldsets + (
        (gettext_lazy("Clinic"), {"fields": ("clinic",)}),)
    actions = ["send_password_reset_link"]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.superuser_add_fieldsets if request.user.is_superuser \
                else self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.fieldsets

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(clinic_id=request.user.clinic_id)

    def get_list_filter(self, request):
        # A clinic filter lists every clinic: only the superuser, who sees them all, has it.
        return (*self.list_filter, "clinic") if request.user.is_superuser else self.list_filter

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        # A clinic administrator manages their own clinic's staff only.
        fields = (*self.readonly_fields, "clinic")
        if obj is not None and obj.has_usable_password():
            # Reset links go to this address: an administrator who could change it could
            # send a user's link to themselves and choose the password (T-13). It can be
            # corrected while the user has not yet set a password.
            fields = (*fields, "email")
        return fields

    def user_change_password(self, request, id, form_url=""):
        # Nobody sets another person's password: a signature must be theirs alone (21 CFR
        # 11.200(a)(3)). Users change their own; a lost password is reset out of band.
        record_event(action=AuditAction.PERMISSION_DENIED, request=request,
                     details={"path": request.path[:300], "reason": "set another's password"})
        raise PermissionDenied(_("Administrators cannot set another user's password."))

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.clinic_id = request.user.clinic_id
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # After the user and their groups are saved: the email goes to a complete account.
        self.send_links(request, [obj], new_account=True)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=gettext_lazy("Send a password reset link"), permissions=["change"])
    def send_password_reset_link(self, request, queryset):
        # The queryset is the administrator's own clinic (get_queryset).
        self.send_links(request, list(queryset), new_account=False)

    def send_links(self, request, users, *, new_account):
        """Email each user a link to choose their password; say where it went, never what."""
        sent, unsendable, failed = [], [], []
        for user in users:
            try:
                if send_password_link(user=user, request=request, new_account=new_account):
                    sent.append(f"{user.get_username()} ({user.email})")
                else:
                    unsendable.append(user.get_username())
            except OSError:
                failed.append(user.get_username())
        if sent:
            self.message_user(
                request, _("A link to choose a password was emailed to %(users)s. It works "
                           "once, for %(lifetime)s.") % {"users": ", ".join(sent),
                                                         "lifetime": link_lifetime()},
                messages.SUCCESS)
        if unsendable:
            self.message_user(
                request, _("No link sent to %(users)s: the account is inactive or has no valid "
                           "email address.") % {"users": ", ".join(unsendable)},
                messages.WARNING)
        if failed:
            self.message_user(
                request, _("The email to %(users)s could not be sent: check the mail settings "
                           "(EMAIL_URL), then use “Send a password reset link” in the user "
                           "list.") % {"users": ", ".join(failed)}, messages.ERROR)
