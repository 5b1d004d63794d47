"""In a real browser: the demo's typical visits documented as a user would, counting the
user's actions. `UPDATE_BENCH=1 pytest tests/e2e/test_action_counts.py` writes the counts to
bench/visit-actions.md (committed); an ordinary run asserts the limits and leaves the file alone.

An action is a click, or a key that changes a value: a checkbox, radio or button clicked is
one; a choice typed on a focused select is one per key; a value typed into a field is one
entry, however many characters; a select chosen with the mouse is two (open, choose). Moving
the focus with Tab changes no value and is counted apart. Signing in is not counted. Intake
runs from "Open a visit" on the patient's page to "Mark intake complete"; the physician's part
from the visit's link in the work list to the plan saved with "Save and review the note", and
the signature from the review page that opens to the signed note.
"""

import datetime
import os
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


@pytest.fixture(scope="module", autouse=True)
def report():
    """After the module's visits: their counts, written to bench/visit-actions.md on demand."""
    yield
    if COUNTS and os.environ.get("UPDATE_BENCH") == "1":
        REPORT.write_text(report_text(COUNTS), encoding="utf-8")


def report_text(counts) -> str:
    def cell(hands):
        return f"{hands.count} ({hands.tabs} Tab)" if hands is not None else "not replayed"

    lines = [
        "# User actions per visit",
        "",
        "Written by `tests/e2e/test_action_counts.py` (Chromium driving the live app). "
        + __doc__.split("\n\n", 1)[1].replace("\n", " ").strip(),
        "",
        f"Targets: at most {INTAKE_LIMIT} intake actions and {PHYSICIAN_LIMIT} physician actions "
        "(documentation and signature) for a visit with a negative screen and a normal exam.",
        "The Tab presses in brackets move the focus between fields; a user who clicks into a "
        "field instead spends one more action on it.",
        "",
        "| visit | intake | physician (steps) | physician (signature) |",
        "|---|---|---|---|",
    ]
    for case in sorted(counts):
        parts = counts[case]
        lines.append(f"| {case} | {cell(parts.get('intake'))} | "
                     f"{cell(parts.get('physician'))} | {cell(parts.get('signing'))} |")
    return "\n".join(lines) + "\n"


class Actions:
    """The user's hands: every action goes through here and is counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.tabs = 0
        self.visit_url = ""

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
    hands.click(page.get_by_role("group", name=block, exact=True)
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
    hands.visit_url = re.search(r"/visits/\d+/", page.url).group(0)
    hands.click(page.get_by_role("button", name="Mark intake complete"))
    return hands



def continue_to(hands, heading):
    hands.click(hands.page.get_by_role("button", name=re.compile("Save and continue")))
    saved(hands.page, heading)


def physician_gardening(page, visit_url):
    """The physician's part of the same visit: a normal neurological examination, the
    suggested pattern and diagnosis confirmed, a routine plan."""
    hands = Actions(page)
    queue = page.locator("section", has=page.get_by_role("heading", name="Awaiting my review"))
    hands.click(queue.locator(f'a[href="{visit_url}"]'))
    hands.click(page.get_by_role("link", name=re.compile(r"3\. Examination")))
    saved(page, "Examination")
    # Only the roots of the lumbar complaint are shown; the others are one click away.
    expect(page.get_by_label("L5 motor (great toe extension), left")).to_be_visible()
    expect(page.get_by_label("C5 motor (shoulder abduction), left")).to_be_hidden()
    assert_accessible(page)
    hands.choose(page.get_by_label("Gait", exact=True), "antalgic")
    hands.choose(page.get_by_label("Deformity"), "none")
    hands.click(page.locator("#div_id_midline_tenderness").get_by_label("No", exact=True))
    hands.click(page.locator("#div_id_paraspinal_tenderness").get_by_label("Yes", exact=True))
    hands.click(page.locator("#div_id_rom_restricted").get_by_label("Yes", exact=True))
    hands.click(page.locator("#div_id_rom_painful").get_by_label("Flexion"))
    hands.click(page.get_by_role("button", name="Normal neurological examination"))
    expect(page.get_by_label("S1 motor (ankle plantarflexion), right")).to_have_value("5")
    expect(page.get_by_label("Achilles reflex, left")).to_have_value("2")
    continue_to(hands, "Diagnostics")
    assert_accessible(page)
    continue_to(hands, "Assessment")
    hands.click(page.locator('input[name="diagnoses"][value="M54.59"]'))
    continue_to(hands, "Plan")
    hands.choose(page.get_by_label("Disposition"), "routine")
    for group, answer in (("education", "Reassurance"), ("education", "stay active"),
                          ("medications", "^NSAID"), ("rehabilitation", "Home exercise"),
                          ("imaging_ordered", "None")):
        hands.click(page.locator(f"#div_id_{group}").get_by_label(re.compile(answer)).first)
    hands.keys(page.get_by_label("Work advice"), "m", "modified_duty")
    hands.type(page.get_by_label("Follow-up in (weeks)"), "4", by_tab=True)
    hands.click(page.get_by_role("button", name="Save and review the note"))
    expect(page.get_by_role("button", name="Sign the note")).to_be_visible()
    return hands


def sign(page):
    """On the review page the plan's last button opened."""
    hands = Actions(page)
    hands.type(page.get_by_label("Your username"), "physician")
    hands.type(page.get_by_label("Your password"), "backpain-demo", by_tab=True)
    hands.click(page.get_by_role("button", name="Sign the note"))
    expect(page.get_by_text("The note is signed.")).to_be_visible()
    return hands



