"""`{% patient_rows patients %}`: the patient list's rows, written by patients/list_html.py."""

from django import template
from django.utils.safestring import mark_safe

from backpain.patients import list_html

register = template.Library()


@register.simple_tag
def patient_rows(patients):
    return mark_safe(list_html.patient_rows(patients))  # noqa: S308 - every value escaped there
