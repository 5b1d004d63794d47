"""The plan step's form: disposition, management, orders, referrals and follow-up."""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy

from ..models import Plan
from .base import StepForm
from .declared import declared_fieldsets
from .fields import findings_formfield


class PlanForm(StepForm):
    blank_label = gettext_lazy("Not decided")

    class Meta(StepForm.Meta):
        model = Plan
        fields = Plan.finding_field_names()
        formfield_callback = findings_formfield
        widgets = {"plan_notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(*declared_fieldsets(self, "plan"))
