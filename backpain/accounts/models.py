"""Clinics and the people who work in them."""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext_lazy("%(value)s is not a known time zone (e.g. Europe/London)."),
            code="unknown_timezone", params={"value": repr(value)})


def default_locale():
    """A new clinic's locale: the server's (settings.LANGUAGE_CODE, itself from the environment).
    A function, so that the migration does not freeze the value of one machine."""
    return settings.LANGUAGE_CODE


def clinic_language(clinic) -> str:
    """The language of a clinic's pages and notes: its locale, or the server's default
    (LANGUAGE_CODE) for no clinic, or for a locale that is no longer among LANGUAGES."""
    code = getattr(clinic, "locale", None)
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Clinic(models.Model):
    name = models.CharField(max_length=200, unique=True)
    # Printed at the head of every note: a postal address, not a document (T-51).
    address = models.TextField(max_length=500, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(
        max_length=64,
        default=settings.CLINIC_DEFAULT_TIMEZONE,
        validators=[validate_timezone],
        help_text=gettext_lazy("Times are stored in UTC and shown in this zone."),
    )
    # The language and the date formats of the clinic's pages (ClinicLocaleMiddleware).
    locale = models.CharField(
        gettext_lazy("locale"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=default_locale,
        help_text=gettext_lazy(
            "Language and date formats of the clinic's pages: 27/11/2026 in English (United "
            "Kingdom), 11/27/2026 in English (United States). Signed notes keep their own "
            "format (27 Nov 2026)."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A member of a clinic's staff; the printed name and credentials appear on signatures."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    printed_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=gettext_lazy('Full name as it is printed on a signature, e.g. "Jane Doe".'),
    )
    credentials = models.CharField(
        max_length=60, blank=True,
        help_text=gettext_lazy('Qualifications printed after the name, e.g. "MD".'),
    )
    is_demo = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Demo account with a published password; refused in production."),
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.signature_name or self.username

    @property
    def signature_name(self):
        """How the user is named on a signature block: "Jane Doe, MD"."""
        name = self.printed_name or self.get_full_name()
        if name and self.credentials:
            return f"{name}, {self.credentials}"
        return name

    def role_permissions(self) -> set[str]:
        """The permissions the user's roles grant ("visits.sign_visit"), cached: unlike
        has_perm, a superuser holds none of them without a role."""
        from django.contrib.auth.backends import ModelBackend  # imports this model

        if not hasattr(self, "_role_permissions"):
            if self.is_active and not self.is_superuser:
                # What has_perm read from the roles already this request: no query again.
                self._role_permissions = set(ModelBackend().get_group_permissions(self))
            else:
                self._role_permissions = {
                    f"{app_label}.{codename}" for app_label, codename in
                    Permission.objects.filter(group__user=self)
                    .values_list("content_type__app_label", "codename")}
        return self._role_permissions
