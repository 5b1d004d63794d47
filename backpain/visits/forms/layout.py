"""Crispy layout pieces shared by the step forms: blocks, inline choices, plain fields and
conditional blocks.

The blocks write their <div> here and the fields through field_html.py, in Python: a history
page holds some seventy blocks and seventy fields, and a template render for each was most of
the page's time (issue 17). The HTML has the elements of crispy's bootstrap5 templates and of
visits/inline_choices.html, which stay the reference (tests/visits/test_step_rendering.py
compares both ways) and serve any other template pack or helper setting."""

from crispy_forms import bootstrap, layout
from crispy_forms.layout import HTML
from crispy_forms.utils import TEMPLATE_PACK, flatatt
from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .field_html import inline_choices_html, plain_field_html
from .widget_html import escaped

# crispy-bootstrap5 puts an inline field's error in an .invalid-feedback that no .is-invalid
# sibling reveals, so under Bootstrap 5.3 the message stays hidden: this template shows it.
INLINE_CHOICES_TEMPLATE = "visits/inline_choices.html"
# Off, every piece renders through crispy's templates (tests compare the two).
IN_PYTHON = True


class Div(layout.Div):
    """crispy's Div, its <div> written here."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if not IN_PYTHON or self.template != layout.Div.template:
            return super().render(form, context, template_pack, **kwargs)
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        css_id = f' id="{escaped(self.css_id)}"' if self.css_id else ""
        css_class = f' class="{escaped(self.css_class)}"' if self.css_class else ""
        return SafeString(f"<div{css_id}{css_class}{self.flat_attrs}>\n{fields}\n</div>\n")


class Fieldset(layout.Fieldset):
    """crispy's Fieldset, its bootstrap5/layout/fieldset.html written here: crispy compiled
    the legend as a template and rendered the fieldset's template with a copy of the whole
    context, for each fieldset of each page. A legend that holds template syntax ("{") still
    goes through crispy, which reads it as a template."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        legend = str(self.legend) if self.legend else ""
        if not IN_PYTHON or template_pack != "bootstrap5" or \
                self.template != layout.Fieldset.template or "{" in legend:
            return super().render(form, context, template_pack, **kwargs)
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        css_id = f'id="{escaped(self.css_id)}"' if self.css_id else ""
        css_class = f'class="{escaped(self.css_class)}"' if self.css_class else ""
        legend_html = f"<legend>{legend}</legend>" if legend else ""
        return SafeString(f"<fieldset {css_id} \n    {css_class}\n    {self.flat_attrs}>\n"
                          f"    {legend_html}\n    {fields} \n</fieldset>\n")


class InlineChoices:
    """The inline radios or checkboxes of bootstrap's layout objects, written in Python, with
    what crispy's render_field does around a field (attributes onto its widget, the field
    counted as rendered)."""

    template = INLINE_CHOICES_TEMPLATE

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        if not IN_PYTHON or template_pack != "bootstrap5" or \
                self.template != INLINE_CHOICES_TEMPLATE:
            return super().render(form, context, template_pack, **kwargs)
        html = []
        for name in self.fields:
            field = form[name]
            field.field.widget.attrs.update(self.attrs)
            if hasattr(form, "rendered_fields"):
                form.rendered_fields.add(name)
            wrapper = self.wrapper_class or context.get("wrapper_class") or ""
            html.append(inline_choices_html(field, wrapper, flatatt(self.attrs)))
        return mark_safe("".join(html))  # noqa: S308 - every value escaped above


class InlineRadios(InlineChoices, bootstrap.InlineRadios):
    pass


class InlineCheckboxes(InlineChoices, bootstrap.InlineCheckboxes):
    pass


# The helper settings under which bootstrap5/field.html is what plain_field_html writes.
DEFAULT_HELPER = {"form_show_labels": True, "form_show_errors": True,
                  "error_text_inline": True, "help_text_inline": False}


class PlainField(layout.Field):
    """One select, input or text area of a step form, written in Python (crispy's template
    for any other widget or helper setting)."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        name = self.fields[0]
        widget = form.fields[name].widget
        plain = (IN_PYTHON and template_pack == "bootstrap5"
                 and self.template == layout.Field.template
                 and not any(context.get(key) for key in ("tag", "label_class",
                                                           "field_class", "form_class"))
                 and all(context.get(key, value) == value
                         for key, value in DEFAULT_HELPER.items())
                 and not widget.is_hidden
                 and not isinstance(widget, (forms.CheckboxInput, forms.FileInput,
                                             forms.RadioSelect, forms.MultiWidget)))
        if not plain:
            return super().render(form, context, template_pack, **kwargs)
        widget.attrs.update(self.attrs)
        if hasattr(form, "rendered_fields"):
            form.rendered_fields.add(name)
        wrapper = self.wrapper_class or context.get("wrapper_class") or ""
        return mark_safe(plain_field_html(form[name], wrapper))  # noqa: S308 - escaped there


def inline(form, *names):
    """Each field as the layout shows it: lists as inline checkboxes, radios inline, the
    rest (selects, numbers, text) as plain fields."""
    laid_out = []
    for name in names:
        widget = form.fields[name].widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            laid_out.append(InlineCheckboxes(name))
        elif isinstance(widget, forms.RadioSelect):
            laid_out.append(InlineRadios(name))
        else:
            laid_out.append(PlainField(name))
    return laid_out


def paragraph(text, css_class, css_id="") -> HTML:
    """A paragraph of (translated) text in a layout. Crispy's HTML is a template: the text is
    escaped into it, braces included, so no translation is ever read as markup or template code."""
    id_attribute = format_html(' id="{}"', css_id) if css_id else ""
    html = format_html('<p class="{}"{}>{}</p>', css_class, id_attribute, text)
    return HTML(html.replace("{", "&#123;").replace("}", "&#125;"))


def row(*cells, width="col-sm-4"):
    """Fields side by side on a wide screen, stacked on a narrow one."""
    return Div(*(Div(PlainField(cell) if isinstance(cell, str) else cell, css_class=width)
                 for cell in cells), css_class="row")


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
