"""The plan step's form: disposition, management, orders, referrals and follow-up."""

from crispy_forms.layout import Fieldset, Layout
from django import forms

from ..models import Plan
from .base import StepForm
from .fields import findings_formfield, label_blank_choices
from .layout import inline, row


class PlanForm(StepForm):
    class Meta(StepForm.Meta):
        model = Plan
        fields = Plan.finding_field_names()
        formfield_callback = findings_formfield
        widgets = {"plan_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_blank_choices(self, "Not decided")
        self.helper.layout = Layout(
            Fieldset("Disposition", "disposition"),
            Fieldset(
                "Management",
                *inline(self, "education", "medications", "rehabilitation", "interventions"),
            ),
            Fieldset(
                "Orders and referrals",
                *inline(self, "imaging_ordered", "labs_ordered", "referrals"),
            ),
            Fieldset(
                "Work and follow-up",
                row("work_advice", "follow_up_weeks", width="col-sm-6"),
                "plan_notes",
            ),
        )
