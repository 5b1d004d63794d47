"""The export filters: visit dates, physician, status (signed only by default), red flags."""

from django import forms
from django.utils.translation import gettext_lazy

from backpain.accounts.models import User
from backpain.core.date_range import DateInput, DateRangeForm

from .selectors import ExportFilters, RedFlagChoice, StatusChoice, physicians_for_export


class ExportFilterForm(DateRangeForm):
    date_from = forms.DateField(label=gettext_lazy("Visits from"), required=False,
                                widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("Visits to"), required=False, widget=DateInput)
    # (quoted: ModelChoiceField is generic for the type checker only)
    physician: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=gettext_lazy("Physician"), queryset=None, required=False,
        empty_label=gettext_lazy("Any physician"))
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=StatusChoice.CHOICES,
                               initial=StatusChoice.SIGNED, required=False)
    red_flags = forms.ChoiceField(label=gettext_lazy("Red flags"), choices=RedFlagChoice.CHOICES,
                                  initial=RedFlagChoice.ANY, required=False)

    def __init__(self, *args, clinic_id, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this clinic's physicians can be chosen: another clinic's id is invalid.
        self.fields["physician"].queryset = physicians_for_export(clinic_id)
        self.fields["physician"].label_from_instance = lambda user: (
            user.signature_name or user.get_username())

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        physician = data.get("physician")
        return ExportFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            physician_id=physician.pk if physician else None,
            # An empty choice means the default: signed notes only.
            status=data.get("status") or StatusChoice.SIGNED,
            red_flags=data.get("red_flags") or RedFlagChoice.ANY,
        )
