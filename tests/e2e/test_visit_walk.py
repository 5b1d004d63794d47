"""In a real browser: intake staff and then the physician document a whole visit.

The cauda equina flag appears once the history is saved, every value survives a reload,
and every step page passes an axe-core scan with no serious or critical violation.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]
def panel(page):
    return page.get_by_role("complementary", name="Decision support")


def flags(page):
    return panel(page).locator("details.flag")


def save(page):
    """Save the step and wait for the page the save answers with (an alert already on the page,
    such as a red flag, does not tell that the save has come back)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("saved")


def test_intake_then_physician_document_a_visit(page):
    # Intake staff open a visit for a patient found by search.
    sign_in(page, "intake", "backpain-demo")
    page.goto("/patients/")
    page.get_by_label("Search by name or MRN").fill("Nowak")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("Nowak")
    assert "Nowak" not in page.url
    page.get_by_role("link", name=re.compile("NOWAK, Katarzyna")).click()
    page.get_by_role("link", name="Open a visit").click()
    page.get_by_label("Type of visit").select_option("new")
    page.get_by_label("Chief complaint (in the patient's words)").fill(
        "Low back pain, cannot pass urine since this morning")
    page.get_by_label("Assigned physician").select_option(label="Jane Doe, MD")
    page.get_by_role("button", name="Open visit").click()
    page.get_by_role("link", name=re.compile("Start with history")).click()

    # History: by mouse and keyboard; the flag appears after saving.
    expect(page.get_by_role("heading", name=re.compile("History"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Lumbar (low back)").check()
    page.get_by_label("Pain now (0-10)").fill("8")
    page.keyboard.press("Tab")
    page.keyboard.type("9")  # worst pain, next field by keyboard
    page.get_by_label("How did it start?").select_option("sudden")  # needed to hand over
    page.get_by_label("Bladder problems").select_option("retention")
    expect(flags(page)).to_have_count(0)
    save(page)
    expect(flags(page).first).to_contain_text("Cauda equina syndrome")
    expect(panel(page)).to_contain_text("Emergency")
    page.reload()
    expect(page.get_by_label("Lumbar (low back)")).to_be_checked()
    expect(page.get_by_label("Pain now (0-10)")).to_have_value("8")
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("9")
    expect(page.get_by_label("Bladder problems")).to_have_value("retention")

    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name=re.compile("Questionnaires"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark intake complete").click()
    page.get_by_role("button", name="Sign out").click()

    # The physician finds the visit at the top of the queue with its emergency badge.
    sign_in(page, "physician", "backpain-demo")
    queue = page.locator("section", has=page.get_by_role("heading", name="Awaiting my review"))
    row = queue.locator("tbody tr", has_text="NOWAK, Katarzyna")
    expect(row).to_contain_text("Emergency")
    expect(queue.locator("tbody tr").first).to_contain_text("Emergency")  # most urgent first
    row.get_by_role("link").click()
    page.get_by_role("link", name=re.compile(r"3\. Examination")).click()

    assert_accessible(page)
    page.get_by_label("Gait", exact=True).select_option("antalgic")
    page.get_by_label("L5 motor (great toe extension), left").select_option("3")
    page.get_by_role("button", name=re.compile("Save and continue")).click()
    expect(page.get_by_role("heading", name=re.compile("Diagnostics"))).to_be_visible()
    expect(flags(page)).to_contain_text(["Cauda equina syndrome",
                                         "Severe or progressive neurological deficit"])
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    expect(page.get_by_role("heading", name=re.compile("Assessment"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label(re.compile("Cauda equina syndrome \\(emergency\\)")).check()
    page.get_by_label(re.compile("Severe or progressive neurological deficit")).check()
    page.get_by_label("Other ICD-10-CM codes").fill("G83.4")
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    expect(page.get_by_role("heading", name=re.compile("Plan"))).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Disposition").select_option("emergency_department")
    page.get_by_label("Follow-up in (weeks)").fill("1")
    save(page)

    # Everything the physician entered is still there after a reload of each step.
    page.reload()
    expect(page.get_by_label("Disposition")).to_have_value("emergency_department")
    expect(page.get_by_label("Follow-up in (weeks)")).to_have_value("1")
    page.get_by_role("link", name=re.compile(r"3\. Examination")).click()
    expect(page.get_by_label("Gait", exact=True)).to_have_value("antalgic")
    expect(page.get_by_label("L5 motor (great toe extension), left")).to_have_value("3")
    page.get_by_role("link", name=re.compile(r"5\. Assessment")).click()
    expect(page.get_by_label(re.compile("Cauda equina syndrome \\(emergency\\)"))).to_be_checked()
    # A listed code typed under "other" is kept as that code's ticked box.
    expect(page.get_by_label(re.compile("G83.4"))).to_be_checked()


def test_conditional_questions_follow_their_answer(page):
    sign_in(page, "intake", "backpain-demo")
    page.goto("/")
    page.get_by_role("link", name=re.compile("CAMPBELL, Hamish")).first.click()
    page.get_by_role("link", name=re.compile("1\\. History")).click()
    side = page.get_by_label("Spreads on which side?")
    radiation = page.locator("#div_id_radiation")
    radiation.get_by_label("Shoulder").uncheck()
    expect(side).to_be_hidden()
    radiation.get_by_label(re.compile("below the knee", re.I)).check()
    expect(side).to_be_visible()
    side.select_option("left")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Spreads on which side?")).to_have_value("left")
