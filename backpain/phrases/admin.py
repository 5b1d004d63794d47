"""Phrase templates in the admin: an administrator sees and edits their own clinic's only."""

from django.contrib import admin

from .forms import PhraseTemplateForm
from .models import PhraseTemplate


@admin.register(PhraseTemplate)
class PhraseTemplateAdmin(admin.ModelAdmin):
    form = PhraseTemplateForm
    list_display = ("abbreviation", "text")
    search_fields = ("abbreviation", "text")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(clinic_id=request.user.clinic_id)

    def get_list_display(self, request):
        # Only the superuser, who sees every clinic's, needs to be told whose each one is.
        if request.user.is_superuser:
            return (*self.list_display, "clinic")
        return self.list_display

    def get_exclude(self, request, obj=None):
        # An administrator's templates are their own clinic's: there is nothing to choose.
        return () if request.user.is_superuser else ("clinic",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser:
            form.clinic_id = request.user.clinic_id
        return form

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.clinic_id = request.user.clinic_id
        super().save_model(request, obj, form, change)
