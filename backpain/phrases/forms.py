"""The administrator's form for a phrase template: an abbreviation used once per clinic."""

from django import forms
from django.utils.translation import gettext as _

from .models import PhraseTemplate


class PhraseTemplateForm(forms.ModelForm):
    # The clinic the template belongs to when the form has no clinic field (set by the admin).
    clinic_id: int | None = None

    class Meta:
        model = PhraseTemplate
        fields = ["clinic", "abbreviation", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def clean_abbreviation(self):
        return (self.cleaned_data.get("abbreviation") or "").lower()

    def clean(self):
        cleaned = super().clean()
        clinic = cleaned.get("clinic")
        clinic_id = clinic.pk if clinic is not None else self.clinic_id
        abbreviation = cleaned.get("abbreviation")
        if clinic_id is not None and abbreviation:
            taken = PhraseTemplate.objects.filter(clinic_id=clinic_id, abbreviation=abbreviation)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("abbreviation", forms.ValidationError(
                    _("The clinic already has a phrase “;;%(abbreviation)s”: choose another "
                      "abbreviation."), code="taken", params={"abbreviation": abbreviation}))
        return cleaned
