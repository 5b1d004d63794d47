"""In a real browser, nothing typed is lost: a step keeps a draft as the user types, which a
reload, a closed tab or another device brings back; leaving with input not yet kept asks
first; "Mark intake complete" saves what was typed, or names what is missing; a signed visit's
steps are read-only with the way to an addendum; and without JavaScript Save still works."""

import re

import pytest
from playwright.sync_api import expect

from backpain.visits.models import History, Visit
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]
PASSWORD = "backpain-demo"


def history_url(mrn):
    """The history step of the demo visit of the patient with this MRN."""
    visit = Visit.objects.get(patient__mrn=mrn)
    return f"/visits/{visit.pk}/steps/history/", visit


def draft_status(page):
    return page.locator("#autosave-status")


def test_typed_history_survives_reload_closed_tab_and_hand_over(page, browser, live_server):
    # Hamish Campbell's intake is not complete: his history lacks how the pain started.
    url, visit = history_url("RSC-100112")
    sign_in(page, "intake", PASSWORD)
    page.goto(url)
    expect(draft_status(page)).to_have_attribute("role", "status")
    page.get_by_label("Worst pain (0-10)").fill("7")
    expect(draft_status(page)).to_have_text(re.compile(r"Draft saved \d\d:\d\d"))

    # A reload brings the typed value back, unsaved, with the offer to discard it.
    page.reload()
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("7")
    expect(page.locator("#restored-draft")).to_contain_text("They are not saved yet")
    expect(page.get_by_role("button", name="Discard them")).to_be_visible()
    assert_accessible(page)

    # Closing the tab and coming back in a new one, and on another computer (a new browser
    # context, signed in afresh), too.
    same_browser = page.context
    page.close()
    page = same_browser.new_page()
    page.goto(url)
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("7")
    page.close()
    elsewhere = browser.new_context(base_url=live_server.url,
                                    viewport={"width": 1400, "height": 1000})
    page = elsewhere.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "intake", PASSWORD)
    page.goto(url)
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("7")

    # Leaving before the draft is kept asks first; staying keeps the input on the page.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_label("Best pain (0-10)").fill("2")
    page.get_by_role("link", name=re.compile(r"2\. Questionnaires")).click()
    expect(page.get_by_label("Best pain (0-10)")).to_have_value("2")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(url)

    # "Mark intake complete" with an unsaved answer: the answers are saved, the hand-over is
    # refused because how the pain started is missing, and that item is named.
    page.get_by_label("Worst pain (0-10)").fill("8")
    page.get_by_role("button", name="Mark intake complete").click()
    expect(page.get_by_text("The intake is not handed over yet")).to_contain_text(
        "How did it start?")
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("8")
    expect(page.get_by_label("Best pain (0-10)")).to_have_value("2")
    history = History.objects.get(visit=visit)
    assert (history.pain_worst, history.pain_best) == (8, 2)
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is None

    page.get_by_label("How did it start?").select_option("gradual")
    page.get_by_role("button", name="Mark intake complete").click()
    expect(page.get_by_text(re.compile("Intake complete: the visit is in"))).to_be_visible()
    assert dialogs == ["beforeunload"]  # submitting the form never asks
    assert History.objects.get(visit=visit).onset == "gradual"
    assert Visit.objects.get(pk=visit.pk).intake_completed_at is not None
    elsewhere.close()


def test_a_signed_visit_cannot_be_edited_only_amended(page):
    sign_in(page, "physician", PASSWORD)
    url, visit = history_url("RSC-100109")
    page.goto(f"/visits/{visit.pk}/note/")
    page.get_by_label("Your username").fill("physician")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign the note").click()
    expect(page.get_by_text("The note is signed.")).to_be_visible()

    page.goto(f"/visits/{visit.pk}/steps/plan/")
    expect(page.get_by_label("Follow-up in (weeks)")).to_be_disabled()
    expect(page.get_by_role("button", name=re.compile("Save"))).to_have_count(0)
    expect(page.locator("#autosave-status")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Add an addendum").click()
    expect(page.get_by_role("heading", name="Add an addendum")).to_be_visible()
    expect(page.get_by_role("textbox", name="Addendum").first).to_be_editable()


def test_without_javascript_save_still_works(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15_000)
    url, visit = history_url("RSC-100112")
    sign_in(page, "intake", PASSWORD)
    page.goto(url)
    page.get_by_label("Worst pain (0-10)").fill("6")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("History saved.")).to_be_visible()
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("6")
    assert History.objects.get(visit=visit).pain_worst == 6
    context.close()
