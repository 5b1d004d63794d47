"""Rows of HTML tables and lists written in Python: the same HTML a template writes cell by
cell, without a template render per cell (issue 17). `Rows` formats a date, a label, a link or
a phrase once per list; `escaped` escapes as Django's autoescape does. Used by the work lists
(visits/worklist_html.py), the patient list (patients/list_html.py) and the step forms'
widgets (visits/forms/widget_html.py)."""

import unicodedata
from html import escape

from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.functional import Promise
from django.utils.text import Truncator


def escaped(value) -> str:
    """Django's conditional_escape (safe strings as they are, anything else escaped the same
    way), without its check of every argument for a lazy translation: a page of choices calls
    it thousands of times, and that check was a sixth of a step page's time (issue 17)."""
    if type(value) is str:  # most values: a name, a class, an id
        return escape(value)
    if isinstance(value, Promise):  # a lazy translation (a label): asking it for __html__
        return escape(str(value))  # costs twenty times its escaping
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


# A visit id no list holds: reversed once per list, it marks where a row's id goes in a link.
SLOT = 2147483647
# Django date format characters with the strftime code that writes the same (zero-padded day
# and month, four- and two-digit year), and the separators that may stand between them.
STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}
SEPARATORS = set("/.- ")


def strftime_of(django_format: str) -> str | None:
    """The strftime pattern of a Django date format made only of STRFTIME's characters and
    SEPARATORS ("d/m/Y" -> "%d/%m/%Y"), or None for any other format."""
    if not all(c in STRFTIME or c in SEPARATORS for c in django_format):
        return None
    return "".join(STRFTIME.get(c, c) for c in django_format)


def truncated(text: str, length: int) -> str:
    """`{{ text|truncatechars:length }}`: text that fits is returned as Truncator returns it
    (NFC) without building one; a longer one goes through Truncator."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)


class Rows:
    """What the rows of one list share, formatted once: dates, choice labels, links."""

    def __init__(self):
        self.dates: dict = {}
        self.links: dict = {}
        self.labels: dict = {}
        self.phrases: dict = {}
        self.date_pattern = strftime_of(get_format("SHORT_DATE_FORMAT"))

    def date(self, value) -> str:
        """`{{ value|date:"SHORT_DATE_FORMAT" }}` (by strftime when the locale's format is
        plain day, month and year: most of a follow-ups list's time went into date_format)."""
        if value not in self.dates:
            self.dates[value] = escaped(
                value.strftime(self.date_pattern)
                if self.date_pattern is not None and value.year >= 1000
                else date_format(value, "SHORT_DATE_FORMAT"))
        return self.dates[value]

    def link(self, name: str, pk) -> str:
        """`{% url name pk %}`: the route reversed once, the id put in its place."""
        if name not in self.links:
            self.links[name] = reverse(name, args=[SLOT]).split(str(SLOT), 1)
        before, after = self.links[name]
        return f"{before}{int(pk)}{after}"

    def label(self, choices, value) -> str:
        """A choice's label in the page's language (`get_FOO_display`)."""
        key = (choices, value)
        if key not in self.labels:
            self.labels[key] = escaped(choices(value).label if value in choices.values
                                       else value)
        return self.labels[key]

    def text(self, key: str, words) -> str:
        """A translated phrase, translated once per list."""
        if key not in self.labels:
            self.labels[key] = escaped(words())
        return self.labels[key]

    def markup(self, key: str, words) -> str:
        """A translated phrase holding our own markup (not escaped), translated once per
        list."""
        if key not in self.phrases:
            self.phrases[key] = words()
        return self.phrases[key]

