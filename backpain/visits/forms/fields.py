"""Form-field rules of the findings vocabulary shared by the step forms."""

import datetime

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import ChoiceListField, step_formfield

# A list holding one of these answers says "nothing of the kind": it cannot also hold others.
EXCLUSIVE_ANSWERS = ("none", "nothing")


class ExclusiveAnswerValidator:
    def __init__(self, choices):
        self.labels = dict(choices)

    def __call__(self, value):
        for answer in EXCLUSIVE_ANSWERS:
            if answer in value and len(value) > 1:
                raise ValidationError(
                    _("“%(label)s” cannot be combined with other answers."),
                    code="exclusive",
                    params={"label": self.labels.get(answer, answer)},
                )


def findings_formfield(model_field, **kwargs):
    """step_formfield, plus the ranges as min/max (so the message names the bound), a lone
    "none" in lists, and date pickers."""
    bounds = getattr(model_field, "bounds", None)
    if bounds is not None:
        kwargs.setdefault("min_value", bounds[0])
        kwargs.setdefault("max_value", bounds[1])
    field = step_formfield(model_field, **kwargs)
    if isinstance(field, ChoiceListField):
        choices = list(model_field.vocabulary.choices)
        if any(value in EXCLUSIVE_ANSWERS for value, _ in choices):
            field.validators.append(ExclusiveAnswerValidator(choices))
    elif isinstance(field, forms.DateField):
        field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    elif isinstance(field.widget, forms.Textarea):
        field.widget.attrs["rows"] = 4  # a narrative or a comment: four lines to begin with
    return field


def grade_field(low, high, label, blank="–"):
    """A small select of grades low..high; the empty option (by default "–") means not
    examined or not answered."""
    return forms.TypedChoiceField(
        choices=[("", blank), *((n, str(n)) for n in range(low, high + 1))],
        coerce=int,
        empty_value=None,
        required=False,
        label=label,
    )


class TriStateSelect(forms.NullBooleanSelect):
    """Yes / No / Not examined as a compact select, for left/right tables."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Not examined")), ("true", _("Yes")), ("false", _("No"))]


def visit_of(record):
    """The visit a step record belongs to, or None for a record not yet attached."""
    if getattr(record, "visit_id", None) is None:
        return None
    try:
        return record.visit
    except ObjectDoesNotExist:
        return None


def visit_answers(record) -> dict:
    """The saved answers of the record's visit by path ("history.trauma", "patient.sex"), for
    questions asked only when another step or the patient says so."""
    visit = visit_of(record)
    if visit is None:
        return {}
    return {f"{section}.{name}": value
            for section, values in visit.to_findings().items() if isinstance(values, dict)
            for name, value in values.items()}


def not_after(value: datetime.date | None, limit: datetime.date, message: str):
    if value is not None and value > limit:
        raise ValidationError(message, code="future")
    return value


def today():
    return timezone.localdate()