def digits(hands, prefix, answers):
    """Items typed from the paper form: Tab to each item's radio group, type its number."""
    page = hands.page
    for n, answer in enumerate(answers, start=1):
        hands.keys(page.locator(f'input[name="{prefix}_{n}"]:checked'), str(answer))
        expect(page.locator(f'input[name="{prefix}_{n}"][value="{answer}"]')).to_be_checked()


def intake_leg_pain(page):
    """RSC-100101's visit, left leg pain for 8 weeks, with the ODI and STarT Back typed from
    the paper forms (for RSC-100108, who has no visit today)."""
    hands = Actions(page)
    open_visit(hands, "ADEYEMI, Tunde", "Left leg pain and low back pain for 8 weeks")
    hands.click(page.get_by_label("Lumbar (low back)"))
    hands.keys(page.get_by_label("Which side?", exact=True), "l", "left")
    for answer in ("Buttock", "Thigh", "Below the knee", "Foot"):
        hands.click(page.locator("#div_id_radiation").get_by_label(re.compile(answer)).first)
    hands.keys(page.get_by_label(re.compile("Spreads on which side")), "l", "left")
    hands.keys(page.get_by_label("How did it start?"), "s", "sudden")
    hands.fill_date(page.get_by_label("When did this episode start?"),
                    timezone.localdate() - datetime.timedelta(days=56), by_tab=True)
    hands.keys(page.get_by_label("What set it off?"), "l", "lifting")
    hands.keys(page.get_by_label("Injury", exact=True), "n", "none")
    for label, value in (("Pain now (0-10)", "6"), ("Worst pain (0-10)", "9"),
                         ("Best pain (0-10)", "3")):
        hands.type(page.get_by_label(label), value, by_tab=True)
    hands.keys(page.get_by_label("Is the pain constant?"), "c", "constant")
    for group, answer in (("pain_qualities", "Shooting"), ("pain_qualities", "Burning"),
                          ("aggravating", "Sitting"), ("aggravating", "Coughing"),
                          ("aggravating", "Bending forward"), ("relieving", "Lying down")):
        hands.click(page.locator(f"#div_id_{group}").get_by_label(re.compile(answer)).first)
    hands.keys(page.get_by_label("Pain at night"), "n", "none")
    hands.click(page.locator("#div_id_numbness").get_by_label("Yes", exact=True))
    hands.click(page.locator("#div_id_numbness_areas").get_by_label(re.compile("Foot")).first)
    for block in ("Neurological symptoms",
                  "Bladder, bowel and sexual function (cauda equina screen)",
                  "Systemic context"):
        all_negative(hands, block)
    # The "Yes" given before stays: a quick answer fills only what is unanswered.
    expect(page.locator("#div_id_numbness").get_by_label("Yes", exact=True)).to_be_checked()
    hand_over(hands)
    expect(page.get_by_text("The Neck Disability Index is not offered")).to_be_visible()
    assert_accessible(page)
    digits(hands, "odi", [3, 1, 3, 2, 3, 2, 2, 1, 2, 2])
    digits(hands, "startback", [1, 0, 1, 1, 0, 1, 0, 0, 2])
    hands.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator('input[name="startback_2"][value="0"]')).to_be_checked()
    expect(page.locator("#startback-unanswered")).to_have_count(0)
    hands.click(page.get_by_role("button", name="Mark intake complete"))
    return hands



