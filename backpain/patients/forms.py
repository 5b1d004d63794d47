"""The patient registration and edit form, and the patient search."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Patient
from .services import MRN_TAKEN

OLDEST_AGE_YEARS = 120
SEARCH_MAX_LENGTH = 100


class SearchField(forms.CharField):
    def to_python(self, value):
        # A NUL byte can never match a name and PostgreSQL refuses it in a query: dropped.
        return super().to_python(value).replace("\x00", "")


class PatientSearchForm(forms.Form):
    """A name or an MRN to look for; posted and kept in the session, never in a URL."""

    q = SearchField(label=gettext_lazy("Search by name or MRN"), required=False,
                    max_length=SEARCH_MAX_LENGTH)


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["mrn", "family_name", "given_name", "date_of_birth", "sex"]
        labels = {
            "mrn": gettext_lazy("Medical record number (MRN)"),
            "family_name": gettext_lazy("Family name"),
            "given_name": gettext_lazy("Given name"),
            "date_of_birth": gettext_lazy("Date of birth"),
            "sex": gettext_lazy("Sex"),
        }
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(
                Div(Field("family_name", autofocus=True), css_class="col-md-6"),
                Div("given_name", css_class="col-md-6"),
                Div("date_of_birth", css_class="col-md-4"),
                Div("sex", css_class="col-md-4"),
                Div("mrn", css_class="col-md-4"),
                css_class="row",
            ),
            Submit("save", _("Save patient")),
        )

    def clean_mrn(self):
        mrn = self.cleaned_data["mrn"].strip()
        taken = Patient.objects.filter(clinic=self.clinic, mrn__iexact=mrn)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(MRN_TAKEN)
        return mrn

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Date of birth cannot be in the future."))
        if born < today - timedelta(days=365.25 * (OLDEST_AGE_YEARS + 1)):
            raise forms.ValidationError(
                _("Date of birth is more than %(years)d years ago: please check the year.")
                % {"years": OLDEST_AGE_YEARS}
            )
        return born
