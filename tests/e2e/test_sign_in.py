"""In a real browser: each demo user signs in from the login page and sees their home page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


@pytest.mark.parametrize(
    "username, sees",
    [
        ("intake", "Today's visits"),
        ("physician", "Awaiting my review"),
        ("admin", "Read the audit log"),
    ],
)
def test_demo_user_signs_in(page, username, sees):
    sign_in(page, username, "backpain-demo")
    expect(page.get_by_text(sees)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_shows_a_message(page):
    sign_in(page, "physician", "wrong password")
    expect(page.get_by_role("alert")).to_contain_text("Your username and password did not match")


def test_intake_registers_a_patient_by_keyboard(page):
    sign_in(page, "intake", "backpain-demo")
    page.get_by_role("link", name="Register a patient").first.click()
    page.get_by_label("Family name").fill("Brennan")
    page.keyboard.press("Tab")
    page.keyboard.type("Aoife")
    page.get_by_label("Date of birth").fill("1990-02-03")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Medical record number (MRN)").fill("RSC-9001")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Registered BRENNAN, Aoife.")).to_be_visible()
    expect(page.get_by_label("Patient")).to_contain_text("RSC-9001")
