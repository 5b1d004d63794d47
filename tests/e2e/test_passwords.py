"""In a real browser: a user who forgot their password sets a new one from the emailed link,
and a signed-in user changes their own; every page passes axe."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from backpain.accounts.models import User
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]
NEW_PASSWORD = "a fresh passphrase for the spine clinic"


def test_a_forgotten_password_is_set_from_the_emailed_link(page):
    User.objects.filter(username="intake").update(email="intake@clinic.example")
    page.goto("/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("intake@clinic.example")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    [email] = mail.outbox
    link = re.search(r"https?://\S+/account/password/reset/\S+/", email.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_new_password1").fill("password1234")
    page.locator("#id_new_password2").fill("password1234")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="Your password is set")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    sign_in(page, "intake", NEW_PASSWORD)
    expect(page.get_by_text("Today's visits")).to_be_visible()
    page.goto(link)  # a link works once
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()


def test_a_signed_in_user_changes_their_own_password(page):
    sign_in(page, "physician", "backpain-demo")
    page.get_by_role("link", name="Change password").click()
    assert_accessible(page)
    page.get_by_label("Old password").fill("not it")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your old password was entered incorrectly")).to_be_visible()
    page.get_by_label("Old password").fill("backpain-demo")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", name="Your password was changed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "physician", NEW_PASSWORD)
    expect(page.get_by_text("Awaiting my review")).to_be_visible()
