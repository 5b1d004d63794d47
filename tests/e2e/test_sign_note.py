"""In a real browser: the physician signs a note, downloads its PDF, adds an addendum."""

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from backpain.notes.pades import check_pdf_signature
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


def download(page, link_name, tmp_path, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


def test_physician_signs_downloads_and_amends_a_note(page, tmp_path):
    sign_in(page, "physician", "backpain-demo")
    page.get_by_role("link", name=re.compile("LINDQVIST, Astrid")).first.click()
    page.get_by_role("link", name="Review and sign").click()
    expect(page.get_by_role("article", name="The note")).to_contain_text("Low back pain after "
                                                                         "gardening")
    assert_accessible(page)
    page.get_by_label("Your username").fill("physician")
    page.get_by_label("Your password").fill("backpain-demo")
    page.get_by_role("button", name="Sign the note").click()
    expect(page.get_by_text("The note is signed.")).to_be_visible()
    expect(page.get_by_text("Verified: the note matches what was signed.")).to_be_visible()

    first = download(page, "Download PDF, version 1", tmp_path, "v1.pdf")
    assert first.read_bytes().startswith(b"%PDF")
    # pyHanko runs its own event loop: validate beside Playwright's, in a thread.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(check_pdf_signature, first.read_bytes()).result().intact
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(first),
                    str(tmp_path / "page")], check=True)
    assert any(tmp_path.glob("page*.png"))
    text = subprocess.run(["pdftotext", str(first), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "LINDQVIST" in text.upper() and "Authored and signed" in text

    # The signed steps are read-only and point to the addendum (tests/e2e/test_nothing_lost.py).
    page.get_by_role("link", name=re.compile(r"6\. Plan")).click()
    expect(page.get_by_label("Follow-up in (weeks)")).to_be_disabled()
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Add an addendum")).to_be_visible()

    page.get_by_role("link", name="Signed note").click()
    page.get_by_role("textbox", name="Addendum").first.fill(
        "Called the patient: improving with exercises.")
    page.get_by_label("Reason for the addendum").fill("Telephone follow-up")
    page.get_by_label("Your password").fill("backpain-demo")
    page.get_by_role("button", name="Sign the addendum").click()
    expect(page.get_by_text("The addendum is signed")).to_be_visible()
    second = download(page, "Download PDF, version 2", tmp_path, "v2.pdf")
    text = subprocess.run(["pdftotext", str(second), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Called the patient: improving with exercises." in text
    assert text.count("Authored and signed") == 1
    assert "Addendum authored and signed" in text
