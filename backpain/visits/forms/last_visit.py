"""The last signed visit beside a step form's fields (visits/copy_forward.py): a carried value
marked "from the visit of DATE, confirm", a value changed since then highlighted with what it
was, and the last value beside a field not yet filled in.

A question's mark is added to its help text (read out with the field); a cell of an
examination table gets its mark under the input, named by the input's aria-describedby
(ExamTable). Values are escaped: a mark may quote what was typed at the last visit.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid

from ..display import display_value

CARRIED, CHANGED, LAST = "carried", "changed", "last"


@dataclass(frozen=True)
class Mark:
    kind: str  # CARRIED, CHANGED or LAST
    text: str

    def html(self):
        if self.kind == CHANGED:
            return format_html('<mark class="changed-since-last">{}</mark>', self.text)
        return format_html('<span class="{}">{}</span>',
                           "carried-forward" if self.kind == CARRIED else "last-value",
                           self.text)


@cache
def table_columns(section: str) -> frozenset[str]:
    """The grid cells and sided signs of a section: shown in an examination table, where a
    mark goes under the input rather than into a help text."""
    return frozenset(column for column, path in
                     dictionary.column_paths(dictionary.section(section))
                     if isinstance(item := dictionary.declaration(path), Grid)
                     or (isinstance(item, Finding) and item.sided))


def mark_texts(when: str) -> dict:
    """The marks' sentences in the page's language, `when` (the last visit's date as the page
    writes it) filled in: translated once per form, not once per compared field."""
    return {CARRIED: _("From the visit of %(date)s, confirm.") % {"date": when},
            LAST: _("Visit of %(date)s: %(value)s").replace("%(date)s", when),
            CHANGED: _("Changed since the visit of %(date)s (was: %(value)s).")
            .replace("%(date)s", when)}


def mark_of(form, name, last, texts: dict) -> Mark | None:
    """The mark of one field (`texts`: mark_texts of the last visit's date)."""
    field = form.fields[name]
    bound = form[name]
    before = last.values.get(name)
    if name in last.carried and not field.has_changed(last.carried[name], bound.value()):
        return Mark(CARRIED, texts[CARRIED])
    if before in (None, "", []):
        return None
    was = display_value(form._meta.model, name, before)
    now = bound.value()
    kind = LAST if now in (None, "", [], "unknown") or not field.has_changed(before, now) \
        else CHANGED
    return Mark(kind, texts[kind].replace("%(value)s", str(was)))


def mark_last_visit(form, section, last):
    """Propose the carried values (an unbound form only: a posted form shows what was posted)
    and mark every compared field."""
    form.last_visit = last
    form.last_marks = {}
    if last is None:
        return
    if not form.is_bound:
        form.initial.update({name: value for name, value in last.carried.items()
                             if name in form.fields})
    texts = mark_texts(date_format(last.date, "DATE_FORMAT"))
    for name in last.values:
        if name not in form.fields:
            continue
        mark = mark_of(form, name, last, texts)
        if mark is None:
            continue
        form.last_marks[name] = mark
        field = form.fields[name]
        if name in table_columns(section):
            field.widget.attrs["aria-describedby"] = f"id_{name}_last"
        else:
            field.help_text = (format_html("{} {}", field.help_text, mark.html())
                               if field.help_text else mark.html())
            # The bound field read its help text when first made (mark_of made it).
            form[name].help_text = field.help_text
