"""The step forms' widgets written in Python: the same HTML as Django's widget templates
(django/forms/templates/django/forms/widgets/), without a template render per input and per
option. An examination has about a hundred selects of up to a dozen options; through the
templates their widgets were over half of the page's rendering time (issue 17). Any other
widget template still goes through Django's templates."""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import mark_safe

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
