"""What every step form shares: tri-state radios, checkbox lists, and no form tag of its own."""

import copy

from crispy_forms.helper import FormHelper
from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .widget_html import StepFormRenderer, options_in_python


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


# The deep copies Django defines for fields and widgets: a field or widget whose class keeps
# one of these is copied by copied_field; one with a copy of its own goes through deepcopy.
PLAIN_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__,
                forms.Widget.__deepcopy__, forms.widgets.ChoiceWidget.__deepcopy__)


def copied_field(field, memo):
    """A field as Django's Field.__deepcopy__ copies it (its widget, attributes, messages and
    validators of its own), its choices copied as a list of the same (immutable) pairs: Django
    deep-copies each pair and normalizes the widget's again, for every field of every form
    made (a third of building a history form). Other fields go through deepcopy."""
    if type(field).__deepcopy__ not in PLAIN_COPIES or \
            type(field.widget).__deepcopy__ not in PLAIN_COPIES:
        return copy.deepcopy(field, memo)
    result = shallow_copy(field)
    # A select's copy writes its options in Python (widget_html.OptionsInPython).
    widget = result.widget = shallow_copy(field.widget, options_in_python(type(field.widget)))
    widget.attrs = field.widget.attrs.copy()
    if hasattr(widget, "_choices"):
        widget._choices = copy.copy(widget._choices)
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    if hasattr(result, "_choices"):
        result._choices = copy.copy(result._choices)
    memo[id(field)] = result
    return result


def shallow_copy(obj, as_class=None):
    """copy.copy of a plain object (no __copy__, __reduce__, __getstate__ or __slots__ of its
    own, as fields and widgets are): its attributes in a new instance, without copy's detour
    through __reduce_ex__, which took as long as the rest of copied_field. `as_class`, a
    subclass of the object's that adds no state, makes the copy an instance of it."""
    cls = type(obj)
    if (hasattr(cls, "__copy__") or cls.__reduce_ex__ is not object.__reduce_ex__
            or cls.__reduce__ is not object.__reduce__
            or cls.__getstate__ is not object.__getstate__ or hasattr(cls, "__slots__")):
        clone = copy.copy(obj)
        if as_class is not None:
            clone.__class__ = as_class
        return clone
    clone = object.__new__(as_class or cls)
    clone.__dict__.update(obj.__dict__)
    return clone


class StepFields(dict):
    """A step form's base_fields: each form made copies them with copied_field."""

    def __deepcopy__(self, memo):
        return {name: copied_field(field, memo) for name, field in self.items()}


def label_blank_choices(fields, label):
    """Name the empty option of optional selects for what it means (not asked, not examined)."""
    for field in fields.values():
        if (isinstance(field, forms.TypedChoiceField) and not field.required
                and field.choices and field.choices[0][0] == ""):
            field.choices = [("", label), *field.choices[1:]]


class StepFormMetaclass(ModelFormMetaclass):
    """What is the same for every form of a step is done once, on the class's base_fields,
    which each form copies (issue 17): the empty options named by the class's `blank_label`."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = StepFields(new_class.base_fields)
        if new_class.blank_label is not None:
            label_blank_choices(new_class.base_fields, new_class.blank_label)
        return new_class


class StepForm(forms.ModelForm, metaclass=StepFormMetaclass):
    """A ModelForm over a step model. The step page supplies the <form> tag, the version
    field and the Save buttons, so subclasses' helpers render fields only."""

    # Set by the step page for a signed visit: the fields show, disabled, with no buttons.
    read_only = False
    # What an optional select's empty option means (lazy: each page's language), if named.
    blank_label: str | Promise | None = None
    default_renderer = StepFormRenderer()

    class Meta:
        formfield_callback = step_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # No step widget brings media of its own (the page loads its scripts): crispy would
        # gather the empty media of every widget on each render (tests/visits/test_step_forms).
        self.helper.include_media = False
