"""The form that opens a visit."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import timezone
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

    # Asked only when the patient already has a visit on the chosen day (a second visit the
    # same day is usually a double click or a visit someone else already opened).
    open_another = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.fields["assigned_physician"].queryset = physicians_of_clinic(user.clinic_id)
        if not self.is_bound:
            self.initial.setdefault("visit_date", timezone.localdate())
            if user.has_perm("visits.sign_visit"):
                self.initial.setdefault("assigned_physician", user.pk)
        self.same_day_visits: list[Visit] = []
        self.helper = FormHelper()
        # The page writes the <form> tag and its buttons: a same-day warning goes between.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Div(
                Div(Field("visit_date", autofocus=True), css_class="col-md-4"),
                Div("visit_type", css_class="col-md-4"),
                Div("assigned_physician", css_class="col-md-4"),
                css_class="row",
            ),
            "chief_complaint",
        )

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if problem := visit_date_problem(visit_date, self.patient):
            raise forms.ValidationError(problem)
        return visit_date

    def clean(self):
        cleaned = super().clean()
        # Not the service's input: the service opens what it is asked to open.
        confirmed = cleaned.pop("open_another", False)
        visit_date = cleaned.get("visit_date")
        if visit_date is not None and not confirmed:
            self.same_day_visits = list(Visit.objects.filter(
                patient=self.patient, visit_date=visit_date).select_related(
                "assigned_physician").order_by("id"))
            if self.same_day_visits:
                self.add_error("visit_date", forms.ValidationError(
                    gettext_lazy("This patient already has a visit on this day. Open it below, "
                                 "or confirm that a second visit is meant."),
                    code="same_day"))
        return cleaned
