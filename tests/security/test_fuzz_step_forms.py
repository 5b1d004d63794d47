"""Fuzzing every step form (issue 7, item 7): POST data drawn from each step form's own
fields (valid choices, junk text, out-of-range and non-numbers, impossible dates, lists for
single values, unknown keys, broken versions and formset counts) is posted to the step page.
Whatever arrives, the answer is the form with its messages (200), a save (302) or a conflict
(409), never a server error, and a refused form saves nothing."""

import datetime

import pytest
from django import forms
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from backpain.visits.models import StepRevision
from backpain.visits.step_views import build_forms
from backpain.visits.steps import STEPS

from .helpers import current_version, step_url

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
JUNK = TEXT | st.sampled_from(["", " ", "-1", "1e309", "NaN", "Infinity", "null", "true",
                               "<script>alert(1)</script>", "\x00", "9" * 30, "0x10", "½",
                               "٣", "2024-02-30", "0000-00-00", "' OR 1=1--", "[]"])


def choice_values(field):
    values = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # an optgroup
            values += [inner for inner, _ in label]
        else:
            values.append(value)
    return [str(value) for value in values]


def valid_values(field):
    """A strategy for what the form offers (so that some posts really save)."""
    if isinstance(field, forms.MultipleChoiceField):
        valid = choice_values(field)
        return st.lists(st.sampled_from(valid), max_size=1) if valid else st.just([])
    if isinstance(field, forms.NullBooleanField):
        return st.sampled_from(["true", "false", "unknown"])
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from(choice_values(field) or [""])
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 0
        high = field.max_value if field.max_value is not None else 10
        return st.integers(low, high).map(str)
    if isinstance(field, forms.DecimalField):
        return st.just("")
    if isinstance(field, forms.DateField):
        return st.just("")
    return st.text(alphabet="abc xyz,.", max_size=20)


def field_values(field):
    """A strategy for what a browser (or an attacker) might post for one form field."""
    if isinstance(field, forms.MultipleChoiceField):
        valid = choice_values(field)
        one = st.sampled_from(valid) | JUNK if valid else JUNK
        return st.lists(one, max_size=4)
    if isinstance(field, forms.NullBooleanField):
        return st.sampled_from(["true", "false", "unknown", "", "True", "1", "maybe"]) | JUNK
    if isinstance(field, forms.ChoiceField):
        valid = choice_values(field)
        return (st.sampled_from(valid) if valid else JUNK) | JUNK
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else -1000
        high = field.max_value if field.max_value is not None else 1000
        return (st.integers(low - 3, high + 3).map(str) | st.integers(-10**25, 10**25).map(str)
                | JUNK)
    if isinstance(field, forms.DecimalField):
        return (st.decimals(allow_nan=True, allow_infinity=True, places=3).map(str)
                | st.floats().map(str) | JUNK)
    if isinstance(field, forms.DateField):
        return (st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
                .map(datetime.date.isoformat) | JUNK)
    if isinstance(field, forms.CharField):
        return st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                       max_size=(field.max_length or 100) + 10) | JUNK
    return JUNK


@st.composite
def post_data(draw, form, formset, version):
    data = {}
    # A third of the posts stay within what the form offers, so saves happen too.
    values = valid_values if draw(st.integers(0, 2)) == 0 else field_values
    for name, field in form.fields.items():
        if draw(st.integers(0, 9)) < 7:
            data[form.add_prefix(name)] = draw(values(field))
    if formset is not None:
        if values is valid_values:
            total, initial = "1", "0"
        else:
            total = draw(st.sampled_from(["0", "1", "2", "3", "-1", "x", "1001", ""]))
            initial = draw(st.sampled_from(["0", "0", "1", "x"]))
        data[f"{formset.prefix}-TOTAL_FORMS"] = total
        data[f"{formset.prefix}-INITIAL_FORMS"] = initial
        study = formset.empty_form
        for index in range(3):
            for name, field in study.fields.items():
                if name not in ("id", "visit") and draw(st.integers(0, 9)) < 6:
                    data[f"{formset.prefix}-{index}-{name}"] = draw(values(field))
    if values is field_values:
        for key, value in draw(st.dictionaries(TEXT, JUNK, max_size=3)).items():
            data.setdefault(key, value)
        data["version"] = draw(st.just(str(version)) | st.just(str(version)) | JUNK)
    else:
        data["version"] = str(version)
    return data


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.slug)
@FUZZ
@given(data=st.data())
def test_no_post_to_a_step_is_a_server_error(physician_client, visit, step, data):
    form, formset = build_forms(step, visit)
    version = current_version(visit)
    revisions = StepRevision.objects.filter(visit=visit).count()
    payload = data.draw(post_data(form, formset, version))
    response = physician_client.post(step_url(visit, step.slug), payload)
    event(f"status {response.status_code}")
    assert response.status_code in (200, 302, 409), response.status_code
    if response.status_code == 302:
        assert current_version(visit) == version + 1
        assert StepRevision.objects.filter(visit=visit).count() == revisions + 1
    else:
        assert current_version(visit) == version  # a refused form saved nothing
        assert StepRevision.objects.filter(visit=visit).count() == revisions
