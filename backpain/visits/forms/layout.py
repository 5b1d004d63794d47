"""Crispy layout pieces shared by the step forms: inline choices and conditional blocks."""

from crispy_forms import bootstrap
from crispy_forms.layout import Div
from django import forms

# crispy-bootstrap5 puts an inline field's error in an .invalid-feedback that no .is-invalid
# sibling reveals, so under Bootstrap 5.3 the message stays hidden: this template shows it.
INLINE_CHOICES_TEMPLATE = "visits/inline_choices.html"


class InlineRadios(bootstrap.InlineRadios):
    template = INLINE_CHOICES_TEMPLATE


class InlineCheckboxes(bootstrap.InlineCheckboxes):
    template = INLINE_CHOICES_TEMPLATE


def inline(form, *names):
    """Each field as the layout shows it: lists as inline checkboxes, radios inline, the
    rest (selects, numbers, text) as crispy's default field."""
    laid_out = []
    for name in names:
        widget = form.fields[name].widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            laid_out.append(InlineCheckboxes(name))
        elif isinstance(widget, forms.RadioSelect):
            laid_out.append(InlineRadios(name))
        else:
            laid_out.append(name)
    return laid_out


def row(*cells, width="col-sm-4"):
    """Fields side by side on a wide screen, stacked on a narrow one."""
    return Div(*(Div(cell, css_class=width) for cell in cells), css_class="row")


def shown_when(form, controller, values, *fields):
    """A block that static/js/conditional-fields.js shows only while the controlling field
    holds one of `values`; without JavaScript it is simply shown."""
    return Div(
        *fields,
        css_class="conditional ms-3 ps-3 border-start",
        data_show_when=form.add_prefix(controller),
        data_show_values=",".join(values),
    )
