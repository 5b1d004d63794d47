"""The review page's signing and addendum forms are written in Python as the step forms are
(notes/forms.py SignatureForm): the HTML a browser builds from them, their labels, values,
errors and the order of their fields, is what crispy's and Django's templates write."""

import pytest
from crispy_forms.utils import render_crispy_form
from django.forms.renderers import DjangoTemplates

from backpain.notes.forms import AddendumForm, SignForm
from backpain.visits.forms import layout
from tests.html_shape import shape

POSTED = {"username": "", "password": "", "meaning": "not-a-meaning",
          "text": '<b>"late" result & more</b>', "reason": ""}


def both_ways(form_class, data, ask_username, monkeypatch):
    def form_of(renderer):
        form = form_class(data, ask_username=ask_username)
        if renderer is not None:
            form.renderer = renderer
        if data is not None:
            assert not form.is_valid()
        return form

    fast = render_crispy_form(form_of(None))
    with monkeypatch.context() as templates:
        templates.setattr(layout, "IN_PYTHON", False)
        plain = render_crispy_form(form_of(DjangoTemplates()))
    assert fast != plain  # the Python writers were used
    assert shape(fast) == shape(plain)
    return fast


@pytest.mark.parametrize("form_class", [SignForm, AddendumForm])
@pytest.mark.parametrize("data", [None, POSTED], ids=["empty", "refused"])
@pytest.mark.parametrize("ask_username", [True, False], ids=["username", "no-username"])
def test_the_signing_forms_render_as_the_templates_do(form_class, data, ask_username,
                                                      monkeypatch):
    html = both_ways(form_class, data, ask_username, monkeypatch)
    assert ('name="username"' in html) is ask_username
    assert 'type="password"' in html and 'type="submit"' in html
    if data is not None:
        assert "This field is required." in html
        assert "is-invalid" in html


def test_the_addendum_form_asks_for_the_text_first_and_the_password_last(monkeypatch):
    html = both_ways(AddendumForm, None, True, monkeypatch)
    order = [html.index(f'name="{name}"') for name in ("text", "reason", "username", "password")]
    assert order == sorted(order)
    assert "Sign the addendum" in html


def test_typed_text_is_kept_escaped_when_an_addendum_is_refused(monkeypatch):
    html = both_ways(AddendumForm, POSTED, False, monkeypatch)
    assert "&lt;b&gt;&quot;late&quot; result &amp; more&lt;/b&gt;" in html
    assert "<b>" not in html
