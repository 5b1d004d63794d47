"""In Chromium: a follow-up starts from the last signed visit. The history proposes the stable
items marked "confirm" and saves them only with the step; a changed answer is highlighted; the
examination shows the last grade under each input; every page passes axe."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backpain.accounts.models import User
from backpain.visits.models import Examination, History
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import PatientFactory, VisitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


@pytest.fixture
def follow_up():
    physician = User.objects.get(username="physician")
    patient = PatientFactory(clinic=physician.clinic, family_name="Carried", mrn="RSC-CF1")
    before = VisitFactory(patient=patient, created_by=physician, assigned_physician=physician,
                          visit_date=datetime.date.today() - datetime.timedelta(days=42))
    History.objects.create(visit=before, regions=["lumbar"], pain_now=7, cancer_history=True,
                           cancer_metastatic=False, diabetes=True, smoker=False)
    Examination.objects.create(visit=before, gait="normal", motor_l5_left=4, motor_l5_right=5)
    before.status = "signed"
    before.save()
    return VisitFactory(patient=patient, visit_type="follow_up", created_by=physician,
                        assigned_physician=physician)


def test_a_follow_up_starts_from_the_last_signed_visit(page, follow_up):
    sign_in(page, "physician", "backpain-demo")
    page.goto(reverse("visits:step", kwargs={"pk": follow_up.pk, "slug": "history"}))
    expect(page.locator("#carried-forward")).to_contain_text("nothing is saved until you save")
    diabetes = page.get_by_role("group", name="Diabetes?")
    expect(diabetes.get_by_label("Yes", exact=True)).to_be_checked()
    expect(diabetes).to_have_accessible_description(re.compile(r"From the visit of .+, confirm"))
    expect(page.get_by_label("Pain now (0-10)")).to_have_value("")
    assert_accessible(page)
    assert not History.objects.filter(visit=follow_up).exists()

    diabetes.get_by_label("No", exact=True).check()
    page.get_by_role("group", name="Where is the pain?").get_by_label("Lumbar").check()
    page.get_by_label("Pain now (0-10)").fill("3")
    page.get_by_role("button", name="Save", exact=True).first.click()
    expect(page.get_by_text("History saved.")).to_be_visible()
    expect(page.locator("#carried-forward")).to_have_count(0)
    expect(page.locator("#id_diabetes_helptext mark")).to_contain_text("(was: Yes)")
    saved = History.objects.get(visit=follow_up)
    assert (saved.cancer_history, saved.diabetes, saved.smoker) == (True, False, False)

    page.goto(reverse("visits:step", kwargs={"pk": follow_up.pk, "slug": "examination"}))
    expect(page.locator("#id_motor_l5_left_last")).to_contain_text(": 4")
    expect(page.locator("#id_motor_l5_left")).to_have_attribute(
        "aria-describedby", "id_motor_l5_left_last")
    assert_accessible(page)
