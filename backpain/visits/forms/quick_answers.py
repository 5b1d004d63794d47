"""Answers given in one click and then edited: "All negative" for a screening block of the
history, "Normal neurological examination" for the roots of the recorded regions.

A quick answer only fills questions still unanswered (a "Yes" or a graded deficit already
entered is never overwritten), and each answer it gives stays an ordinary, visible, changeable
input. In the page the button fills the inputs at once (static/js/quick-entry.js); without
JavaScript it is a submit button: the step is saved with everything typed, and the unanswered
questions it names are filled on the server (`fill_posted_quick_answers`).
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from backpain.clinical import dictionary
from backpain.clinical.dictionary import Finding, Grid, Kind
from backpain.clinical.dictionary.roots import (
    LOWER_LIMB_ROOTS,
    REFLEX_ROOTS,
    ROOTS,
    SIDES,
    grid_column,
    side_column,
)

NEGATIVE_CHOICE = "none"  # "nothing of the kind" in a vocabulary (docs/findings.md)
UPPER_LIMB_ROOTS = tuple(root for root in ROOTS if root not in LOWER_LIMB_ROOTS)
# The roots a region's complaint calls for: the arms for the neck; the legs for the mid and low
# back (a thoracic cord lesion shows in the legs).
REGION_ROOTS = {"cervical": UPPER_LIMB_ROOTS, "thoracic": LOWER_LIMB_ROOTS,
                "lumbar": LOWER_LIMB_ROOTS, "sacral": LOWER_LIMB_ROOTS}
# The tension (and root provocation) signs of a normal examination, by the limbs examined.
TENSION_SIGNS = {"upper": ("spurling",), "lower": ("slr", "femoral_stretch")}
LOWER_LIMB_SINGLE_SIGNS = ("crossed_slr",)
NORMAL_GRADE = {"motor": "5", "sensation": "normal", "reflex": "2"}
UNANSWERED = (None, "", "unknown")  # as posted: a blank select, "Not asked" / "Not examined"
POSTED = "quick_answers"  # the name of the submit button
# The first submit button of a form is what Enter in a field presses: a plain save, so Enter
# never sets a block by accident.
HIDDEN_SAVE = '<button type="submit" name="save" hidden tabindex="-1" aria-hidden="true"></button>'


class DefaultSave:
    """A crispy layout object: the hidden first submit button; none on a read-only page."""

    def render(self, form, context, template_pack=None, **kwargs):
        if form.read_only:
            return ""
        return mark_safe(HIDDEN_SAVE)  # noqa: S308 (a constant, no input in it)


DEFAULT_SAVE = DefaultSave()


def negative_answer(item: Finding) -> str | None:
    """What "No" is for a question, as the browser posts it; None when it has no such answer."""
    if item.kind is Kind.TRI:
        return "false"
    if item.kind in (Kind.CHOICE, Kind.CHOICES) and item.values is not None and (
            NEGATIVE_CHOICE in item.values.values):
        return NEGATIVE_CHOICE
    return None


def top_level(item, section) -> bool:
    """Not a follow-up question: one asked only after another answer of the same step is
    left to that answer (it is hidden once its controller is "No")."""
    condition = item.asked_when
    return condition is None or not all(
        part.path.rpartition(".")[0] == section for part in getattr(condition, "conditions", ()))


def screening_blocks(form, section) -> dict[str, dict[str, str]]:
    """The groups of a step that are screens (every question in them has a "No"), each with
    the negative answer of its questions in the form, in page order."""
    grouped: dict[str, list[Finding]] = {}
    for item in dictionary.findings_of(section):
        if top_level(item, section) and item.name in form.fields:
            grouped.setdefault(item.group, []).append(item)
    blocks = {}
    for group, items in grouped.items():
        answers = {item.name: negative_answer(item) for item in items}
        if len(answers) > 1 and None not in answers.values():
            blocks[group] = {name: str(answer) for name, answer in answers.items()}
    return blocks


def examined_roots(regions) -> tuple[str, ...]:
    """The roots of the recorded regions, in examination order; every root when no region is
    recorded yet."""
    wanted = {root for region in regions or () for root in REGION_ROOTS.get(region, ())}
    return tuple(root for root in ROOTS if root in wanted) if wanted else ROOTS


def grid_keys(grid: Grid, roots) -> tuple[str, ...]:
    if grid.prefix == "reflex":
        return tuple(key for key in grid.keys if REFLEX_ROOTS[key] in roots)
    return tuple(key for key in grid.keys if key in roots)


def normal_neurological_answers(form, roots) -> dict[str, str]:
    """Power 5/5, normal sensation, reflexes 2+ and negative tension signs, for `roots`."""
    answers = {}
    for item in dictionary.section("exam"):
        if isinstance(item, Grid):
            for key in grid_keys(item, roots):
                for side in SIDES:
                    answers[grid_column(item.prefix, key, side)] = NORMAL_GRADE[item.prefix]
    limbs = [limb for limb, limb_roots in (("upper", UPPER_LIMB_ROOTS),
                                           ("lower", LOWER_LIMB_ROOTS))
             if set(limb_roots) & set(roots)]
    for limb in limbs:
        for sign in TENSION_SIGNS[limb]:
            for side in SIDES:
                answers[side_column(sign, side)] = "false"
    if "lower" in limbs:
        answers.update(dict.fromkeys(LOWER_LIMB_SINGLE_SIGNS, "false"))
    return {name: value for name, value in answers.items() if name in form.fields}


def fill_posted_quick_answers(form, buttons) -> None:
    """Without JavaScript: the quick-answer button posted fills the unanswered questions it
    names into the posted data (`buttons`: QuickAnswers objects), which is then saved."""
    if not form.is_bound:
        return
    pressed = form.data.get(POSTED)
    button = next((button for button in buttons if button.css_id == pressed), None)
    if button is None:
        return
    data = form.data.copy()
    for name, value in button.answers.items():
        key = form.add_prefix(name)
        posted = data.getlist(key)
        if not posted or all(answer in UNANSWERED for answer in posted):
            data.setlist(key, [value])
    form.data = data


class QuickAnswers:
    """A crispy layout object: a button that fills the unanswered questions of `answers`
    (field name -> value as posted), with a live region that says what it did; without
    JavaScript it submits the step (see fill_posted_quick_answers)."""

    def __init__(self, css_id, label, explanation, answers):
        self.css_id = css_id
        self.label = label
        self.explanation = explanation
        self.answers = answers

    def render(self, form, context, template_pack=None, **kwargs):
        if form.read_only:
            return ""  # a signed visit's step: nothing to fill in
        answers = {form.add_prefix(name): value for name, value in self.answers.items()}
        return format_html(
            '<div class="quick-answers d-flex flex-wrap align-items-center gap-2 mb-2" '
            'id="{id}">'
            '<button type="submit" name="{posted}" value="{id}" '
            'class="btn btn-sm btn-outline-primary" data-quick-answers="{answers}" '
            'data-said-none="{none}" data-said-one="{one}" '
            'data-said-many="{many}" aria-describedby="{id}-help">{label}</button>'
            '<span class="form-text m-0" id="{id}-help">{explanation}</span>'
            '<span class="visually-hidden small fw-semibold" role="status" aria-live="polite">'
            '</span></div>',
            id=self.css_id, posted=POSTED, answers=json.dumps(answers), label=self.label,
            explanation=self.explanation,
            none=_("Nothing filled in: every question here already has an answer."),
            one=_("1 answer filled in; change it as needed."),
            many=_("%(count)s answers filled in; change any of them as needed."))


def all_negative_button(form, group, answers) -> QuickAnswers:
    slug = "".join(c if c.isalnum() else "-" for c in group.lower())
    return QuickAnswers(
        f"all-negative-{slug}", _("All negative"),
        _("Answers “No” to every question of this block not answered yet; change any of them "
          "afterwards."), answers)


def normal_neurological_button(form, roots) -> QuickAnswers:
    return QuickAnswers(
        "normal-neurological-exam", _("Normal neurological examination"),
        _("Fills the unanswered cells of %(roots)s: power 5/5, normal sensation, reflexes 2+, "
          "negative tension signs; then change the exceptions.")
        % {"roots": ", ".join(roots)},
        normal_neurological_answers(form, roots))
