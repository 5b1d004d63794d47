"""What every step form shares: tri-state radios, checkbox lists, and no form tag of its own."""

from crispy_forms.helper import FormHelper
from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .widget_html import StepFormRenderer


class TriStateRadio(forms.RadioSelect):
    """Yes / No / Not asked: "Not asked" (None) is a real answer, distinct from "No"."""

    def __init__(self, attrs=None):
        choices = [("true", _("Yes")), ("false", _("No")), ("unknown", _("Not asked"))]
        super().__init__(attrs, choices=choices)

    def format_value(self, value):
        mapping = {True: "true", False: "false", "true": "true", "false": "false"}
        return [mapping.get(value, "unknown")]


class TriStateField(forms.NullBooleanField):
    widget = TriStateRadio


class ChoiceListField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def step_formfield(model_field, **kwargs):
    """Form fields for the vocabulary: checkboxes for lists, three radios for tri-state."""
    common = {"label": capfirst(model_field.verbose_name), "help_text": model_field.help_text,
              "required": False}
    vocabulary = getattr(model_field, "vocabulary", None)
    if isinstance(model_field, models.JSONField) and vocabulary is not None:
        return ChoiceListField(choices=vocabulary.choices, **common)
    if isinstance(model_field, models.BooleanField) and model_field.null:
        return TriStateField(**common)
    return model_field.formfield(**kwargs)


class StepForm(forms.ModelForm):
    """A ModelForm over a step model. The step page supplies the <form> tag, the version
    field and the Save buttons, so subclasses' helpers render fields only."""

    # Set by the step page for a signed visit: the fields show, disabled, with no buttons.
    read_only = False
    default_renderer = StepFormRenderer()

    class Meta:
        formfield_callback = step_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
