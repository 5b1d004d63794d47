"""The step pages' rendering cost: the forms' inputs and selects are written in Python
(backpain/visits/forms/widget_html.py) with exactly the HTML of Django's widget templates, and
the layout's blocks, inline choices and plain fields (forms/layout.py) with the elements of
crispy's templates, so the page, its labels, ids, values, errors and aria attributes are what
they were."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.signals import template_rendered
from django.urls import reverse

from backpain.visits.forms import layout
from backpain.visits.forms.diagnostics import StudyForm
from backpain.visits.models import DiagnosticStudy, Visit
from backpain.visits.selectors import with_steps
from backpain.visits.step_views import build_forms
from backpain.visits.steps import STEPS
from tests.html_shape import shape

# Posted values that the forms refuse or keep, for every kind of widget: numbers out of range,
# unknown choices, dates, text needing escaping.
POSTED = {"pain_now": "14", "pain_worst": "7", "onset": "not-a-choice", "onset_date": "2031-01-01",
          "gait": "normal", "reflex_patellar_left": "9", "motor_l5_left": "3",
          "comment": '<b>"quoted" & more</b>', "follow_up_weeks": "x", "disposition": "routine",
          "temperature_c": "38.45", "odi_1": "2"}


@pytest.fixture
def steps_visit(ready_visit):
    return with_steps(Visit.objects.filter(pk=ready_visit.pk)).get()


def both_ways(form_of, monkeypatch):
    """The form's HTML with the step forms' renderer and layout written in Python, and with
    Django's widget templates and crispy's layout templates."""
    fast = render_crispy_form(form_of(None))
    with monkeypatch.context() as templates:
        templates.setattr(layout, "IN_PYTHON", False)
        plain = render_crispy_form(form_of(DjangoTemplates()))
    assert shape(fast) == shape(plain)
    return fast, plain


@pytest.mark.parametrize("step", STEPS, ids=[step.slug for step in STEPS])
@pytest.mark.parametrize("data", [None, POSTED], ids=["saved", "posted"])
def test_every_step_form_renders_as_the_templates_do(steps_visit, step, data, monkeypatch):
    def form_of(renderer):
        form, _formset = build_forms(step, steps_visit, data)
        if renderer is not None:
            form.renderer = renderer
        form.is_valid() if data else None
        return form

    fast, plain = both_ways(form_of, monkeypatch)
    assert fast != plain  # the Python writers were used
    assert "<select" in fast or "<input" in fast or "<textarea" in fast


def test_a_study_form_renders_as_the_templates_do(visit, monkeypatch):
    data = {"modality": "mri", "region": "nowhere", "date": "2020-02-30",
            "impression": "Disc <bulge> at L4/5 & L5/S1"}
    both_ways(lambda renderer: StudyForm(
        data, instance=DiagnosticStudy(visit=visit), renderer=renderer), monkeypatch)


def test_exam_tables_with_last_visit_marks_and_other_roots_folded_render_as_the_template(
        steps_visit, monkeypatch):
    from django.template import Context

    from backpain.clinical import dictionary
    from backpain.clinical.dictionary import Grid
    from backpain.visits.forms.declared import grid_table
    from backpain.visits.forms.last_visit import CARRIED, CHANGED, Mark
    from backpain.visits.steps import step_for

    form, _formset = build_forms(step_for("examination"), steps_visit, POSTED)
    form.is_valid()
    grids = [item for item in dictionary.section("exam") if isinstance(item, Grid)]
    form.last_marks = {name: Mark(kind, f"was <{name}>") for name, kind in
                       (("motor_l5_left", CHANGED), ("reflex_patellar_right", CARRIED))}
    written = []
    for grid in grids:
        table = grid_table(grid, roots=["L5"])  # the other roots folded, unless in use
        fast = str(table.render(form, Context()))
        with monkeypatch.context() as templates:
            templates.setattr(layout, "IN_PYTHON", False)
            plain = str(table.render(form, Context()))
        assert shape(fast) == shape(plain), grid.name
        assert "<details" in fast, grid.name
        written.append(fast)
    assert len(grids) == 3
    assert "changed-since-last" in "".join(written) and "carried-forward" in "".join(written)
    assert "was &lt;motor_l5_left&gt;" in "".join(written)


PER_FIELD_TEMPLATES = ("django/forms/widgets/", "bootstrap5/field.html",
                       "bootstrap5/layout/div.html", "visits/inline_choices.html")


@pytest.mark.parametrize("slug", ["history", "examination"])
def test_a_long_step_page_renders_no_template_per_field(physician_client, ready_visit, slug):
    rendered = []

    def keep(sender, template, **kwargs):
        rendered.append(template.name or "")

    template_rendered.connect(keep, dispatch_uid="count-templates")
    try:
        response = physician_client.get(reverse("visits:step", kwargs={
            "pk": ready_visit.pk, "slug": slug}))
    finally:
        template_rendered.disconnect(dispatch_uid="count-templates")
    assert response.status_code == 200
    assert response.content.count(b"<select") + response.content.count(b'type="radio"') > 30
    assert [name for name in rendered if name.startswith(PER_FIELD_TEMPLATES)] == []


def test_templates_are_compiled_once_per_process():
    """The cached loader: no template is read and parsed again for each page."""
    engine = engines["django"].engine
    assert all(isinstance(loader, CachedLoader) for loader in engine.template_loaders)


def posted_form(visit, slug, name, value, renderer, choices=None):
    """The step's form with POSTED and this field's value, validated; its choices replaced
    (as a form may replace them) and its renderer set, if given."""
    from backpain.visits.steps import step_for

    form, _formset = build_forms(step_for(slug), visit, {**POSTED, name: value})
    if choices is not None:
        form.fields[name].choices = choices
    if renderer is not None:
        form.renderer = renderer
    form.is_valid()
    return form


def test_a_select_writes_its_own_choices_and_value_in_python(steps_visit, monkeypatch):
    """The selects' options are written once per list of choices and language
    (widget_html.written_options): a form whose field's choices were changed, and a select
    with another value, still show their own, as the templates do."""
    from backpain.visits.forms.widget_html import OptionsInPython

    def form_of(renderer, choices=None, value="3"):
        return posted_form(steps_visit, "examination", "motor_l5_left", value, renderer, choices)

    assert isinstance(form_of(None).fields["motor_l5_left"].widget, OptionsInPython)
    for choices, value, shown in (
            (None, "3", '<option value="3" selected>3</option>'),
            (None, "5", '<option value="5" selected>5</option>'),
            ([("", "–"), (1, "one <1>"), (2, "two")], "2", '<option value="2" selected>two'),
            ([("", "–"), (1, "one <1>"), (2, "two")], "1", "one &lt;1&gt;</option>")):
        fast, _plain = both_ways(lambda renderer, c=choices, v=value: form_of(
            renderer, c, v), monkeypatch)
        select = fast[fast.index('name="motor_l5_left"'):]
        select = select[:select.index("</select>")]
        assert shown in select
        assert select.count(" selected") == 1


@pytest.mark.parametrize("ticked", [["below_knee"], ["buttock", "thigh"]])
def test_checkboxes_write_their_own_choices_and_values_in_python(steps_visit, ticked,
                                                                 monkeypatch):
    """Inline radios and checkboxes are written once per field, list of choices and language
    (field_html.written_choices): another value, or choices changed on a form, still show."""
    def form_of(renderer, choices=None):
        return posted_form(steps_visit, "history", "radiation", ticked, renderer, choices)

    for choices in (None, [("buttock", "Buttock <b>"), ("below_knee", "Below")]):
        fast, _plain = both_ways(lambda renderer, c=choices: form_of(renderer, c), monkeypatch)
        block = fast[fast.index('id="div_id_radiation"'):]
        block = block[:block.index("</fieldset>")]
        checked = [part.split('value="')[1].split('"')[0]
                   for part in block.split("<input")[1:] if " checked" in part]
        assert checked and checked == [value for value, _label in (
            choices or form_of(None).fields["radiation"].choices) if value in ticked]
        if choices:
            assert "Buttock &lt;b&gt;" in block and block.count("<input") == 2
