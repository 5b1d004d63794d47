"""The Django columns of the data dictionary's declarations, and the database constraints
they imply: a finding is declared once (backpain/clinical/dictionary/) and stored as these."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, ItemList, Kind
from backpain.clinical.dictionary.roots import SIDES, grid_column, side_column

from .. import vocabulary as v


@deconstructible
class ChoiceListValidator:
    """A list of distinct values of one vocabulary; "none" (or "nothing") stands alone."""

    def __init__(self, choices):
        self.choices = choices

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of choices."))
        allowed = set(self.choices.values)
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(_("Unknown choice(s): %(choices)s.")
                                  % {"choices": ", ".join(map(str, unknown))})
        if len(set(value)) != len(value):
            raise ValidationError(_("A choice is listed twice."))
        exclusive = {"none", "nothing"} & set(value)
        if exclusive and len(value) > 1:
            raise ValidationError(
                _("“%(choice)s” cannot be combined with other choices.")
                % {"choice": self.choices(exclusive.pop()).label}
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and other.choices == self.choices


def choices_of(vocabulary):
    """The TextChoices class of a dictionary vocabulary (Region for "region")."""
    return getattr(v, "".join(part.capitalize() for part in vocabulary.name.split("_")))


def finding_columns(section) -> dict:
    """Column name -> model field, for every declaration of a dictionary section, in order."""
    columns = {}
    for item in dictionary.section(section):
        if isinstance(item, Grid):
            for side in SIDES:
                for key in item.keys:
                    columns[grid_column(item.prefix, key, side)] = grid_field(item, key, side)
        elif isinstance(item, ItemList):
            for number, (label, low, high) in enumerate(item.items, start=1):
                columns[item.column(number)] = bounded(low, high, label)
        elif item.sided:
            for side in SIDES:
                columns[side_column(item.name, side)] = model_field(item, f"{item.label}, {side}")
        else:
            columns[item.name] = model_field(item)
    return columns


def grid_field(grid: Grid, key, side):
    label = grid.column_label(key, side)
    if grid.kind is Kind.CHOICE:
        return choice(choices_of(grid.values), label)
    return bounded(grid.low, grid.high, label)


def model_field(finding: Finding, label=None):
    """The column of one finding (of one side of a sided one)."""
    label = label or finding.label
    kind = finding.kind
    if kind is Kind.TRI:
        return tri(label, finding.help)
    if kind is Kind.CHOICE and finding.required:
        return models.CharField(label, max_length=20, choices=choices_of(finding.values).choices)
    if kind is Kind.CHOICE:
        return choice(choices_of(finding.values), label, finding.help)
    if kind is Kind.CHOICES:
        return choice_list(choices_of(finding.values), label, finding.help)
    if kind is Kind.INTEGER or kind is Kind.DECIMAL:
        low, high = finding.low, finding.high
        if low is None or high is None:  # declare.integer() and decimal() always set them
            raise TypeError(f"{finding.path}: a number needs its bounds (low and high).")
        if kind is Kind.INTEGER or not finding.places:
            return bounded(int(low), int(high), label, finding.help)
        return bounded_decimal(int(low), int(high), label,
                               digits=finding.digits, places=finding.places,
                               help_text=finding.help)
    if kind is Kind.DATE:
        return models.DateField(label, null=True, blank=True, help_text=finding.help)
    return models.TextField(label, max_length=finding.max_length, blank=True,
                            help_text=finding.help)


def tri(label, help_text=""):
    """A yes/no question where empty means not asked, which is not the same as no."""
    return models.BooleanField(label, null=True, blank=True, help_text=help_text)


def choice(vocabulary, label, help_text=""):
    return models.CharField(
        label, max_length=40, choices=vocabulary.choices, null=True, blank=True, help_text=help_text
    )


def choice_list(vocabulary, label, help_text=""):
    field = models.JSONField(
        label,
        default=list,
        blank=True,
        validators=[ChoiceListValidator(vocabulary)],
        help_text=help_text,
    )
    field.vocabulary = vocabulary
    return field


def bounded(low, high, label, help_text=""):
    field = models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        help_text=help_text,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
    )
    field.bounds = (low, high)
    return field


def bounded_decimal(low, high, label, digits=5, places=1, help_text=""):
    field = models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=places,
        null=True,
        blank=True,
        help_text=help_text,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
    )
    field.bounds = (low, high)
    return field


def vocabulary_constraints(model_name, fields):
    """Check constraints for every bounded and single-choice field of a model's `fields`."""
    constraints = []
    for field in fields:
        if isinstance(field, models.CharField) and field.choices and field.null:
            condition = models.Q(**{f"{field.name}__in": [v for v, _ in field.choices]})
        elif hasattr(field, "bounds"):
            low, high = field.bounds
            condition = models.Q(**{f"{field.name}__gte": low, f"{field.name}__lte": high})
        else:
            continue
        constraints.append(
            models.CheckConstraint(
                condition=condition | models.Q(**{f"{field.name}__isnull": True}),
                name=f"{model_name}_{field.name}_valid",
            )
        )
    return constraints


def with_vocabulary_constraints(model):
    """Class decorator: add the check constraints of its vocabulary fields to a model.

    The model's Meta must declare `constraints` (possibly empty) so migrations see them.
    """
    derived = vocabulary_constraints(model._meta.model_name, model._meta.local_fields)
    model._meta.constraints = [*model._meta.constraints, *derived]
    model.field_rule_constraints = getattr(model, "field_rule_constraints", frozenset()) | {
        constraint.name for constraint in derived}
    return model


def without_field_rules(model_constraints):
    """A model's constraints (Model.get_constraints) less those that repeat a field's own
    validators: each vocabulary constraint says in SQL what the field's choices or bounds say
    in Python, and `clean_fields` has checked those with a message beside the field.
    Validating them again costs one query each (60 for an examination) and can find nothing
    new; the database still enforces them on every write."""
    return [(model, [constraint for constraint in constraints
                     if constraint.name not in getattr(model, "field_rule_constraints", ())])
            for model, constraints in model_constraints]
