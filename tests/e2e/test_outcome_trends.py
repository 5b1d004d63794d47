"""In Chromium: a patient followed over a year sees the outcome trends on the patient page,
each chart a labelled image with its numbers in a table, and the page passes axe; on a phone
nothing scrolls sideways."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from backpain.visits.models import Questionnaires, Visit
from tests.e2e.conftest import BLOCKING, sign_in
from tests.factories import PatientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


@pytest.fixture
def followed_patient():
    # A patient of the demo clinic followed in one episode of care, with no other visit.
    visit = Visit.objects.order_by("pk").first()
    patient = PatientFactory(clinic=visit.patient.clinic, family_name="Followed",
                             given_name="Frances")
    for days, back, leg, odi in ((0, 8, 7, 3), (91, 5, 5, 2), (365, 2, 2, 1)):
        followed = VisitFactory(patient=patient, created_by=visit.created_by,
                                assigned_physician=visit.assigned_physician,
                                visit_date=datetime.date(2025, 1, 6) + datetime.timedelta(days),
                                visit_type="new" if days == 0 else "follow_up")
        Questionnaires.objects.create(visit=followed, axial_pain=back, limb_pain=leg,
                                      **{f"odi_{n}": odi for n in range(1, 11)})
        Visit.objects.filter(pk=followed.pk).update(status="signed")
    return patient


def test_the_patient_page_shows_the_trends_accessibly(page, followed_patient):
    sign_in(page, "physician", "backpain-demo")
    page.goto(f"/patients/{followed_patient.pk}/")
    trends = page.get_by_role("region", name="Outcomes over time")
    expect(trends).to_be_visible()
    chart = trends.get_by_role("img", name="Oswestry Disability Index")
    expect(chart).to_be_visible()
    expect(trends.get_by_role("table", name="Oswestry Disability Index at each visit")
           .get_by_role("row")).to_have_count(4)
    odi = trends.get_by_role("table", name="Oswestry Disability Index at each visit")
    expect(odi.get_by_role("cell", name=re.compile("^−40 points: improved beyond noise"))
           .first).to_be_visible()
    back = trends.get_by_role("table", name="Back or neck pain (0-10) at each visit")
    expect(back.get_by_role("cell", name=re.compile("^−3 points: within noise, reaches"))
           .first).to_be_visible()
    # axe on the trends themselves (the page's own header is the patient page's business).
    results = Axe().run(page, context=".outcome-trends")
    assert not [(v["id"], v["impact"]) for v in results.response["violations"]
                if v["impact"] in BLOCKING]


def test_the_trends_fit_a_phone(browser, live_server, followed_patient):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390,
                                                                      "height": 844})
    page = context.new_page()
    sign_in(page, "physician", "backpain-demo")
    page.goto(f"/patients/{followed_patient.pk}/")
    expect(page.get_by_role("region", name="Outcomes over time")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
