"""A step form's layout and conditional questions, made from the data dictionary: one fieldset
per group of declarations, in declaration order; a question asked only under a condition sits
under the question it depends on, shown by static/js/conditional-fields.js and checked here on
the server; grids and sided signs as left/right tables.

A finding declared in backpain/clinical/dictionary/ appears in its step's form without any
change here.
"""

import copy
from dataclasses import dataclass

from django import forms
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, Kind
from backpain.clinical.dictionary.kinds import AnsweredWith, AnyOf
from backpain.clinical.dictionary.roots import SIDES, grid_column, side_column

from . import layout as step_layout
from .base import TriStateRadio
from .fields import TriStateSelect, grade_field
from .grid_html import exam_table_html
from .layout import Fieldset, inline, row, shown_when
from .quick_answers import grid_keys

SINGLE_VALUE = (Kind.CHOICE, Kind.INTEGER, Kind.DECIMAL, Kind.DATE)
PER_ROW = 4
NARROW = "col-sm-6 col-lg-3"
HALF = "col-md-6"
SIGNS_TABLE = ("div_id_signs", gettext_lazy("Upper motor neuron, tension and hip signs"),
               gettext_lazy("Sign"))


@dataclass
class TableRow:
    heading: str
    detail: str
    names: tuple[str, ...]
    css_id: str = ""


class ExamTable:
    """A crispy layout object: rows of left/right inputs as a compact table whose cells are
    the form's bound fields, so values and errors show as in any other field."""

    template = "visits/exam_grid.html"

    def __init__(self, css_id, caption, row_heading, rows, detail_heading="", other_rows=()):
        self.css_id = css_id
        self.caption = caption
        self.row_heading = row_heading
        self.detail_heading = detail_heading
        self.rows = rows
        # Rows not called for by the complaint: folded away unless they hold a value.
        self.other_rows = list(other_rows)

    @property
    def names(self):
        return [name for table_row in [*self.rows, *self.other_rows] for name in table_row.names]

    def render(self, form, context, template_pack=None, **kwargs):
        rendered = getattr(form, "rendered_fields", set())
        marks = getattr(form, "last_marks", {})
        shown, folded = [], []
        for table_row in [*self.rows, *self.other_rows]:
            cells = []
            for name in table_row.names:
                bound = form[name]
                widget = bound.field.widget
                if bound.errors and "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                rendered.add(name)
                cells.append({"field": bound, "mark": marks.get(name)})
            in_use = any(cell["field"].errors or cell["mark"] is not None
                         or cell["field"].value() not in (None, "", "unknown")
                         for cell in cells)
            target = shown if table_row in self.rows or in_use else folded
            target.append({"heading": table_row.heading, "detail": table_row.detail,
                           "css_id": table_row.css_id, "cells": cells})
        parts = [{"rows": shown, "folded": False}]
        if folded:
            parts.append({"rows": folded, "folded": True})
        table = {"css_id": self.css_id, "caption": self.caption, "parts": parts,
                 "others_named": ", ".join(row["heading"] for row in folded),
                 "row_heading": self.row_heading, "detail_heading": self.detail_heading}
        if step_layout.IN_PYTHON:
            return mark_safe(exam_table_html(table))  # noqa: S308 - escaped in grid_html
        return render_to_string(self.template, {"table": table})


def grid_table(grid: Grid, roots=None) -> ExamTable:
    """A grid's table: the rows of `roots` (every root when None) shown, the others folded."""
    # The ids match the engine's screening-gap links (decision_support: #div_id_<name>).
    heading = (lambda key: key.capitalize()) if grid.prefix == "reflex" else (lambda key: key)
    rows = [TableRow(heading(key), grid.key_detail.get(key, ""),
                     tuple(grid_column(grid.prefix, key, side) for side in SIDES))
            for key in grid.keys]
    wanted = set(grid_keys(grid, roots)) if roots is not None else set(grid.keys)
    shown = [table_row for key, table_row in zip(grid.keys, rows, strict=True) if key in wanted]
    others = [table_row for key, table_row in zip(grid.keys, rows, strict=True)
              if key not in wanted]
    return ExamTable(f"div_id_{grid.name}", grid.title, grid.row_heading, shown,
                     detail_heading=grid.detail_heading, other_rows=others)


