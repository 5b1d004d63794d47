"""The form that opens a visit."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.accounts.selectors import physicians_of_clinic

from ..models import Visit
from ..services import visit_date_problem


class PhysicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.signature_name or obj.username


class OpenVisitForm(forms.ModelForm):
    assigned_physician = PhysicianChoiceField(
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Not yet assigned"),
        label=gettext_lazy("Assigned physician"),
    )

    class Meta:
        model = Visit
        fields = ["visit_date", "visit_type", "chief_complaint", "assigned_physician"]
        labels = {
            "visit_date": gettext_lazy("Visit date"),
            "visit_type": gettext_lazy("Type of visit"),
            "chief_complaint": gettext_lazy("Chief complaint (in the patient's words)"),
        }
        widgets = {"visit_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, user, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["assigned_physician"].queryset = physicians_of_clinic(user.clinic_id)
        if not self.is_bound:
            self.initial.setdefault("visit_date", timezone.localdate())
            if user.has_perm("visits.sign_visit"):
                self.initial.setdefault("assigned_physician", user.pk)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Div(
                Div(Field("visit_date", autofocus=True), css_class="col-md-4"),
                Div("visit_type", css_class="col-md-4"),
                Div("assigned_physician", css_class="col-md-4"),
                css_class="row",
            ),
            "chief_complaint",
            Submit("open", _("Open visit")),
        )

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if problem := visit_date_problem(visit_date, self.patient):
            raise forms.ValidationError(problem)
        return visit_date
