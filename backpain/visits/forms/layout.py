"""Crispy layout pieces shared by the step forms: inline choices and conditional blocks."""

from crispy_forms import bootstrap
from crispy_forms.layout import HTML, Div
from django import forms
from django.utils.html import format_html

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


def paragraph(text, css_class, css_id="") -> HTML:
    """A paragraph of (translated) text in a layout. Crispy's HTML is a template: the text is
    escaped into it, braces included, so no translation is ever read as markup or template code."""
    id_attribute = format_html(' id="{}"', css_id) if css_id else ""
    html = format_html('<p class="{}"{}>{}</p>', css_class, id_attribute, text)
    return HTML(html.replace("{", "&#123;").replace("}", "&#125;"))


def row(*cells, width="col-sm-4"):
    """Fields side by side on a wide screen, stacked on a narrow one."""
    return Div(*(Div(cell, css_class=width) for cell in cells), css_class="row")


def shown_when(form, controllers, values, *fields):
    """A block that static/js/conditional-fields.js shows only while each controlling field
    holds one of its values; without JavaScript it is simply shown. `controllers` is a field
    name or a list of them, `values` the values (or one list of values per controller)."""
    if isinstance(controllers, str):
        controllers, values = [controllers], [values]
    return Div(
        *fields,
        css_class="conditional ms-3 ps-3 border-start",
        data_show_when=";".join(form.add_prefix(name) for name in controllers),
        data_show_values=";".join(",".join(wanted) for wanted in values),
    )