def intake_weak_legs(page):
    """RSC-100106's visit, both legs weak since last week (for RSC-100111, who has no visit
    today): the screen negative but for the weakness it reports."""
    hands = Actions(page)
    open_visit(hands, "IVANOVA, Daria", "Both legs weak and painful since last week")
    hands.click(page.get_by_label("Lumbar (low back)"))
    hands.keys(page.get_by_label("Which side?", exact=True), "b", "bilateral")
    for answer in ("Thigh", "Below the knee", "Foot"):
        hands.click(page.locator("#div_id_radiation").get_by_label(re.compile(answer)).first)
    hands.keys(page.get_by_label(re.compile("Spreads on which side")), "b", "bilateral")
    hands.keys(page.get_by_label("When did the pain in both legs begin?"), "n",
               "new_within_14_days")
    hands.keys(page.get_by_label("How did it start?"), "s", "sudden")
    hands.fill_date(page.get_by_label("When did this episode start?"),
                    timezone.localdate() - datetime.timedelta(days=6), by_tab=True)
    hands.keys(page.get_by_label("What set it off?"), "l", "lifting")
    hands.keys(page.get_by_label("Injury", exact=True), "n", "none")
    for label, value in (("Pain now (0-10)", "7"), ("Worst pain (0-10)", "9"),
                         ("Best pain (0-10)", "4")):
        hands.type(page.get_by_label(label), value, by_tab=True)
    hands.click(page.locator("#div_id_weakness").get_by_label("Yes", exact=True))
    hands.click(page.locator("#div_id_weakness_progressive").get_by_label("No", exact=True))
    for block in ("Neurological symptoms",
                  "Bladder, bowel and sexual function (cauda equina screen)",
                  "Systemic context"):
        all_negative(hands, block)
    expect(page.locator("#div_id_weakness").get_by_label("Yes", exact=True)).to_be_checked()
    hand_over(hands)
    hands.visit_url = re.search(r"/visits/\d+/", page.url).group(0)
    hands.click(page.get_by_role("button", name="Mark intake complete"))
    return hands


def physician_weak_legs(page, visit_url):
    """A normal neurological examination, then its exceptions: L5 3/5 and S1 4/5 on both
    sides, Achilles reflexes 1, straight-leg raise positive on both sides."""
    hands = Actions(page)
    page.goto("/")
    hands.click(page.locator(f'a[href="{visit_url}"]').first)
    hands.click(page.get_by_role("link", name=re.compile(r"3\. Examination")))
    hands.choose(page.get_by_label("Gait", exact=True), "antalgic")
    hands.click(page.get_by_role("button", name="Normal neurological examination"))
    for side in ("left", "right"):
        hands.keys(page.locator(f"#id_motor_l5_{side}"), "3", "3")
        hands.keys(page.locator(f"#id_motor_s1_{side}"), "4", "4")
    for side in ("left", "right"):
        hands.keys(page.locator(f"#id_reflex_achilles_{side}"), "1", "1")
    for side in ("left", "right"):
        hands.keys(page.locator(f"#id_slr_{side}"), "y", "true")
    continue_to(hands, "Diagnostics")
    continue_to(hands, "Assessment")
    flags = page.locator("#div_id_acknowledged_red_flags input[type=checkbox]")
    for index in range(flags.count()):
        hands.click(flags.nth(index))
    hands.click(page.locator('input[name="diagnoses"]').first)
    continue_to(hands, "Plan")
    hands.choose(page.get_by_label("Disposition"), "urgent_same_day")
    hands.type(page.get_by_label("Follow-up in (weeks)"), "1")
    hands.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#id_motor_l5_left")).to_have_count(0)  # on the plan page now
    return hands