def signs_table(signs: list[Finding]) -> ExamTable:
    css_id, caption, heading = SIGNS_TABLE
    rows = [TableRow(sign.label, "", tuple(side_column(sign.name, side) for side in SIDES),
                     css_id=f"div_id_{sign.name}") for sign in signs]
    return ExamTable(css_id, caption, heading, rows)


# Laid-out fieldsets by what shapes them (laid_out_fieldsets): forms of the same step for
# visits alike are laid out alike, and the layout objects are never changed by rendering.
LAYOUTS: dict = {}
LAYOUTS_KEPT = 256


def declared_fieldsets(form, section, groups=None):
    """The fieldsets of a step form: its section's declarations by group (a question whose
    condition reads another step or the patient, and does not hold, is not in the form).
    Laid out once for each shape of form (its fields and their widgets, the roots examined,
    its prefix, the language of the legends); each form gets its own copy of the fieldsets'
    lists, into which it may insert (quick-answer buttons)."""
    key = (type(form), section, groups, form.prefix, translation.get_language(),
           tuple(form.fields), tuple(type(field.widget) for field in form.fields.values()),
           getattr(form, "examined_roots", None))
    fieldsets = LAYOUTS.get(key)
    if fieldsets is None:
        if len(LAYOUTS) >= LAYOUTS_KEPT:
            LAYOUTS.clear()
        fieldsets = LAYOUTS[key] = laid_out_fieldsets(form, section, groups)
    copies = []
    for fieldset in fieldsets:
        mine = copy.copy(fieldset)
        mine.fields = list(fieldset.fields)
        copies.append(mine)
    return copies


def laid_out_fieldsets(form, section, groups=None):
    items = [item for item in dictionary.section(section)
             if not isinstance(item, Finding) or item.name in form.fields
             or item.sided or isinstance(item, Grid)]
    order = groups or tuple(dict.fromkeys(item.group for item in items if item.group))
    return [Fieldset(group, *group_layout(form, [i for i in items if i.group == group]))
            for group in order]


def group_layout(form, items):
    """One group's fields: dependent questions under their controller, sided signs and grids
    as tables, yes/no questions two to a row, short inputs four to a row."""
    section = items[0].section if items else ""
    dependents = {}
    for item in items:
        if isinstance(item, Finding) and shown_by_script(item, section):
            controller = item.asked_when.conditions[0].path.rpartition(".")[2]
            dependents.setdefault(controller, []).append(item)
    parts, pending, shape = [], [], None

    def alone(name):
        """A question, and under it the questions asked only by its answer (in turn)."""
        laid = list(inline(form, name))
        for dependent in dependents.get(name, []):
            conditions = dependent.asked_when.conditions
            laid.append(shown_when(
                form, [condition.path.rpartition(".")[2] for condition in conditions],
                [[as_posted(value) for value in condition.values] for condition in conditions],
                *alone(dependent.name)))
        return laid

    def flush():
        nonlocal pending, shape
        if shape == "tri":
            parts.append(row(*inline(form, *pending), width=HALF))
        elif shape == "single":
            for start in range(0, len(pending), PER_ROW):
                parts.append(row(*pending[start:start + PER_ROW], width=NARROW))
        elif shape == "signs":
            parts.append(signs_table([declared for declared in items
                                      if getattr(declared, "name", None) in pending]))
        pending, shape = [], None

    for item in items:
        if isinstance(item, Grid):
            flush()
            parts.append(grid_table(item, getattr(form, "examined_roots", None)))
            continue
        if shown_by_script(item, section):
            continue  # laid out under its controller
        kind = ("signs" if item.sided else "alone" if item.name in dependents
                else "tri" if item.kind is Kind.TRI
                else "single" if item.kind in SINGLE_VALUE else "alone")
        if kind != shape or kind == "alone":
            flush()
        if kind == "alone":
            parts.extend(alone(item.name))
        else:
            pending.append(item.name)
            shape = kind
    flush()
    return parts


