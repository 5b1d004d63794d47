"""The follow-up schedule in the admin: an administrator edits their own clinic's only, and can
replace it with a registry's preset."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .models import FollowUpPoint
from .schedules import PRESETS, apply_preset, preset_choices


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label=gettext_lazy("Schedule"), choices=preset_choices)


class FollowUpPointForm(forms.ModelForm):
    class Meta:
        model = FollowUpPoint
        fields = ["label", "days_after_index", "window_before_days", "window_after_days"]

    def clean(self):
        cleaned = super().clean()
        before, target = cleaned.get("window_before_days"), cleaned.get("days_after_index")
        if before is not None and target is not None and before > target:
            self.add_error("window_before_days",
                           _("The window cannot open before the index date."))
        clinic_id = getattr(self, "clinic_id", None)
        if clinic_id and target is not None and FollowUpPoint.objects.filter(
                clinic_id=clinic_id, days_after_index=target).exclude(
                pk=self.instance.pk).exists():
            self.add_error("days_after_index",
                           _("The schedule already has a follow-up on this day."))
        return cleaned


@admin.register(FollowUpPoint)
class FollowUpPointAdmin(admin.ModelAdmin):
    form = FollowUpPointForm
    list_display = ("label", "days_after_index", "window_before_days", "window_after_days")
    change_list_template = "episodes/admin_schedule_changelist.html"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(clinic_id=request.user.clinic_id)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.clinic_id = obj.clinic_id if obj is not None else request.user.clinic_id
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.clinic_id = request.user.clinic_id
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return bool(request.user.clinic_id) and super().has_add_permission(request)

    def get_urls(self):
        return [path("preset/", self.admin_site.admin_view(self.preset_view),
                     name="episodes_followuppoint_preset"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"preset_form": PresetForm(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    @method_decorator(require_POST)
    def preset_view(self, request):
        """Replace the administrator's clinic's schedule with a preset (POST only)."""
        if not (request.user.clinic_id and self.has_delete_permission(request)
                and self.has_add_permission(request)):
            raise PermissionDenied
        form = PresetForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the listed schedules."))
            return redirect("admin:episodes_followuppoint_changelist")
        preset = form.cleaned_data["preset"]
        apply_preset(FollowUpPoint, request.user.clinic_id, preset)
        messages.success(request, _("The follow-up schedule is now: %(preset)s.")
                         % {"preset": PRESETS[preset][0]})
        return redirect("admin:episodes_followuppoint_changelist")
