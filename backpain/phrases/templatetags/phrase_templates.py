"""The clinic's phrases for static/js/phrases.js, written once into the step page."""

import json

from django import template
from django.utils.translation import gettext as _

from ..selectors import phrases_for

register = template.Library()


@register.simple_tag(takes_context=True)
def phrases_json(context) -> str:
    """The signed-in user's clinic's phrases and the words of the insert controls, as JSON
    for a data attribute (escaped there as any attribute value, so it is read back whole)."""
    request = context.get("request")
    phrases = phrases_for(request.user) if request is not None else []
    return json.dumps({
        "phrases": phrases,
        "words": {
            "button": _("Insert phrase"),
            "list": _("Phrases"),
            "matches": _("%(count)s phrases match: press the down arrow to choose, "
                         "or keep typing."),
            "none": _("No phrase matches."),
            "inserted": _("Phrase inserted."),
        },
    }, ensure_ascii=False)
