"""How stored finding values read on screen: labels instead of codes, "Not asked" for null."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

NOT_RECORDED = "—"


def display_value(model, name, value):
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    vocabulary = getattr(field, "vocabulary", None)
    if isinstance(value, list) and vocabulary is not None:
        labels = dict(vocabulary.choices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return str(value)
