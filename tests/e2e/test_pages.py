"""In Chromium: pages that respect people. The idle warning shows only in the session's last
minutes; on a phone (390 px) the menu collapses and no page scrolls sideways; the audit page
reads as words; a second visit the same day is asked about first."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from backpain.visits.models import Visit
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]
PHONE = {"width": 390, "height": 844}
STEPS = ("history", "questionnaires", "examination", "diagnostics", "assessment", "plan")
# Elements wider than the viewport outside a box that scrolls on its own (a wide table).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrollsItself = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX; if (x === "auto" || x === "scroll") return true; }
    return false; };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrollsItself(el)
                    && getComputedStyle(el).visibility !== "hidden")
    .slice(0, 5).map((el) => el.tagName + "#" + el.id + "." + el.className + " "
                     + Math.round(el.getBoundingClientRect().right));
}"""


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    yield page
    context.close()


def assert_no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        page.url, page.evaluate(OVERFLOW))


def assert_lists_fit(page):
    """The work lists show what fits a phone (the rest on wider screens): no sideways scroll
    inside them either. Only a log as wide as the audit trail's scrolls, in its own box."""
    widths = page.evaluate("[...document.querySelectorAll('.table-responsive')]"
                           ".map((box) => [box.scrollWidth, box.clientWidth])")
    assert widths and all(scroll <= client for scroll, client in widths), (page.url, widths)


def pages_of(role):
    patient_visit = Visit.objects.get(patient__mrn="RSC-100101")
    signed = Visit.objects.get(patient__mrn="RSC-100103")
    patient = patient_visit.patient_id
    clinical = [reverse("home"), reverse("patients:list"), reverse("patients:register"),
                reverse("patients:detail", kwargs={"pk": patient}),
                reverse("patients:edit", kwargs={"pk": patient}),
                reverse("visits:open", kwargs={"patient_pk": patient}),
                reverse("visits:detail", kwargs={"pk": patient_visit.pk}),
                reverse("password_change")]
    steps = [reverse("visits:step", kwargs={"pk": patient_visit.pk, "slug": slug})
             for slug in STEPS]
    return {
        "intake": clinical + steps[:2],
        "physician": clinical + steps + [reverse("notes:review", kwargs={"pk": signed.pk}),
                                         reverse("notes:review",
                                                 kwargs={"pk": patient_visit.pk})],
        "admin": [reverse("home"), reverse("audit:events"), reverse("exports:page"),
                  reverse("password_change")],
    }[role]


def work_lists(role):
    """The pages whose lists fit a phone: home, the patient list, a patient's page."""
    if role == "admin":
        return []
    patient = Visit.objects.get(patient__mrn="RSC-100101").patient_id
    return [reverse("home"), reverse("patients:list"),
            reverse("patients:detail", kwargs={"pk": patient})]


@pytest.mark.parametrize("role", ["intake", "physician", "admin"])
def test_every_main_page_fits_a_phone(phone, role):
    sign_in(phone, role, "backpain-demo")
    for url in pages_of(role):
        phone.goto(url)
        assert_no_sideways_scroll(phone)
        if url in work_lists(role):
            assert_lists_fit(phone)
    # The menu is behind its toggler, and opens with one tap.
    phone.goto(reverse("home"))
    menu = phone.locator("#main-navigation")
    expect(menu.get_by_role("button", name="Sign out")).to_be_hidden()
    phone.get_by_role("button", name="Show or hide the menu").click()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    expect(phone.get_by_role("button", name="Show or hide the menu")).to_have_attribute(
        "aria-expanded", "true")
    assert_no_sideways_scroll(phone)
    assert_accessible(phone)


def test_the_login_page_fits_a_phone(phone):
    phone.goto(reverse("login"))
    assert_no_sideways_scroll(phone)


def test_the_idle_warning_shows_only_in_the_last_two_minutes(page, settings):
    # 2 minutes 30 seconds of idle time: the warning is due 30 seconds after signing in.
    settings.SESSION_IDLE_TIMEOUT = 150
    settings.SESSION_WARNING_BEFORE = 120
    with page.expect_response(re.compile(r"/session/status/")):
        sign_in(page, "physician", "backpain-demo")
    warning = page.locator("#session-warning")
    expect(warning).to_be_hidden()  # the page's own status check has answered: not yet
    page.get_by_role("link", name="Patients").click()
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=60_000)
    expect(warning).to_contain_text("You will be signed out in 2 minutes without activity")
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()


def test_the_audit_page_reads_as_words_after_a_refused_signature(page):
    visit = Visit.objects.get(patient__mrn="RSC-100109")  # ready to sign
    sign_in(page, "physician", "backpain-demo")
    page.goto(reverse("notes:review", kwargs={"pk": visit.pk}))
    page.get_by_label("Your username").fill("physician")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Sign the note").click()
    expect(page.get_by_text("The password is not correct.").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "admin", "backpain-demo")
    page.goto(reverse("audit:events"))
    page.get_by_label("Action").select_option(label="Signing refused")
    page.get_by_role("button", name="Show events").click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Signing refused")
    expect(row).to_contain_text("LINDQVIST, Astrid")
    expect(row).to_contain_text("RSC-100109")
    expect(row).to_contain_text(re.compile(r"Visit of \d{1,2} \w{3} \d{4}"))
    expect(row).to_contain_text("Reason: The password is not correct.")
    assert_accessible(page)
    # The patient's name leads to every event about them.
    row.get_by_role("button", name="their events").click()
    expect(page.get_by_label("Patient (id or MRN)")).to_have_value("RSC-100109")
    expect(page.locator("tbody")).to_contain_text("Note reviewed")  # not only the refusal


def test_a_second_visit_the_same_day_is_asked_about_first(page):
    sign_in(page, "intake", "backpain-demo")
    patient = Visit.objects.get(patient__mrn="RSC-100101").patient_id
    page.goto(reverse("patients:detail", kwargs={"pk": patient}))
    page.get_by_role("link", name="Open a visit").click()
    page.get_by_label("Type of visit").select_option("follow_up")
    page.get_by_label("Chief complaint (in the patient's words)").fill("Second opinion today")
    page.get_by_role("button", name="Open visit").click()
    expect(page.get_by_role("alert")).to_contain_text("OKAFOR, Chinedu already has a visit")
    expect(page.get_by_label("Chief complaint (in the patient's words)")).to_have_value(
        "Second opinion today")
    assert_accessible(page)
    page.get_by_role("button", name="Open another visit anyway").click()
    expect(page.get_by_text("Opened a visit for OKAFOR, Chinedu.")).to_be_visible()
    assert Visit.objects.filter(patient__mrn="RSC-100101").count() == 2
