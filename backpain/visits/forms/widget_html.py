"""The step forms' widgets written in Python: the same HTML as Django's widget templates
(django/forms/templates/django/forms/widgets/), without a template render per input and per
option. An examination has about a hundred selects of up to a dozen options; through the
templates their widgets were over half of the page's rendering time (issue 17). Any other
widget template still goes through Django's templates."""

from collections.abc import Callable
from functools import cache
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from backpain.core.html_rows import escaped

WIDGETS = "django/forms/widgets/"
# The widget templates that are nothing but input.html.
INPUTS = ("checkbox", "color", "date", "datetime", "email", "hidden", "number", "password",
          "search", "tel", "text", "time", "url")


def text(value) -> str:
    """A value as `{{ value }}` writes it: localized, escaped."""
    return escaped(localize(value))


def attribute(value) -> str:
    """A value as `{{ value|stringformat:'s' }}` writes it."""
    return escaped(str(value))


def attrs_html(attrs) -> str:
    """attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join("" if value is False else f" {text(name)}" if value is True
                   else f' {text(name)}="{attribute(value)}"' for name, value in attrs.items())


def input_html(widget) -> str:
    value = "" if widget["value"] is None else f' value="{attribute(widget["value"])}"'
    return (f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"{value}'
            f'{attrs_html(widget["attrs"])}>\n')


def option_html(option) -> str:
    return (f'<option value="{attribute(option["value"])}"{attrs_html(option["attrs"])}>'
            f'{text(option["label"])}</option>\n')


def select_html(widget) -> str:
    parts = [f'<select name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.extend(f"\n  {option_html(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def textarea_html(widget) -> str:
    value = text(widget["value"]) if widget["value"] else ""
    return (f'<textarea name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
            f"{value}</textarea>\n")


IN_PYTHON = {
    f"{WIDGETS}select.html": select_html,
    f"{WIDGETS}textarea.html": textarea_html,
    **{f"{WIDGETS}{name}.html": input_html for name in INPUTS},
}


class StepFormRenderer(DjangoTemplates):
    """The form renderer of the step forms: the widgets above in Python, the rest as usual."""

    def render(self, template_name, context, request=None):
        written = IN_PYTHON.get(template_name)
        if written is None:
            return super().render(template_name, context, request)
        return mark_safe(written(context["widget"]))  # noqa: S308 - every value escaped above


class WrittenChoices:
    """HTML written once per language, key and list of choices: what a list of choices
    writes is the same on every page in the same language, but for which are selected. An
    entry is found by the identities of the choices' pairs, which a form's copy of a field
    shares with its class's field, and keeps its choices, so that no identity is reused while
    it is kept."""

    def __init__(self, kept: int = 4000):
        self.entries: dict[tuple, tuple[list, Any]] = {}
        self.kept = kept

    def get(self, choices, key, write: Callable[[Any], Any]):
        """`write(choices)`, as written the first time for this language, key and choices."""
        choices = list(choices)  # read once (choices may be computed on each reading)
        found_key = (get_language(), key, *map(id, choices))
        found = self.entries.get(found_key)
        if found is None:
            if len(self.entries) >= self.kept:
                self.entries.clear()
            found = self.entries[found_key] = (choices, write(choices))
        return found[1]


# Each list of choices' <option> elements: [(value as selected, the option up to its
# selected attribute, the rest)], None for choices in groups (the template writes those).
OPTIONS = WrittenChoices()


def write_options(choices) -> list[tuple[str, str, str]] | None:
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None
    return [("" if value is None else str(value),
             f'\n  <option value="{attribute("" if value is None else value)}"',
             f">{text(label)}</option>\n") for value, label in choices]


def written_options(choices) -> list[tuple[str, str, str]] | None:
    return OPTIONS.get(choices, None, write_options)


class OptionsInPython:
    """A select of a step form written as select_html writes it, its options from
    written_options: Django builds a dict of attributes for every option of every select (an
    examination shows some seven hundred), and select_html escaped each label again. Any other
    renderer than the step forms' goes through the templates."""

    def render(self, name, value, attrs=None, renderer=None):
        options = (written_options(self.choices)
                   if isinstance(renderer, StepFormRenderer) else None)
        if options is None:
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            attrs["multiple"] = True
        values = self.format_value(value)
        parts = [f'<select name="{text(name)}"{attrs_html(attrs)}>']
        has_selected = False
        for option_value, start, end in options:
            selected = (multiple or not has_selected) and option_value in values
            has_selected |= selected
            parts.append(f"{start} selected{end}" if selected else f"{start}{end}")
        parts.append("\n</select>\n")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


# What a select must keep of Django's for OptionsInPython to write it: its templates, and its
# options built by ChoiceWidget (one <option> per choice, `selected` its only attribute).
STOCK_SELECT = {"template_name": "django/forms/widgets/select.html",
                "option_template_name": "django/forms/widgets/select_option.html",
                "checked_attribute": {"selected": True}, "option_inherits_attrs": False,
                "optgroups": forms.widgets.ChoiceWidget.optgroups,
                "create_option": forms.widgets.ChoiceWidget.create_option,
                "get_context": forms.Select.get_context, "render": forms.Widget.render,
                "_render": getattr(forms.Widget, "_render")}  # noqa: B009 - not in the stubs


@cache
def options_in_python(widget_class: type) -> type:
    """The class of a step form's widget: a select that keeps Django's rendering gets its
    options written by OptionsInPython; any other widget keeps its class."""
    if not issubclass(widget_class, forms.Select) or issubclass(widget_class, OptionsInPython) \
            or any(getattr(widget_class, name) != value for name, value in STOCK_SELECT.items()):
        return widget_class
    return type(widget_class.__name__, (OptionsInPython, widget_class),
                {"__module__": widget_class.__module__, "__doc__": widget_class.__doc__})
