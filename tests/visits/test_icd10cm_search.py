"""The assessment step's code search: physicians find any ICD-10-CM code by code or words."""

from django.urls import reverse


def test_the_physician_finds_codes_by_words(physician_client):
    response = physician_client.get(reverse("visits:icd10cm_search"), {"q": "radiculopathy lumbar"})
    assert response.status_code == 200
    assert {"code": "M54.16", "description": "Radiculopathy, lumbar region"} in \
        response.json()["results"]


def test_the_assessment_step_offers_the_search(physician_client, visit):
    page = physician_client.get(reverse("visits:step", kwargs={"pk": visit.pk,
                                                               "slug": "assessment"}))
    html = page.content.decode()
    assert 'list="icd10cm-options"' in html and '<datalist id="icd10cm-options">' in html
    assert reverse("visits:icd10cm_search") in html