def test_weak_legs_with_exceptions(page):
    sign_in(page, "intake", "backpain-demo")
    intake = intake_weak_legs(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "physician", "backpain-demo")
    physician = physician_weak_legs(page, intake.visit_url)
    page.get_by_role("link", name=re.compile(r"3\. Examination")).click()
    expect(page.locator("#id_motor_l5_left")).to_have_value("3")
    expect(page.locator("#id_motor_l4_left")).to_have_value("5")
    expect(page.locator("#id_slr_right")).to_have_value("true")
    COUNTS["Both legs weak since last week (as RSC-100106): normal exam with exceptions"] = {
        "intake": intake, "physician": physician}


def intake_neck(page):
    """RSC-100112's follow-up for neck pain (for RSC-100107, who has no visit today): the NDI
    is offered, STarT Back is not."""
    hands = Actions(page)
    open_visit(hands, "MOREAU, Claire", "Neck pain, review of hand numbness", visit_type="f")
    hands.click(page.get_by_label("Cervical (neck)"))
    hands.click(page.locator("#div_id_radiation").get_by_label("Shoulder"))
    hands.type(page.get_by_label("Pain now (0-10)"), "4")
    hand_over(hands)
    expect(page.get_by_text("The STarT Back Tool is not offered")).to_be_visible()
    expect(page.locator('input[name="ndi_1"]').first).to_be_visible()
    hands.click(page.get_by_role("button", name="Mark intake complete"))
    return hands


def test_neck_pain_follow_up(page):
    sign_in(page, "intake", "backpain-demo")
    COUNTS["Neck pain follow-up (as RSC-100112): history only"] = {"intake": intake_neck(page)}


def test_typed_questionnaires(page):
    sign_in(page, "intake", "backpain-demo")
    intake = intake_leg_pain(page)
    COUNTS["Left leg pain for 8 weeks (as RSC-100101): ODI and STarT Back typed"] = {
        "intake": intake}
    print("counts", intake.count, intake.tabs)


def test_negative_screen_and_normal_exam(page):
    sign_in(page, "intake", "backpain-demo")
    intake = intake_gardening(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "physician", "backpain-demo")
    physician = physician_gardening(page, intake.visit_url)
    signing = sign(page)
    COUNTS["Low back pain after gardening (RSC-100109): negative screen, normal exam"] = {
        "intake": intake, "physician": physician, "signing": signing}
    assert intake.count <= INTAKE_LIMIT
    # Documenting the physician's steps and signing the note, together.
    assert physician.count + signing.count <= PHYSICIAN_LIMIT


def test_several_studies_in_one_save(page):
    sign_in(page, "physician", "backpain-demo")
    page.goto("/")
    page.get_by_role("link", name=re.compile("LINDQVIST, Astrid")).first.click()
    page.get_by_role("link", name=re.compile(r"4\. Diagnostics")).click()
    page.get_by_role("button", name="Add another study").click()
    studies = page.locator(".study-form")
    expect(studies).to_have_count(2)
    for index, modality in enumerate(("xray", "mri")):
        studies.nth(index).locator('select[name$="-modality"]').select_option(modality)
        studies.nth(index).locator('select[name$="-region"]').select_option("lumbar")
        studies.nth(index).locator('select[name$="-status"]').select_option("resulted")
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Study 2$"))).to_be_visible()


def test_enter_in_a_field_saves_and_sets_no_block(page):
    sign_in(page, "intake", "backpain-demo")
    page.goto("/")
    page.get_by_role("link", name=re.compile("CAMPBELL, Hamish")).first.click()
    page.get_by_role("link", name=re.compile(r"1\. History")).click()
    page.get_by_label("Worst pain (0-10)").fill("6")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("History saved.")
    expect(page.get_by_label("Worst pain (0-10)")).to_have_value("6")
    expect(page.locator("#div_id_fever").get_by_label("Not asked")).to_be_checked()
