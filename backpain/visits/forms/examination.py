"""The examination step's form: general findings, then the neurological grids by root."""

from dataclasses import dataclass

from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.template.loader import render_to_string

from backpain.clinical.dictionary.roots import grid_column

from .. import vocabulary as v
from ..models import Examination
from ..models.examination import PAIRED_SIGNS
from .base import StepForm, TriStateRadio
from .fields import TriStateSelect, findings_formfield, grade_field, label_blank_choices
from .layout import inline, row

# The root each reflex tests (docs/clinical-rules.md, "Root table").
REFLEX_ROOTS = {
    "biceps": "C5",
    "brachioradialis": "C6",
    "triceps": "C7",
    "patellar": "L4",
    "achilles": "S1",
}
NOT_EXAMINED = "Not examined"


@dataclass
class TableRow:
    heading: str
    detail: str
    names: tuple[str, str]
    css_id: str = ""


class ExamTable:
    """A crispy layout object: rows of left/right inputs as a compact table whose cells are
    the form's bound fields, so values and errors show as in any other field."""

    template = "visits/exam_grid.html"

    def __init__(self, css_id, caption, row_heading, rows, detail_heading=""):
        self.css_id = css_id
        self.caption = caption
        self.row_heading = row_heading
        self.detail_heading = detail_heading
        self.rows = rows

    def render(self, form, context, template_pack=None, **kwargs):
        rendered = getattr(form, "rendered_fields", set())
        rows = []
        for table_row in self.rows:
            cells = []
            for name in table_row.names:
                bound = form[name]
                widget = bound.field.widget
                if bound.errors and "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                rendered.add(name)
                cells.append(bound)
            rows.append({"heading": table_row.heading, "detail": table_row.detail,
                         "css_id": table_row.css_id, "cells": cells})
        table = {"css_id": self.css_id, "caption": self.caption, "rows": rows,
                 "row_heading": self.row_heading, "detail_heading": self.detail_heading}
        return render_to_string(self.template, {"table": table})


def sides(grid, key):
    return tuple(grid_column(grid, key, side) for side in v.SIDES)


def pair(name):
    return tuple(f"{name}_{side}" for side in v.SIDES)


def signs_rows():
    rows = []
    for sign, label in PAIRED_SIGNS.items():
        rows.append(TableRow(label, "", pair(sign), css_id=f"div_id_{sign}"))
        if sign == "slr":
            rows.append(TableRow("SLR angle (degrees)", "", pair("slr_angle"),
                                 css_id="div_id_slr_angle"))
    return rows


# The ids match the engine's screening-gap links (decision_support.gap_link: #div_id_<key>).
MOTOR = ExamTable(
    "div_id_motor", "Motor power (MRC grade 0-5)", "Root",
    [TableRow(root, v.ROOT_TESTS[root][0], sides("motor", root)) for root in v.ROOTS],
    detail_heading="Key muscle",
)
SENSATION = ExamTable(
    "div_id_sensation", "Sensation by dermatome", "Root",
    [TableRow(root, v.ROOT_TESTS[root][1], sides("sensation", root)) for root in v.ROOTS],
    detail_heading="Dermatome",
)
REFLEXES = ExamTable(
    "div_id_reflexes", "Reflexes (0 absent, 1 reduced, 2 normal, 3 brisk, 4 clonus)", "Reflex",
    [TableRow(reflex.capitalize(), REFLEX_ROOTS[reflex], sides("reflex", reflex))
     for reflex in v.REFLEXES],
    detail_heading="Root",
)
SIGNS = ExamTable(
    "div_id_signs", "Upper motor neuron, tension and hip signs", "Sign",
    signs_rows(),
)
TABLES = (MOTOR, SENSATION, REFLEXES, SIGNS)


class ExaminationForm(StepForm):
    class Meta(StepForm.Meta):
        model = Examination
        fields = Examination.finding_field_names()
        formfield_callback = findings_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_blank_choices(self, NOT_EXAMINED)
        for field in self.fields.values():
            if isinstance(field.widget, TriStateRadio):
                field.widget.choices = [("true", "Yes"), ("false", "No"), ("unknown", NOT_EXAMINED)]
        for root in v.ROOTS:
            for name in sides("motor", root):
                self.fields[name] = grade_field(0, 5, self.fields[name].label)
            for name in sides("sensation", root):
                self.fields[name].choices = [("", "–"), *v.Sensation.choices]
        for reflex in v.REFLEXES:
            for name in sides("reflex", reflex):
                self.fields[name] = grade_field(0, 4, self.fields[name].label)
        for sign in PAIRED_SIGNS:
            for name in pair(sign):
                self.fields[name].widget = TriStateSelect()
        for table in TABLES:
            for table_row in table.rows:
                for name in table_row.names:
                    self.compact(name)
        self.helper.layout = Layout(
            Fieldset(
                "General examination",
                row("temperature_c", "gait", "deformity"),
            ),
            Fieldset(
                "Palpation and movement",
                *inline(self, "midline_tenderness", "paraspinal_tenderness", "rom_restricted",
                        "rom_painful"),
            ),
            Fieldset("Neurological examination by root", MOTOR, SENSATION, REFLEXES),
            Fieldset(
                "Neurological and tension signs",
                SIGNS,
                *inline(self, "crossed_slr"),
                "si_provocation_positive",
            ),
            Fieldset(
                "Cauda equina examination",
                row("saddle_sensation", "anal_tone", "post_void_residual_ml"),
            ),
            Fieldset(
                "Vascular and abdominal",
                *inline(self, "pulsatile_abdominal_mass"),
                "pedal_pulses",
            ),
        )

    def compact(self, name):
        """A table cell's input: small, and labelled for screen readers by its full name
        ("L5 motor (great toe extension), left"), since the table headers are not a label."""
        field = self.fields[name]
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.update({
            "class": f"{css} {css}-sm",
            "aria-label": str(field.label),
        })
