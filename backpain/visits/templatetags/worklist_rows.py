"""`{% visit_rows visits %}`, `{% queue_rows entries %}` and `{% follow_up_rows rows state %}`:
the rows of the work lists, written by visits/worklist_html.py."""

from django import template
from django.utils.safestring import mark_safe

from backpain.visits import worklist_html

register = template.Library()


@register.simple_tag
def visit_rows(visits):
    return mark_safe(worklist_html.visit_rows(visits))  # noqa: S308 - every value escaped there


@register.simple_tag
def queue_rows(entries):
    return mark_safe(worklist_html.queue_rows(entries))  # noqa: S308 - every value escaped there


@register.simple_tag(takes_context=True)
def follow_up_rows(context, rows, state):
    return mark_safe(worklist_html.follow_up_rows(  # noqa: S308 - every value escaped there
        context["request"], rows, state, context["today"]))
