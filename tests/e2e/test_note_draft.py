"""In a real browser: the review page reads like the PDF (a summary first, negatives grouped)
and prints a draft PDF marked "DRAFT - not signed" on every page before signing."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_clinic")]


def test_the_physician_reviews_the_summary_and_prints_a_draft(page, tmp_path):
    sign_in(page, "physician", "backpain-demo")
    page.get_by_role("link", name=re.compile("LINDQVIST, Astrid")).first.click()
    page.get_by_role("link", name="Review and sign").click()
    note = page.get_by_role("article", name="The note")
    expect(note.get_by_role("heading", name="Summary")).to_be_visible()
    expect(note).to_contain_text("Pertinent positives: gait: antalgic")
    expect(note).to_contain_text("Red-flag screen negative: injury; weakness")
    expect(note).to_contain_text("M54.59 Other low back pain")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    link = page.get_by_role("link", name="Print a draft PDF (marked DRAFT - not signed)")
    response = page.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.body(),
                           capture_output=True, check=True).stdout.decode().rstrip("\f")
    pages = pages.split("\f")
    assert pages and all("DRAFT - not signed" in text for text in pages)
    # Printing a draft signs nothing.
    page.reload()
    expect(page.get_by_role("button", name="Sign the note")).to_be_visible()
