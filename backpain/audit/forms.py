"""Filters of the audit page: who, which patient, what, when."""

from django import forms
from django.utils.translation import gettext_lazy

from backpain.core.date_range import DateInput, DateRangeForm

from .models import AuditAction
from .selectors import AuditFilters


class AuditFilterForm(DateRangeForm):
    username = forms.CharField(label=gettext_lazy("User (username)"), required=False,
                               max_length=150)
    patient = forms.CharField(label=gettext_lazy("Patient (id or MRN)"), required=False,
                              max_length=32)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False,
                               choices=[("", gettext_lazy("Any action")), *AuditAction.choices])
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(username=data.get("username", "").strip(),
                            patient=data.get("patient", "").strip(),
                            action=data.get("action", ""), date_from=data.get("date_from"),
                            date_to=data.get("date_to"))
