"""The step pages carry the clinic's phrases once, for static/js/phrases.js: the signed-in
user's clinic's only, in one query however many there are and however many text fields."""

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backpain.phrases.models import PhraseTemplate

pytestmark = pytest.mark.django_db


def step_url(visit, slug):
    return reverse("visits:step", kwargs={"pk": visit.pk, "slug": slug})


def phrases_on(page):
    found = re.findall(r'<script src="[^"]*phrases[^"]*\.js" data-phrases="([^"]*)" defer>',
                       page)
    assert len(found) == 1, found
    return json.loads(html.unescape(found[0]))


def phrase_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in context.captured_queries if "phrases_phrasetemplate" in q["sql"]], \
        response.content.decode()


@pytest.mark.parametrize("slug", ["history", "examination", "diagnostics", "assessment",
                                  "plan"])
def test_every_step_page_has_the_clinics_phrases_in_one_query(physician_client, visit, clinic,
                                                              other_clinic, slug):
    for n in range(12):
        PhraseTemplate.objects.create(clinic=clinic, abbreviation=f"p{n:02}", text=f"Text {n}")
    PhraseTemplate.objects.create(clinic=other_clinic, abbreviation="secret", text="Hilltop's")
    queries, page = phrase_queries(physician_client, step_url(visit, slug))
    assert len(queries) == 1
    data = phrases_on(page)
    assert [p["abbreviation"] for p in data["phrases"]] == [f"p{n:02}" for n in range(12)]
    assert "Hilltop" not in page
    assert data["words"]["button"] == "Insert phrase"


def test_a_phrase_with_markup_is_data_never_markup(intake_client, visit, clinic):
    text = '"Quoted" </script><img src=x onerror=alert(1)> & more'
    PhraseTemplate.objects.create(clinic=clinic, abbreviation="odd", text=text)
    page = intake_client.get(step_url(visit, "history")).content.decode()
    assert "<img src=x" not in page
    assert phrases_on(page)["phrases"] == [{"abbreviation": "odd", "text": text}]


def test_a_clinic_without_phrases_gets_an_empty_list(intake_client, visit):
    assert phrases_on(intake_client.get(step_url(visit, "history")).content.decode())[
        "phrases"] == []
