"""Crispy layout pieces shared by the step forms: inline choices and conditional blocks.

The blocks and the inline choices write their HTML in Python (as widget_html.py does for the
widgets): a history page holds some seventy blocks and fifty lists of choices, and a template
render for each was most of the page's time (issue 17). The HTML is that of crispy's
bootstrap5/layout/div.html and of visits/inline_choices.html, which stays as the reference
and serves any other template pack."""

from crispy_forms import bootstrap, layout
from crispy_forms.layout import HTML
from crispy_forms.utils import TEMPLATE_PACK, flatatt
from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .widget_html import attribute, attrs_html

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
        css_id = format_html(' id="{}"', self.css_id) if self.css_id else ""
        css_class = format_html(' class="{}"', self.css_class) if self.css_class else ""
        return SafeString(f"<div{css_id}{css_class}{self.flat_attrs}>\n{fields}\n</div>\n")


def option_html(option, invalid: str) -> str:
    return (f'<div class="form-check form-check-inline">\n'
            f'<input type="{conditional_escape(option["type"])}" class="form-check-input{invalid}"'
            f' name="{conditional_escape(option["name"])}" value="{attribute(option["value"])}"'
            f'{attrs_html(option["attrs"])}>\n'
            f'<label for="{conditional_escape(option["attrs"].get("id", ""))}" '
            f'class="form-check-label">{attribute(option["label"])}</label>\n</div>\n')


def inline_choices_html(field, wrapper_class, flat_attrs) -> str:
    """visits/inline_choices.html: a fieldset of inline radios or checkboxes, its errors
    shown, its help text below."""
    if field.is_hidden:
        return str(field)
    classes = " ".join(c for c in ("mb-3", wrapper_class, field.css_classes()) if c)
    required = field.field.required
    described = (format_html(' aria-describedby="{}"', field.aria_describedby)
                 if field.aria_describedby else "")
    label = format_html('{}{}', field.label, mark_safe('<span class="asteriskField">*</span>')
                        if required else "")
    id_ = field.field.widget.attrs.get("id") or field.auto_id  # crispy's `optgroups` filter
    values = field.field.widget.format_value(field.value())
    optgroups = field.field.widget.optgroups(
        field.html_name, values, field.build_widget_attrs({"id": id_} if id_ else {}))
    invalid = " is-invalid" if field.errors else ""
    options = "".join(option_html(option, invalid)
                      for _group, group_options, _index in optgroups for option in group_options)
    errors = ""
    if field.errors:
        errors = format_html('<div id="{}_error" class="invalid-feedback d-block">\n',
                             field.auto_id)
        errors += "".join(format_html('<p class="mb-0" id="error_{}_{}"><strong>{}</strong></p>',
                                      number, field.auto_id, error)
                          for number, error in enumerate(field.errors, start=1)) + "\n</div>\n"
    return (format_html('<div id="div_{}" class="{}">\n', field.auto_id, classes)
            + f"<fieldset{described}>\n"
            + f'<legend class="form-label fs-6{" requiredField" if required else ""}">{label}'
            + f"</legend>\n<div{flat_attrs}>\n{options}</div>\n{errors}{help_text_html(field)}"
            + "</fieldset>\n</div>\n")


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


def add_classes(widget, *names) -> None:
    """crispy's `{% crispy_field field 'class' '...' %}`: each class added to the widget's
    once, after the widget's own name (`select`, `numberinput`...)."""
    classes = widget.attrs.get("class", "").split()
    for name in (widget.__class__.__name__.lower(), *names):
        if name not in classes:
            classes.append(name)
    widget.attrs["class"] = " ".join(classes)


def help_text_html(field) -> str:
    """bootstrap5/layout/help_text.html (help text below the field)."""
    if not field.help_text:
        return ""
    help_id = format_html('id="{}_helptext" ', field.auto_id) if field.auto_id else ""
    return f'<div {help_id}class="form-text">{field.help_text}</div>\n'


def plain_field_html(field, wrapper_class) -> str:
    """bootstrap5/field.html for a select, an input or a text area, as the step forms show
    them: label above, errors inline, help text below."""
    widget = field.field.widget
    invalid = ("is-invalid",) if field.errors else ()
    add_classes(widget, "form-select" if isinstance(widget, forms.Select) else "form-control",
                *invalid)
    classes = " ".join(c for c in ("mb-3", wrapper_class, field.css_classes()) if c)
    label = ""
    if field.label:
        required = field.field.required
        tag = "legend" if field.use_fieldset else "label"
        label_for = format_html('for="{}"', field.id_for_label) if field.id_for_label else ""
        label_class = ("form-label" + (" requiredField" if required else "")
                       + (" fs-6" if field.use_fieldset else ""))
        label = format_html('<{} {} class="{}">{}{}</{}>\n', tag, label_for, label_class,
                            field.label, mark_safe('<span class="asteriskField">*</span>')
                            if required else "", tag)
        if field.use_fieldset:
            described = (format_html(' aria-describedby="{}"', field.aria_describedby)
                         if field.aria_describedby else "")
            label = f"<fieldset{described}>\n{label}"
    errors = ""
    if field.errors:
        errors = (format_html('<div id="{}_error" class="invalid-feedback">\n',
                              field.errors.field_id)
                  + "".join(format_html('<span id="error_{}_{}"><strong>{}</strong></span>\n',
                                        number, field.auto_id, error)
                            for number, error in enumerate(field.errors, start=1))
                  + "</div>\n")
    return (format_html('<div id="div_{}" class="{}">\n', field.auto_id, classes)
            + f"{label}{field}\n{errors}{help_text_html(field)}"
            + ("</fieldset>\n" if field.use_fieldset and field.label else "") + "</div>\n")


# The helper settings under which bootstrap5/field.html is what plain_field_html writes.
DEFAULT_HELPER = {"form_show_labels": True, "form_show_errors": True,
                  "error_text_inline": True, "help_text_inline": False}


class PlainField(layout.Field):
    """A select, input or text area of a step form, written in Python (crispy's template
    for any other widget or helper setting)."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        plain = (IN_PYTHON and template_pack == "bootstrap5"
                 and self.template == layout.Field.template
                 and not any(context.get(name) for name in ("tag", "label_class",
                                                             "field_class", "form_class"))
                 and all(context.get(name, value) == value
                         for name, value in DEFAULT_HELPER.items()))
        html = []
        for name in self.fields:
            widget = form.fields[name].widget
            if not plain or widget.is_hidden or isinstance(
                    widget, (forms.CheckboxInput, forms.FileInput, forms.RadioSelect)):
                html.append(super().render(form, context, template_pack, **kwargs))
                continue
            widget.attrs.update(self.attrs)
            if hasattr(form, "rendered_fields"):
                form.rendered_fields.add(name)
            wrapper = self.wrapper_class or context.get("wrapper_class") or ""
            html.append(plain_field_html(form[name], wrapper))
        return mark_safe("".join(html))  # noqa: S308 - every value escaped above


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
