"""In a real browser: an administrator defines a phrase template for the clinic, and the
physician inserts the clinic's phrases into the history narrative by typing ";;" and into the
examination comment with the "Insert phrase" button; what is inserted is saved as typed."""

import re

import pytest
from playwright.sync_api import expect

from backpain.accounts.roles import Role
from backpain.phrases.models import PhraseTemplate
from backpain.visits.models import Examination, History
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, ClinicFactory, PatientFactory, UserFactory, VisitFactory

pytestmark = [pytest.mark.e2e]

NEURO = "Power 5/5, sensation intact, reflexes 2+ and symmetrical in both legs."
SLR = "Straight-leg raise negative to 80 degrees on both sides."


@pytest.fixture
def clinic_with_a_visit(roles):
    clinic = ClinicFactory(name="Riverside Spine Clinic")
    UserFactory(username="admin1", clinic=clinic, role=Role.ADMINISTRATOR)
    physician = UserFactory(username="doctor", clinic=clinic, role=Role.PHYSICIAN)
    patient = PatientFactory(clinic=clinic)
    visit = VisitFactory(patient=patient, assigned_physician=physician)
    # Another clinic's phrase is never offered.
    other = ClinicFactory(name="Hilltop Back Care")
    PhraseTemplate.objects.create(clinic=other, abbreviation="slx", text="Hilltop's wording")
    return clinic, visit


def test_phrases_are_defined_in_the_admin_and_inserted_with_semicolons_or_the_button(
        page, clinic_with_a_visit):
    clinic, visit = clinic_with_a_visit

    # The administrator adds the clinic's phrases.
    sign_in(page, "admin1", TEST_PASSWORD)
    for abbreviation, text in (("neuro", NEURO), ("slr", SLR)):
        page.goto("/admin/phrases/phrasetemplate/add/")
        page.get_by_label("Abbreviation").fill(abbreviation)
        page.get_by_label("Text").fill(text)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert set(PhraseTemplate.objects.filter(clinic=clinic)
               .values_list("abbreviation", flat=True)) == {"neuro", "slr"}
    page.context.clear_cookies()

    # The physician types ";;" in the history narrative: the matching phrases are listed.
    sign_in(page, "doctor", TEST_PASSWORD)
    page.goto(f"/visits/{visit.pk}/steps/history/")
    narrative = page.get_by_label("History narrative")
    narrative.click()
    page.keyboard.type("Seen with his wife. ;;")
    listed = page.get_by_role("group", name="Phrases")
    expect(listed.get_by_role("button")).to_have_count(2)
    expect(listed).not_to_contain_text("Hilltop")
    assert_accessible(page)
    page.keyboard.type("n")
    expect(listed.get_by_role("button")).to_have_count(1)
    expect(listed).to_contain_text(";;neuro")
    # The whole abbreviation and a space: the phrase takes its place.
    page.keyboard.type("euro ")
    expect(narrative).to_have_value(f"Seen with his wife. {NEURO} ")
    expect(listed).to_be_hidden()
    page.keyboard.type("Then ;;s")
    page.keyboard.press("Enter")  # the first phrase listed
    expect(narrative).to_have_value(f"Seen with his wife. {NEURO} Then {SLR}")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    saved = History.objects.get(visit=visit).narrative
    assert saved == f"Seen with his wife. {NEURO} Then {SLR}"

    # The button beside the examination comment lists every phrase; one is chosen.
    page.goto(f"/visits/{visit.pk}/steps/examination/")
    comment = page.get_by_label("Examination comment")
    comment.fill("Antalgic gait. ")
    page.get_by_role("button", name="Insert phrase").click()
    listed = page.get_by_role("group", name="Phrases")
    expect(listed.get_by_role("button")).to_have_count(2)
    assert_accessible(page)
    listed.get_by_role("button", name=re.compile(";;slr")).click()
    expect(comment).to_have_value(f"Antalgic gait. {SLR}")
    expect(comment).to_be_focused()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Examination.objects.get(visit=visit).comment == f"Antalgic gait. {SLR}"
