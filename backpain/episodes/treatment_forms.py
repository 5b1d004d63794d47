"""The forms of the course of treatment: add a treatment, record its response."""

from django import forms
from django.utils.translation import gettext_lazy

from .models import Treatment


class TreatmentForm(forms.ModelForm):
    class Meta:
        model = Treatment
        fields = ["kind", "detail", "start_date"]
        labels = {"kind": gettext_lazy("Treatment"),
                  "detail": gettext_lazy("Detail (drug and dose, level, procedure)"),
                  "start_date": gettext_lazy("Started on")}
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Treatment
        fields = ["response", "response_note"]
        labels = {"response": gettext_lazy("Response since it started"),
                  "response_note": gettext_lazy("In words (optional)")}
        help_texts = {"response_note": gettext_lazy("E.g. “leg pain 2/10 for 6 weeks”.")}
        widgets = {"response": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.fields["response"].choices = self.fields["response"].choices[1:]