def shown_by_script(item, section) -> bool:
    """A dependent question whose condition reads only answers of this step: shown and hidden
    in the page as those answers change. Other conditions are the server's (`ask_in_context`)."""
    condition = getattr(item, "asked_when", None)
    return condition is not None and all(
        isinstance(part, AnsweredWith) and part.path.rpartition(".")[0] == section
        for part in condition.conditions) and not isinstance(condition, AnyOf)


def ask_in_context(form, section, context):
    """Leave out of the form the questions whose condition reads another step or the patient
    and does not hold for this visit (`context`: answers by path); what is stored for them is
    cleared when the step is saved."""
    form.not_asked = []
    for item in dictionary.findings_of(section):
        if item.asked_when is None or shown_by_script(item, section):
            continue
        if not item.asked_when.holds(context):
            for column in item.columns:
                form.fields.pop(column, None)
                form.not_asked.append(column)


def as_posted(value) -> str:
    """A condition's value as the browser posts it (True -> "true")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def prepare_tables(fields, section, not_examined):
    """The inputs of grids and sided signs as compact table cells. Done once on a form class's
    base_fields (labels lazy): every instance copies them."""
    for item in dictionary.section(section):
        if isinstance(item, Grid):
            for key in item.keys:
                for side in SIDES:
                    name = grid_column(item.prefix, key, side)
                    label = fields[name].label
                    if item.kind is Kind.INTEGER:
                        fields[name] = grade_field(item.low, item.high, label)
                    else:
                        fields[name].choices = [("", "–"), *item.values.choices]
                    compact(fields[name])
        elif isinstance(item, Finding) and item.sided:
            for side in SIDES:
                name = side_column(item.name, side)
                if item.kind is Kind.TRI:
                    fields[name].widget = TriStateSelect()
                compact(fields[name])
        elif isinstance(item, Finding) and item.name in fields and isinstance(
                fields[item.name].widget, TriStateRadio):
            fields[item.name].widget.choices = [
                ("true", gettext_lazy("Yes")), ("false", gettext_lazy("No")),
                ("unknown", not_examined)]


def compact(field):
    """A table cell's input: small, and labelled for screen readers by its full name
    ("L5 motor (great toe extension), left"), since the table headers are not a label (the
    label as it is, lazy: written in the page's language)."""
    css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
    field.widget.attrs.update({"class": f"{css} {css}-sm", "aria-label": field.label})


def refuse_unasked_answers(form, section):
    """An answer to a question whose condition does not hold (posted without JavaScript, or
    left from before the condition changed) is refused beside the question: the page shows
    it only under its condition, so it is never saved unseen."""
    cleaned = form.cleaned_data
    for column in getattr(form, "not_asked", ()):
        cleaned[column] = None
    answers = {**getattr(form, "context", {}),
               **{f"{section}.{name}": value for name, value in cleaned.items()}}
    for item in dictionary.findings_of(section):
        condition = item.asked_when
        if condition is None or item.name not in form.fields or item.name in form.errors:
            continue
        if cleaned.get(item.name) in (None, "", []) or any(
                part.path.rpartition(".")[2] in form.errors for part in condition.conditions):
            continue
        if not condition.holds(answers):
            form.add_error(item.name, forms.ValidationError(
                _("Leave this empty: it is asked only when %(condition)s."), code="not_asked",
                params={"condition": condition_in_words(condition)}))


def condition_in_words(condition) -> str:
    if condition.described:
        return condition.described
    if len(condition.conditions) > 1:
        # Translators: joins conditions: “Trauma” is answered “Yes” and “Age” ...
        return _(" and ").join(condition_in_words(part) for part in condition.conditions)
    controller = dictionary.declaration(condition.path)
    # Translators: joins the answers of one question: “Yes” or “Not sure”
    answers = _(" or ").join(f"“{controller.value_label(value)}”" for value in condition.values)
    return _("“%(question)s” is answered %(answers)s") % {"question": controller.label,
                                                           "answers": answers}
