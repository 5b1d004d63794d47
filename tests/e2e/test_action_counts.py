"""In a real browser: the demo's typical visits documented as a user would, counting the
user's actions, with the counts written to bench/visit-actions.md.

An action is a click, or a key that changes a value: a checkbox, radio or button clicked is
one; a choice typed on a focused select is one per key; a value typed into a field is one
entry, however many characters; a select chosen with the mouse is two (open, choose). Moving
the focus with Tab changes no value and is counted apart. Signing in is not counted.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]
REPORT = Path(__file__).resolve().parents[2] / "bench" / "visit-actions.md"
INTAKE_LIMIT, PHYSICIAN_LIMIT = 35, 30
COUNTS: dict[str, dict[str, "Actions"]] = {}


class Actions:
    """The user's hands: every action goes through here and is counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.tabs = 0

    def click(self, locator):
        locator.click()
        self.count += 1

    def choose(self, locator, value):
        """A select chosen with the mouse: open the list, pick the answer."""
        locator.select_option(value)
        self.count += 2

    def tab_to(self, locator):
        for _ in range(120):
            if locator.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
            self.tabs += 1
        raise AssertionError(f"Tab never reached {locator}")

    def keys(self, locator, keys, value=None):
        """Tab to a select or radio group and type on it (each key one action)."""
        self.tab_to(locator)
        self.page.keyboard.type(keys)
        self.count += len(keys)
        if value is not None:
            expect(locator).to_have_value(value)

    def type(self, locator, text, *, by_tab=False):
        """Click into a field (or Tab to it) and type its value: one entry."""
        if by_tab:
            self.tab_to(locator)
        else:
            self.click(locator)
        self.page.keyboard.type(text)
        self.count += 1

    def fill_date(self, locator, date, *, by_tab=False):
        if by_tab:
            self.tab_to(locator)
        else:
            self.click(locator)
        locator.fill(date.isoformat())  # the picker's segments typed as one entry
        self.count += 1


def saved(page, heading):
    expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()


def open_visit(hands, patient, complaint, visit_type="n"):
    page = hands.page
    page.goto("/patients/")
    page.get_by_role("link", name=re.compile(patient)).first.click()  # found from the list
    hands.click(page.get_by_role("link", name="Open a visit"))
    hands.keys(page.get_by_label("Type of visit"), visit_type)
    hands.keys(page.get_by_label("Assigned physician"), "j")
    expect(page.get_by_label("Assigned physician")).not_to_have_value("")
    hands.type(page.get_by_label("Chief complaint (in the patient's words)"), complaint,
               by_tab=True)
    hands.click(page.get_by_role("button", name="Open visit"))
    hands.click(page.get_by_role("link", name=re.compile("Start with history")))
    saved(page, "History")


def all_negative(hands, block):
    page = hands.page
    hands.click(page.locator("fieldset", has=page.get_by_text(block, exact=True))
                .get_by_role("button", name="All negative"))


def hand_over(hands):
    page = hands.page
    hands.click(page.get_by_role("button", name=re.compile("Save and continue")))
    saved(page, "Questionnaires")


def intake_gardening(page):
    """RSC-100109, low back pain after gardening: a negative screen."""
    hands = Actions(page)
    open_visit(hands, "LINDQVIST, Astrid", "Low back pain after gardening")
    assert_accessible(page)
    hands.click(page.get_by_label("Lumbar (low back)"))
    hands.keys(page.get_by_label("Which side?", exact=True), "r", "right")
    hands.click(page.locator("#div_id_radiation").get_by_label("None"))
    hands.keys(page.get_by_label("How did it start?"), "s", "sudden")
    hands.fill_date(page.get_by_label("When did this episode start?"),
                    timezone.localdate() - datetime.timedelta(days=10), by_tab=True)
    hands.keys(page.get_by_label("What set it off?"), "t", "twisting")
    hands.keys(page.get_by_label("Injury", exact=True), "n", "none")
    hands.type(page.get_by_label("Pain now (0-10)"), "5", by_tab=True)
    hands.type(page.get_by_label("Worst pain (0-10)"), "7", by_tab=True)
    hands.type(page.get_by_label("Best pain (0-10)"), "2", by_tab=True)
    hands.keys(page.get_by_label("Is the pain constant?"), "cc", "intermittent")
    for answer in ("Bending forward", "Sitting", "Lifting"):
        hands.click(page.locator("#div_id_aggravating").get_by_label(answer, exact=True))
    for answer in ("Movement", "Medication"):
        hands.click(page.locator("#div_id_relieving").get_by_label(answer, exact=True))
    hands.keys(page.get_by_label("Pain at night"), "n", "none")
    for block in ("Neurological symptoms",
                  "Bladder, bowel and sexual function (cauda equina screen)",
                  "Systemic context"):
        all_negative(hands, block)
    expect(page.locator("#id_fever_1")).to_be_checked()  # "No", shown and changeable
    hand_over(hands)
    hands.click(page.get_by_role("button", name="Mark intake complete"))
    return hands


def test_negative_screen_and_normal_exam(page):
    sign_in(page, "intake", "backpain-demo")
    intake = intake_gardening(page)
    print("intake", intake.count, intake.tabs)
    assert intake.count <= INTAKE_LIMIT
