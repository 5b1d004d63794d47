"""The form that opens a visit."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy

from backpain.accounts.selectors import physicians_of_clinic
from backpain.episodes.selectors import open_episodes_of

from ..models import Visit, VisitType
from ..services import visit_date_problem


class PhysicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.signature_name or obj.username


class EpisodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return gettext("%(condition)s, since %(date)s") % {
            "condition": obj.condition,
            "date": formats.date_format(obj.start_date, "DATE_FORMAT")}


class OpenVisitForm(forms.ModelForm):
    """Opens a visit now, or (with `booking`) books one ahead."""

    assigned_physician = PhysicianChoiceField(
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Not yet assigned"),
        label=gettext_lazy("Assigned physician"),
    )
    episode = EpisodeChoiceField(
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Start a new episode"),
        label=gettext_lazy("Episode of care"),
        help_text=gettext_lazy("A follow-up or post-operative visit joins an open episode; a "
                               "new-patient visit always starts a new one."),
    )
    condition = forms.CharField(
        required=False, max_length=200,
        label=gettext_lazy("Condition of a new episode"),
        help_text=gettext_lazy("In words, e.g. “low back pain with left sciatica”. Left blank, "
                               "the chief complaint names it."),
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

    def __init__(self, *args, user, patient, booking=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.booking = booking
        self.fields["assigned_physician"].queryset = physicians_of_clinic(user.clinic_id)
        open_episodes = open_episodes_of(patient)
        self.fields["episode"].queryset = open_episodes
        if booking:
            self.fields["visit_date"].label = gettext_lazy("Booked for")
        if not self.is_bound:
            self.initial.setdefault("visit_date", timezone.localdate())
            if user.has_perm("visits.sign_visit"):
                self.initial.setdefault("assigned_physician", user.pk)
            latest = open_episodes.first()
            if latest is not None:
                self.initial.setdefault("episode", latest.pk)
                self.initial.setdefault("visit_type", VisitType.FOLLOW_UP)
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
            Div(
                Div("episode", css_class="col-md-6"),
                Div("condition", css_class="col-md-6"),
                css_class="row",
            ),
        )

    def clean_visit_date(self):
        visit_date = self.cleaned_data["visit_date"]
        if problem := visit_date_problem(visit_date, self.patient, booked=self.booking):
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
