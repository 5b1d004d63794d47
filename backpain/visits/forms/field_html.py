"""The step forms' fields written in Python, as widget_html.py writes their widgets: the
elements of crispy-bootstrap5's bootstrap5/field.html (for a select, an input or a text area)
and of visits/inline_choices.html (inline radios and checkboxes), without a template render per
field and per option. A history page holds some fifty lists of choices and twenty plain
fields; through the templates they were most of the page's time (issue 17). The layout
objects that call these (layout.py) fall back to the templates for anything else."""

from django import forms

from .widget_html import WrittenChoices, attribute, attrs_html, escaped

# The mark of a required field's label, as crispy writes it.
REQUIRED_MARK = '<span class="asteriskField">*</span>'


def option_html(option, invalid: str) -> str:
    return (f'<div class="form-check form-check-inline">\n'
            f'<input type="{escaped(option["type"])}" class="form-check-input{invalid}"'
            f' name="{escaped(option["name"])}" value="{attribute(option["value"])}"'
            f'{attrs_html(option["attrs"])}>\n'
            f'<label for="{escaped(option["attrs"].get("id", ""))}" '
            f'class="form-check-label">{attribute(option["label"])}</label>\n</div>\n')


def flat_options_html(widget, name, values, extra_attrs, invalid) -> str | None:
    """What option_html writes for each of `widget.optgroups()`, without building an option
    dict and its attributes per choice (a history page has some two hundred options): the
    attributes common to the options written once, each option's id and checked state added
    as Django's ChoiceWidget adds them. None for what this does not cover (groups of choices,
    a widget with other option rules): the caller then goes through optgroups()."""
    if not (widget.option_inherits_attrs and widget.add_id_index
            and widget.checked_attribute == {"checked": True}):
        return None
    choices = widget.choices
    if any(isinstance(label, (list, tuple)) for _value, label in choices):
        return None
    attrs = widget.build_attrs(widget.attrs, extra_attrs)
    if "id" in attrs and not attrs["id"]:
        return None
    names = list(attrs)
    at = names.index("id") if "id" in attrs else len(names)
    before = attrs_html({key: attrs[key] for key in names[:at]})
    after = attrs_html({key: attrs[key] for key in names[at + 1:]})
    option_id = escaped(attrs["id"]) if "id" in attrs else None
    start = (f'<div class="form-check form-check-inline">\n'
             f'<input type="{escaped(widget.input_type)}" class="form-check-input{invalid}"'
             f' name="{escaped(name)}" value="')
    written = written_choices(choices, start, before, option_id, after)
    multiple = widget.allow_multiple_selected
    parts, has_selected = [], False
    for value, head, tail in written:
        selected = (multiple or not has_selected) and value in values
        has_selected |= selected
        parts.append(f"{head} checked{tail}" if selected else f"{head}{tail}")
    return "".join(parts)


# Each field's options as flat_options_html writes them, by what the options share (name,
# attributes, id): [(value as checked, the option up to its checked attribute, the rest)].
CHOICES = WrittenChoices()


def written_choices(choices, start, before, option_id, after) -> list[tuple[str, str, str]]:
    def write(choices):
        written = []
        for index, (value, label) in enumerate(choices):
            value = "" if value is None else value
            own_id = f"{option_id}_{index}" if option_id is not None else ""
            id_attr = f' id="{own_id}"' if option_id is not None else ""
            written.append((str(value), f'{start}{attribute(value)}"{before}{id_attr}{after}',
                            f'>\n<label for="{own_id}" class="form-check-label">'
                            f"{attribute(label)}</label>\n</div>\n"))
        return written
    return CHOICES.get(choices, (start, before, option_id, after), write)


def inline_choices_html(field, wrapper_class, flat_attrs) -> str:
    """visits/inline_choices.html: a fieldset of inline radios or checkboxes, its errors
    shown, its help text below."""
    if field.is_hidden:
        return str(field)
    classes = " ".join(c for c in ("mb-3", wrapper_class, field.css_classes()) if c)
    required = field.field.required
    described = (f' aria-describedby="{escaped(field.aria_describedby)}"'
                 if field.aria_describedby else "")
    label = escaped(field.label) + (REQUIRED_MARK if required else "")
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id  # crispy's `optgroups` filter
    values = widget.format_value(field.value())
    extra_attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    invalid = " is-invalid" if field.errors else ""
    options = flat_options_html(widget, field.html_name, values, extra_attrs, invalid)
    if options is None:
        optgroups = widget.optgroups(field.html_name, values, extra_attrs)
        options = "".join(option_html(option, invalid) for _group, group_options, _index
                          in optgroups for option in group_options)
    errors = ""
    if field.errors:
        errors = (f'<div id="{escaped(field.auto_id)}_error" class="invalid-feedback d-block">\n'
                  + error_items(field, "p", ' class="mb-0"') + "\n</div>\n")
    return (f'<div id="div_{escaped(field.auto_id)}" class="{escaped(classes)}">\n'
            + f"<fieldset{described}>\n"
            + f'<legend class="form-label fs-6{" requiredField" if required else ""}">{label}'
            + f"</legend>\n<div{flat_attrs}>\n{options}</div>\n{errors}{help_text_html(field)}"
            + "</fieldset>\n</div>\n")


def error_items(field, tag, attrs="", end="") -> str:
    """Each of the field's errors in its own element, numbered as crispy numbers them."""
    return "".join(f'<{tag}{attrs} id="error_{number}_{escaped(field.auto_id)}">'
                   f"<strong>{escaped(error)}</strong></{tag}>{end}"
                   for number, error in enumerate(field.errors, start=1))


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
    help_id = f'id="{escaped(field.auto_id)}_helptext" ' if field.auto_id else ""
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
        label_for = f'for="{escaped(field.id_for_label)}"' if field.id_for_label else ""
        label_class = ("form-label" + (" requiredField" if required else "")
                       + (" fs-6" if field.use_fieldset else ""))
        label = (f'<{tag} {label_for} class="{label_class}">{escaped(field.label)}'
                 f'{REQUIRED_MARK if required else ""}</{tag}>\n')
        if field.use_fieldset:
            described = (f' aria-describedby="{escaped(field.aria_describedby)}"'
                         if field.aria_describedby else "")
            label = f"<fieldset{described}>\n{label}"
    errors = ""
    if field.errors:
        errors = (f'<div id="{escaped(field.errors.field_id)}_error" class="invalid-feedback">\n'
                  + error_items(field, "span", end="\n") + "</div>\n")
    return (f'<div id="div_{escaped(field.auto_id)}" class="{escaped(classes)}">\n'
            + f"{label}{field}\n{errors}{help_text_html(field)}"
            + ("</fieldset>\n" if field.use_fieldset and field.label else "") + "</div>\n")
